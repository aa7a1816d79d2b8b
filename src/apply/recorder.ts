/** Where apply records each finished step before it moves on (the state journal, or a fake in tests). */
import type { Values } from '../values.js';

export interface StepRecorder {
  /** A create is about to be sent: recorded first, so a crash leaves a trace the next run resolves. */
  pending(address: string, type: string, values: Values, dependencies: string[]): Promise<void>;
  /** The instance now has these values. */
  set(address: string, type: string, values: Values, dependencies: string[]): Promise<void>;
  /** The instance is gone. */
  remove(address: string): Promise<void>;
}
