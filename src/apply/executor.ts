/**
 * The apply executor: walks the plan's changes as a dependency graph with bounded parallelism. Each step is
 * recorded (StepRecorder) before it is reported done and before anything that depends on it starts; a failed step
 * skips what depends on it and leaves the rest applied; an abort signal (Ctrl-C) stops new steps while calls in
 * flight finish and are recorded.
 *
 * `parallelism` bounds the API calls in flight. A step gives its slot back as soon as its calls are answered (its
 * outcome is then recorded while the next call goes out), and the pending records of the next creates in line are
 * written ahead (LOOK_AHEAD_FACTOR), so a free slot does not wait for a journal fsync: with group commit, a few
 * fsyncs carry the records of many steps. A create is still never sent before its pending record is durable.
 */
import type { DesiredResource } from '../plan/inputs.js';
import type { Plan, ResourceChange } from '../plan/types.js';
import type { ProviderSettings, ResourceClient, ResourceType } from '../provider/resource.js';
import type { Values } from '../values.js';
import type { StepRecorder } from './recorder.js';
import { prepareCreate, runStep, type PreparedCreate, type StepContext } from './run-step.js';
import { buildSteps, changeLabel, type Phase, type Step } from './step-graph.js';

export { changeLabel, type Phase } from './step-graph.js';

export interface ApplyHooks {
  start?(change: ResourceChange, phase: Phase): void;
  complete?(change: ResourceChange, phase: Phase, values: Values | undefined, elapsedMs: number): void;
  errored?(change: ResourceChange, phase: Phase, error: Error): void;
}

export interface ApplyOptions {
  plan: Plan;
  desired: ReadonlyMap<string, DesiredResource>;
  /** Values of instances the plan does not change, for references (the refreshed or prior state). */
  unchanged: ReadonlyMap<string, Values>;
  resourceTypes: ReadonlyMap<string, ResourceType>;
  clients: ReadonlyMap<string, ResourceClient>;
  provider: ProviderSettings;
  parallelism: number;
  recorder: StepRecorder;
  hooks?: ApplyHooks;
  signal?: AbortSignal;
}

export interface ApplyFailure {
  address: string;
  /** Set when the failed step was the delete of a deposed object. */
  deposed?: string;
  phase: Phase;
  error: Error;
}

export interface ApplyResult {
  /** Final values of every instance the apply touched (undefined: deleted). */
  applied: Map<string, Values | undefined>;
  failures: ApplyFailure[];
  /** Steps not run because something they depend on failed, or because of an interrupt (`stepText`). */
  skipped: string[];
  interrupted: boolean;
}

