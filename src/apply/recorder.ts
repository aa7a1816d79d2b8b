/** Where apply records each finished step before it moves on (the state journal, or a fake in tests). */
import type { Values } from '../values.js';

export interface StepRecorder {
  /**
   * A create is about to be sent: recorded first, so a crash leaves a trace the next run resolves. `sensitive`: the
   * top-level attributes the configuration makes sensitive (beyond the schema's), recorded with the instance.
   */
  pending(address: string, type: string, values: Values, dependencies: string[], sensitive: readonly string[]): Promise<void>;
  /** The instance now has these values; `sensitive` as for `pending`. */
  set(address: string, type: string, values: Values, dependencies: string[], sensitive: readonly string[]): Promise<void>;
  /** The instance's current object is gone — or, with `deposed`, that deposed object is. */
  remove(address: string, deposed?: string): Promise<void>;
  /**
   * A create_before_destroy replacement is about to create the new object: the current one is set aside as a
   * deposed object under a new key, so that a crash before it is deleted leaves it in the state (and the next plan
   * deletes it) instead of orphaning it.
   */
  depose(address: string): { deposed: string; recorded: Promise<void> };
  /** The deposed object is the current one again: its replacement was not created. */
  restore(address: string, deposed: string): Promise<void>;
}
