/**
 * The apply executor: walks the plan's changes as a dependency graph with bounded parallelism. Each step is
 * recorded (StepRecorder) before it is reported done; a failed step skips what depends on it and leaves the rest
 * applied; an abort signal (Ctrl-C) stops new steps while calls in flight finish and are recorded.
 */
import { KeyformError } from '../diagnostics.js';
import type { Resolver, DesiredResource } from '../plan/inputs.js';
import { applyIgnoreChanges } from '../plan/ignore-changes.js';
import type { Plan, ResourceChange } from '../plan/types.js';
import type { ProviderSettings, ResourceClient, ResourceType } from '../provider/resource.js';
import { containsUnknown, valuesEqual, type Values } from '../values.js';
import type { StepRecorder } from './recorder.js';

export type Phase = 'create' | 'update' | 'delete';

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
  phase: Phase;
  error: Error;
}

export interface ApplyResult {
  /** Final values of every instance the apply touched (undefined: deleted). */
  applied: Map<string, Values | undefined>;
  failures: ApplyFailure[];
  /** Steps not run because something they depend on failed, or because of an interrupt. */
  skipped: string[];
  interrupted: boolean;
}

interface Step {
  id: string;
  change: ResourceChange;
  phase: Phase;
  after: Set<string>;
  waiting: number;
  dependents: Step[];
  state: 'waiting' | 'running' | 'done' | 'failed' | 'skipped';
}

export async function applyPlan(opts: ApplyOptions): Promise<ApplyResult> {
  const steps = buildSteps(opts.plan.changes);
  const applied = new Map<string, Values | undefined>();
  const failures: ApplyFailure[] = [];
  const skipped: string[] = [];
  const resolve: Resolver = (address) => (applied.has(address) ? applied.get(address) : opts.unchanged.get(address));

  const ready: Step[] = steps.filter((s) => s.waiting === 0);
  let running = 0;
  let interrupted = false;

  await new Promise<void>((resolveAll) => {
    const maybeDone = () => {
      if (running === 0 && (ready.length === 0 || interrupted)) resolveAll();
    };
    const skip = (step: Step) => {
      if (step.state !== 'waiting') return;
      step.state = 'skipped';
      skipped.push(`${step.change.address} (${step.phase})`);
      step.dependents.forEach(skip);
    };
    const pump = () => {
      if (opts.signal?.aborted) interrupted = true;
      while (!interrupted && running < opts.parallelism && ready.length > 0) {
        const step = ready.shift()!;
        if (step.state !== 'waiting') continue;
        step.state = 'running';
        running++;
        const started = performance.now();
        opts.hooks?.start?.(step.change, step.phase);
        runStep(step, opts, resolve, applied).then(
          (values) => {
            step.state = 'done';
            opts.hooks?.complete?.(step.change, step.phase, values, performance.now() - started);
            for (const d of step.dependents) if (--d.waiting === 0 && d.state === 'waiting') ready.push(d);
          },
          (err: Error) => {
            step.state = 'failed';
            failures.push({ address: step.change.address, phase: step.phase, error: err });
            opts.hooks?.errored?.(step.change, step.phase, err);
            step.dependents.forEach(skip);
          },
        ).finally(() => {
          running--;
              pump();
          maybeDone();
        });
      }
      maybeDone();
    };
    opts.signal?.addEventListener('abort', () => {
      interrupted = true;
      maybeDone();
    }, { once: true });
    pump();
  });
  if (interrupted) for (const s of steps) if (s.state === 'waiting') skipped.push(`${s.change.address} (${s.phase})`);
  return { applied, failures, skipped, interrupted };
}