export async function applyPlan(opts: ApplyOptions): Promise<ApplyResult> {
  const steps = buildSteps(opts.plan.changes);
  const applied = new Map<string, Values | undefined>();
  const failures: ApplyFailure[] = [];
  const skipped: string[] = [];
  const ctx: StepContext = {
    desired: opts.desired,
    resourceTypes: opts.resourceTypes,
    clients: opts.clients,
    provider: opts.provider,
    recorder: opts.recorder,
    resolve: (address) => (applied.has(address) ? applied.get(address) : opts.unchanged.get(address)),
    applied,
    deposedKeys: new Map(),
  };
  const ready = new ReadyQueue(steps.filter((s) => s.waiting === 0));
  const prepared = new Map<Step, Promise<PreparedCreate>>();
  const lookAhead = LOOK_AHEAD_FACTOR * opts.parallelism;
  /** Steps whose API calls are in flight (at most `parallelism`). */
  let calling = 0;
  /** Steps started and not finished: calling, or recording their outcome. */
  let unfinished = 0;
  let interrupted = false;

  await new Promise<void>((resolveAll) => {
    const maybeDone = () => {
      if (unfinished === 0 && (ready.size === 0 || interrupted)) resolveAll();
    };
    const skip = (step: Step) => {
      if (step.state !== 'waiting') return;
      step.state = 'skipped';
      skipped.push(stepText(step));
      step.dependents.forEach(skip);
    };
    const prepare = (step: Step): Promise<PreparedCreate> => {
      let p = prepared.get(step);
      if (!p) {
        p = prepareCreate(step, ctx);
        p.catch(() => undefined); // reported when the step runs
        prepared.set(step, p);
      }
      return p;
    };
    const pump = () => {
      if (opts.signal?.aborted) interrupted = true;
      while (!interrupted && calling < opts.parallelism && ready.size > 0) {
        const step = ready.shift()!;
        if (step.state !== 'waiting') continue;
        step.state = 'running';
        calling++;
        unfinished++;
        let released = false;
        const release = () => {
          if (released) return;
          released = true;
          calling--;
          pump();
        };
        const started = performance.now();
        opts.hooks?.start?.(step.change, step.phase);
        runStep(step, ctx, step.phase === 'create' ? prepare(step) : undefined, release).then(
          (values) => {
            step.state = 'done';
            opts.hooks?.complete?.(step.change, step.phase, values, performance.now() - started);
            for (const d of step.dependents) if (--d.waiting === 0 && d.state === 'waiting') ready.push(d);
          },
          (err: Error) => {
            step.state = 'failed';
            failures.push({ address: step.change.address, ...(step.change.deposed !== undefined ? { deposed: step.change.deposed } : {}), phase: step.phase, error: err });
            opts.hooks?.errored?.(step.change, step.phase, err);
            step.dependents.forEach(skip);
          },
        ).finally(() => {
          unfinished--;
          if (released) pump();
          else release();
          maybeDone();
        });
      }
      // The next creates' pending records are written ahead, so that a free slot never waits for a journal write.
      if (!interrupted) for (const step of ready.unseen(lookAhead)) if (step.phase === 'create' && step.state === 'waiting') prepare(step);
      maybeDone();
    };
    opts.signal?.addEventListener('abort', () => {
      interrupted = true;
      maybeDone();
    }, { once: true });
    pump();
  });
  if (interrupted) for (const s of steps) if (s.state === 'waiting') skipped.push(stepText(s));
  // Creates prepared but never sent: their pending records are taken back.
  for (const [step, p] of prepared) {
    if (step.state !== 'waiting') continue;
    const ready = await p.then(() => true, () => false);
    if (ready) await (await p).withdraw();
  }
  return { applied, failures, skipped, interrupted };
}

/** A step as the list of skipped steps names it: `type.name (create)`, `type.name (deposed object 1a2b3c4d) (delete)`. */
export const stepText = (step: { change: ResourceChange; phase: Phase }): string => `${changeLabel(step.change)} (${step.phase})`;

/**
 * How many creates, per unit of parallelism, have their pending record written ahead of their turn. Each may be left
 * pending by a crash without having been sent: the next run finds it absent and creates it. A durable write can take
 * tens of milliseconds on a busy disk while answers come every fraction of one: with 2 per slot, one create in five
 * of an apply of 1,000 waited for its pending record (its slot idle, ~20% fewer calls in flight than allowed); with
 * 8, a few dozen did.
 */
const LOOK_AHEAD_FACTOR = 8;

/** The steps ready to run, in the order they became ready (O(1) shift, unlike an array's). */
class ReadyQueue {
  private items: Step[];
  private head = 0;
  /** Where the next `unseen` starts: the steps before it were returned by an earlier one. */
  private seen = 0;

  constructor(initial: Step[]) {
    this.items = initial;
  }

  get size(): number {
    return this.items.length - this.head;
  }

  push(step: Step): void {
    this.items.push(step);
  }

  shift(): Step | undefined {
    if (this.head >= this.items.length) return undefined;
    const step = this.items[this.head++];
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.seen = Math.max(0, this.seen - this.head);
      this.head = 0;
    }
    return step;
  }

  /** Those of the next `n` steps no earlier call returned, without removing them (each step is returned once). */
  unseen(n: number): Step[] {
    const from = Math.max(this.head, this.seen);
    const to = Math.min(this.items.length, this.head + n);
    if (from >= to) return [];
    this.seen = to;
    return this.items.slice(from, to);
  }
}
