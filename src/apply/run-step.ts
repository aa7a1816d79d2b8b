/**
 * One step of an apply: its API calls, and the records that surround them. A create is prepared first — its planned
 * values computed and its pending create recorded, durably — and only then sent; the outcome of every step is
 * recorded before the step counts as done.
 *
 * create_before_destroy: preparing the create of the replacement also sets the current object aside as a deposed
 * object (recorded with the pending create, before the call); the delete step deletes that object and drops its
 * record. A create that certainly did not happen puts the deposed object back.
 */
import { KeyformError } from '../diagnostics.js';
import { applyIgnoreChanges } from '../plan/ignore-changes.js';
import type { DesiredResource, Resolver } from '../plan/inputs.js';
import type { ResourceChange } from '../plan/types.js';
import type { ProviderSettings, ResourceClient, ResourceType } from '../provider/resource.js';
import { containsUnknown, valuesEqual, type Values } from '../values.js';
import type { StepRecorder } from './recorder.js';
import type { Step } from './step-graph.js';

export interface StepContext {
  desired: ReadonlyMap<string, DesiredResource>;
  resourceTypes: ReadonlyMap<string, ResourceType>;
  clients: ReadonlyMap<string, ResourceClient>;
  provider: ProviderSettings;
  recorder: StepRecorder;
  resolve: Resolver;
  /** Values of the instances applied so far (undefined: deleted). */
  applied: Map<string, Values | undefined>;
  /** The deposed key given to the old object of each create-then-delete being applied. */
  deposedKeys: Map<ResourceChange, string>;
}

/** A create whose pending record is on disk: it may be sent. */
export interface PreparedCreate {
  planned: Values;
  /** Takes the pending record back, for a create that will not be sent after all (an interrupted apply). */
  withdraw(): Promise<void>;
}

/** Computes a create's planned values (checked against the plan) and records its pending create. */
export async function prepareCreate(step: Step, ctx: StepContext): Promise<PreparedCreate> {
  const { change } = step;
  const { rt, desired } = parts(step, ctx);
  const config = evaluateConfig(change.address, desired, ctx.resolve);
  const planned = applyIgnoreChanges(rt.plannedValues({ config, provider: ctx.provider }), change.before ?? {}, desired.lifecycle.ignoreChanges, rt.requiresReplace);
  checkConsistent(change.address, change.after!, planned);
  let deposing: Promise<void> | undefined;
  if (change.action === 'create-then-delete') {
    const d = ctx.recorder.depose(change.address);
    ctx.deposedKeys.set(change, d.deposed);
    deposing = d.recorded;
  }
  await Promise.all([deposing, ctx.recorder.pending(change.address, change.type, known(planned), change.dependsOn, desired.sensitive ?? [])]);
  return { planned, withdraw: () => undoPrepared(step, ctx) };
}

/** Takes back what preparing a create recorded: its pending create, and the depose of the object it replaces. */
async function undoPrepared(step: Step, ctx: StepContext): Promise<void> {
  const recorded = ctx.recorder.remove(step.change.address);
  const deposed = ctx.deposedKeys.get(step.change);
  if (deposed !== undefined) {
    ctx.deposedKeys.delete(step.change);
    await ctx.recorder.restore(step.change.address, deposed);
  }
  await recorded;
}

/**
 * Runs a step (a create already prepared). `callsDone` is called once no API call of the step is in flight any more
 * — after the record of the outcome has been queued, so that it is written with whatever the next step records.
 */
export async function runStep(step: Step, ctx: StepContext, prepared: Promise<PreparedCreate> | undefined, callsDone: () => void): Promise<Values | undefined> {
  const { change } = step;
  const { rt, client, desired } = parts(step, ctx);
  if (step.phase === 'delete') {
    await client.delete({ prior: change.before! });
    // A deposed object (of this create-then-delete, or left by an earlier one) leaves the state; the current object
    // at its address is another one. A plain delete removes the current object.
    const deposed = change.deposed ?? (change.action === 'create-then-delete' ? ctx.deposedKeys.get(change) : undefined);
    if (deposed !== undefined || change.action !== 'create-then-delete') {
      const recorded = ctx.recorder.remove(change.address, deposed);
      callsDone();
      await recorded;
      if (deposed === undefined && !ctx.applied.has(change.address)) ctx.applied.set(change.address, undefined);
    }
    return undefined;
  }
  // The state records the attributes the configuration makes sensitive now (Terraform: they follow the configuration).
  const sensitive = desired.sensitive ?? [];
  let planned: Values;
  if (step.phase === 'create') {
    planned = (await (prepared ?? prepareCreate(step, ctx))).planned;
  } else {
    const config = evaluateConfig(change.address, desired, ctx.resolve);
    planned = applyIgnoreChanges(rt.plannedValues({ config, prior: change.before!, provider: ctx.provider }), change.before!, desired.lifecycle.ignoreChanges);
    checkConsistent(change.address, change.after!, planned);
  }
  let values: Values;
  try {
    values = step.phase === 'create' ? await client.create({ planned }) : await client.update({ prior: change.before!, planned });
  } catch (err) {
    callsDone();
    // Only an ambiguous failure may have created the key: the pending record (and a deposed object) stay for the next
    // run to resolve. Otherwise nothing was created: the pending record goes and a deposed object is current again.
    if (step.phase === 'create' && (err as { code?: string }).code !== 'AMBIGUOUS') await undoPrepared(step, ctx);
    throw err;
  }
  const recorded = ctx.recorder.set(change.address, change.type, values, change.dependsOn, sensitive);
  callsDone();
  await recorded;
  ctx.applied.set(change.address, values);
  return values;
}

function parts(step: Step, ctx: StepContext): { rt: ResourceType; client: ResourceClient; desired: DesiredResource } {
  const { change } = step;
  const client = ctx.clients.get(change.type);
  const rt = ctx.resourceTypes.get(change.type);
  if (!client || !rt) throw new KeyformError('NO_PROVIDER', `no provider for resource type ${change.type}`);
  const desired = ctx.desired.get(change.address);
  if (!desired && step.phase !== 'delete') throw new KeyformError('NO_CONFIG', `${change.address} is planned for ${step.phase} but has no configuration`);
  return { rt, client, desired: desired! };
}

function evaluateConfig(address: string, desired: DesiredResource, resolve: Resolver): Values {
  const evaluated = desired.evaluate(resolve);
  const bad = evaluated.diagnostics.filter((d) => d.severity === 'error');
  if (bad.length > 0) throw new KeyformError('EVALUATION_FAILED', `${bad.map((d) => d.summary).join('; ')}`);
  return evaluated.values;
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