async function runStep(step: Step, opts: ApplyOptions, resolve: Resolver, applied: Map<string, Values | undefined>): Promise<Values | undefined> {
  const { change } = step;
  const client = opts.clients.get(change.type);
  const rt = opts.resourceTypes.get(change.type);
  if (!client || !rt) throw new KeyformError('NO_PROVIDER', `no provider for resource type ${change.type}`);
  if (step.phase === 'delete') {
    await client.delete({ prior: change.before! });
    // A create-then-delete keeps the new object at this address: only a plain delete removes it.
    if (change.action !== 'create-then-delete') {
      await opts.recorder.remove(change.address);
      if (!applied.has(change.address)) applied.set(change.address, undefined);
    }
    return undefined;
  }
  const desired = opts.desired.get(change.address);
  if (!desired) throw new KeyformError('NO_CONFIG', `${change.address} is planned for ${step.phase} but has no configuration`);
  const evaluated = desired.evaluate(resolve);
  const bad = evaluated.diagnostics.filter((d) => d.severity === 'error');
  if (bad.length > 0) throw new KeyformError('EVALUATION_FAILED', bad.map((d) => d.summary).join('; '));
  const deps = change.dependsOn;
  if (step.phase === 'create') {
    const planned = applyIgnoreChanges(rt.plannedValues({ config: evaluated.values, provider: opts.provider }), change.before ?? {}, desired.lifecycle.ignoreChanges, rt.requiresReplace);
    checkConsistent(change.address, change.after!, planned);
    await opts.recorder.pending(change.address, change.type, known(planned), deps);
    let values: Values;
    try {
      values = await client.create({ planned });
    } catch (err) {
      // Only an ambiguous failure may have created the key: the pending record stays for the next run to resolve.
      if ((err as { code?: string }).code !== 'AMBIGUOUS') await opts.recorder.remove(change.address);
      throw err;
    }
    await opts.recorder.set(change.address, change.type, values, deps);
    applied.set(change.address, values);
    return values;
  }
  const planned = applyIgnoreChanges(rt.plannedValues({ config: evaluated.values, prior: change.before!, provider: opts.provider }), change.before!, desired.lifecycle.ignoreChanges);
  checkConsistent(change.address, change.after!, planned);
  const values = await client.update({ prior: change.before!, planned });
  await opts.recorder.set(change.address, change.type, values, deps);
  applied.set(change.address, values);
  return values;
}

/** STYLE 9: a value known at plan time must be the same at apply time. */
function checkConsistent(address: string, plannedAtPlan: Values, plannedNow: Values): void {
  const problems: string[] = [];
  for (const [name, v] of Object.entries(plannedAtPlan)) {
    if (containsUnknown(v)) continue;
    if (!valuesEqual(v, plannedNow[name] ?? null)) problems.push(name);
  }
  if (problems.length > 0) {
    throw new KeyformError('INCONSISTENT_PLAN', `${address}: planned values changed between plan and apply (${problems.join(', ')}); run plan again`);
  }
}

function known(values: Values): Values {
  const out: Values = {};
  for (const [k, v] of Object.entries(values)) out[k] = containsUnknown(v) ? null : v;
  return out;
}

/** The step graph: creates/updates after what they reference; deletes after what depends on the deleted object. */
function buildSteps(changes: readonly ResourceChange[]): Step[] {
  const steps: Step[] = [];
  const byAddress = new Map<string, { create?: Step; update?: Step; delete?: Step }>();
  const make = (change: ResourceChange, phase: Phase): Step => {
    const step: Step = { id: `${change.address}#${phase}`, change, phase, after: new Set(), waiting: 0, dependents: [], state: 'waiting' };
    steps.push(step);
    const entry = byAddress.get(change.address) ?? {};
    entry[phase] = step;
    byAddress.set(change.address, entry);
    return step;
  };
  for (const c of changes) {
    if (c.action === 'create') make(c, 'create');
    else if (c.action === 'update') make(c, 'update');
    else if (c.action === 'delete') make(c, 'delete');
    else if (c.action === 'delete-then-create' || c.action === 'create-then-delete') {
      make(c, 'delete');
      make(c, 'create');
    }
  }
  const edge = (from: Step | undefined, to: Step | undefined) => {
    if (!from || !to || from === to || to.after.has(from.id)) return;
    to.after.add(from.id);
    to.waiting++;
    from.dependents.push(to);
  };
  const dependents = new Map<string, string[]>();
  for (const c of changes) for (const d of c.dependsOn) dependents.set(d, [...(dependents.get(d) ?? []), c.address]);
  for (const c of changes) {
    const own = byAddress.get(c.address);
    if (!own) continue;
    if (c.action === 'delete-then-create') edge(own.delete, own.create);
    if (c.action === 'create-then-delete') edge(own.create, own.delete);
    for (const dep of c.dependsOn) {
      const d = byAddress.get(dep);
      edge(d?.create ?? d?.update, own.create ?? own.update);
    }
    // An object is deleted only after what depends on it has been changed or deleted.
    for (const user of dependents.get(c.address) ?? []) {
      const u = byAddress.get(user);
      edge(u?.delete, own.delete);
      if (c.action === 'create-then-delete') edge(u?.create ?? u?.update, own.delete);
    }
  }
  return steps;
}
