/**
 * plan(input) → Plan. Pure: no I/O, no clock, no randomness. Resources are planned in dependency order, each
 * configuration evaluated against the planned values of the resources it references, so a value known only after
 * apply (a new key's token) stays UNKNOWN downstream.
 */
import { error, type Diagnostic } from '../diagnostics.js';
import { compareRules, globCovers, normaliseRules, type Rule, type RuleComparison } from '../permissions/index.js';
import type { ResourceType } from '../provider/resource.js';
import { sensitiveAttributes } from '../provider/schema.js';
import { containsUnknown, valuesEqual, type Value, type Values } from '../values.js';
import { changedAttributes } from './attributes.js';
import { currentOf, deposedCurrent, type Current } from './drift.js';
import { applyIgnoreChanges } from './ignore-changes.js';
import type { DesiredResource, PlanInput, PriorInstance } from './inputs.js';
import type { ActionReason, DriftEntry, OutputChange, Plan, ResourceChange } from './types.js';

export function plan(input: PlanInput): Plan {
  const diagnostics: Diagnostic[] = [];
  const priorByAddress = new Map(input.prior.map((p) => [p.address, p]));
  const desiredByAddress = new Map(input.resources.map((r) => [r.address, r]));
  const scope = targetScope(input, desiredByAddress, priorByAddress);
  const inScope = (address: string) => scope === undefined || scope.has(address);

  const currents = new Map<string, Current>();
  const drift: DriftEntry[] = [];
  for (const prior of input.prior) {
    if (!inScope(prior.address)) continue;
    const rt = input.resourceTypes.get(prior.type);
    if (!rt) {
      diagnostics.push(error(`The state holds a resource of unknown type ${prior.type}`, { address: prior.address }));
      continue;
    }
    const current = currentOf(prior, rt, input.refreshed);
    currents.set(prior.address, current);
    if (current.drift) drift.push(withConfiguredSensitive(current.drift, rt, desiredByAddress.get(prior.address)));
    if (current.notMadeByPending) diagnostics.push(notMadeByPending(prior, rt, current.notMadeByPending, sensitiveUnion(rt, desiredByAddress.get(prior.address)?.sensitive, prior.sensitive)));
  }

  const changes: ResourceChange[] = [];
  const planned = new Map<string, Values>();
  const resolve = (address: string): Values | undefined => planned.get(address) ?? currents.get(address)?.values ?? priorByAddress.get(address)?.values;

  if (input.mode !== 'refresh-only') {
    for (const desired of input.resources) {
      if (!inScope(desired.address)) continue;
      const rt = input.resourceTypes.get(desired.type);
      if (!rt) {
        diagnostics.push(error(`Unknown resource type ${desired.type}`, { address: desired.address }));
        continue;
      }
      const current = currents.get(desired.address);
      const prior = priorByAddress.get(desired.address);
      if (input.mode === 'destroy') {
        if (current?.values) changes.push(deleteChange(desired, rt, current.values, prior, 'destroy requested: the key will be deleted and its token revoked', desired, diagnostics));
        continue;
      }
      const evaluated = desired.evaluate(resolve);
      diagnostics.push(...evaluated.diagnostics);
      const change = planResource(input, rt, desired, evaluated.values, current, prior, diagnostics);
      if (change.after && change.action !== 'no-op') for (const problem of rt.plannedProblems?.(change.after) ?? []) diagnostics.push(error(problem, { address: desired.address }));
      changes.push(change);
      if (change.after) planned.set(desired.address, change.after);
    }
  }

  if (input.mode !== 'refresh-only') {
    for (const prior of input.prior) {
      if (desiredByAddress.has(prior.address)) continue;
      if (!inScope(prior.address)) continue;
      const rt = input.resourceTypes.get(prior.type);
      const current = currents.get(prior.address);
      if (!rt || !current?.values) continue;
      const reason = input.mode === 'destroy'
        ? 'destroy requested: the key will be deleted and its token revoked'
        : 'no longer in the configuration: the key will be deleted and its token revoked';
      changes.push(deleteChange(prior, rt, current.values, prior, reason, undefined, diagnostics));
    }
  }

  // Deposed objects (left by an interrupted create_before_destroy replacement) are deleted in every mode that changes
  // anything; one already gone is drift.
  for (const d of input.deposed ?? []) {
    const rt = input.resourceTypes.get(d.type);
    if (!rt || !inScope(d.address)) continue;
    const current = deposedCurrent(d, rt, input.refreshed);
    if (current.drift) drift.push(current.drift);
    else if (input.mode !== 'refresh-only') {
      const { actionReason: _none, ...change } = deleteChange(d, rt, current.values!, d, DEPOSED_REASON, undefined, diagnostics);
      changes.push({ ...change, deposed: d.deposed });
    }
  }

  const outputs = input.mode === 'normal' ? planOutputs(input, resolve, diagnostics) : destroyOutputs(input);
  return {
    formatVersion: 1,
    keyformVersion: input.keyformVersion,
    mode: input.mode,
    lineage: input.lineage,
    serial: input.serial,
    configHash: input.configHash,
    changes,
    drift: drift.sort((a, b) => a.address.localeCompare(b.address)),
    outputs,
    targets: [...input.targets].sort(),
    replace: [...input.replace].sort(),
    diagnostics,
  };
}

const DEPOSED_REASON = 'left over from an interrupted create_before_destroy replacement: the old key will be deleted and its token revoked';

function planResource(
  input: PlanInput,
  rt: ResourceType,
  desired: DesiredResource,
  config: Values,
  current: Current | undefined,
  prior: PriorInstance | undefined,
  diagnostics: Diagnostic[],
): ResourceChange {
  const base = baseChange(desired.address, rt, desired, prior);
  const currentValues = current?.values;
  if (!currentValues) {
    const after = rt.plannedValues({ config, provider: input.provider });
    const deletedOutside = current?.drift?.kind === 'deleted';
    return {
      ...base,
      action: 'create',
      after,
      reason: deletedOutside
        ? 'the key was deleted outside keyform: it will be created again, with a new token'
        : 'not in the state: the key will be created and its token stored encrypted',
      ...(deletedOutside ? { actionReason: 'recreate_because_deleted_outside' as ActionReason } : {}),
      changedAttributes: Object.keys(after).sort(),
      security: shownRules(base.sensitive, grantsOfNewKey(after['rules'])),
    };
  }
  let after = rt.plannedValues({ config, prior: currentValues, provider: input.provider });
  after = applyIgnoreChanges(after, currentValues, desired.lifecycle.ignoreChanges);
  const changed = changedAttributes(rt, currentValues, after);
  const replaceAttrs = changed.filter((a) => rt.requiresReplace.includes(a));
  const forced = forcedReplacement(input, desired.address, prior, current);
  if (replaceAttrs.length > 0 || forced) {
    if (desired.lifecycle.preventDestroy) {
      diagnostics.push(error('Instance cannot be replaced: lifecycle.prevent_destroy is set', {
        address: desired.address,
        detail: `The plan would replace ${desired.address} (${forced?.reason ?? rt.replaceReason(replaceAttrs[0]!)}), which destroys the current key. Remove prevent_destroy to allow it, or change the configuration back.`,
      }));
    }
    const fresh = applyIgnoreChanges(rt.plannedValues({ config, provider: input.provider }), currentValues, desired.lifecycle.ignoreChanges, rt.requiresReplace);
    if (desired.lifecycle.createBeforeDestroy && rt.identity(fresh) === rt.identity(currentValues)) {
      diagnostics.push(error('create_before_destroy cannot be honoured: the new key would have the same canonical as the old one', {
        address: desired.address,
        detail: `Canonicals are unique in an organization, so the replacement of ${desired.address} cannot exist beside the current key (${rt.identity(currentValues)}). Change the canonical together with the rules (e.g. a version suffix), or remove create_before_destroy.`,
      }));
    }
    const reasons = replaceAttrs.map((a) => rt.replaceReason(a));
    if (forced) reasons.unshift(forced.reason);
    return {
      ...base,
      action: desired.lifecycle.createBeforeDestroy ? 'create-then-delete' : 'delete-then-create',
      before: currentValues,
      after: fresh,
      reason: [...new Set(reasons)].join('; '),
      actionReason: forced?.actionReason ?? 'replace_because_cannot_update',
      replacePaths: replaceAttrs.map((a) => [a]),
      changedAttributes: changedAttributes(rt, currentValues, fresh),
      security: shownRules(base.sensitive, rulesComparison(currentValues['rules'], fresh['rules'])),
    };
  }
  if (changed.length > 0) {
    return {
      ...base,
      action: 'update',
      before: currentValues,
      after,
      reason: `${changed.join(', ')} ${changed.length === 1 ? 'changes' : 'change'} in place; the token is kept`,
      changedAttributes: changed,
    };
  }
  const marks = sensitivityChange(rt, desired, prior);
  return { ...base, action: 'no-op', before: currentValues, after: currentValues, reason: 'matches the configuration', ...(marks.length > 0 ? { sensitivityChanged: marks } : {}) };
}

/**
 * Attributes the configuration makes sensitive while the state does not record them so (a state written before
 * keyform recorded them, a variable made sensitive), or the reverse. No value changes, so the plan stays a no-op
 * (and a state of an earlier version plans as it did); apply records the configuration's list, without API calls.
 */
function sensitivityChange(rt: ResourceType, desired: DesiredResource, prior: PriorInstance | undefined): string[] {
  if (!desired.sensitive?.length && !prior?.sensitive?.length) return [];
  const schema = sensitiveAttributes(rt.typeName);
  const configured = (desired.sensitive ?? []).filter((a) => !schema.includes(a));
  const recorded = prior?.sensitive ?? [];
  return [...configured.filter((a) => !recorded.includes(a)), ...recorded.filter((a) => !configured.includes(a))].sort();
}

function forcedReplacement(input: PlanInput, address: string, prior: PriorInstance | undefined, current: Current | undefined): { reason: string; actionReason: ActionReason } | undefined {
  if (input.replace.includes(address)) {
    return { reason: 'replacement requested (--replace): the key will be re-created and its token rotated; the current token will be revoked', actionReason: 'replace_by_request' };
  }
  if (current?.drift?.kind === 'interrupted-create') {
    return { reason: 'an earlier apply created this key but was interrupted before its token was recorded: the key will be revoked and created again', actionReason: 'replace_after_lost_token' };
  }
  if (current?.drift?.kind === 'replaced') {
    return { reason: 'the key was replaced outside keyform and the token in state no longer works: it will be replaced again so keyform holds a working token', actionReason: 'replace_because_replaced_outside' };
  }
  if (prior?.status === 'tainted') {
    return { reason: 'the key is marked tainted: it will be replaced', actionReason: 'replace_because_tainted' };
  }
  return undefined;
}

function deleteChange(instance: { address: string; type: string; name: string }, rt: ResourceType, before: Values, prior: PriorInstance | undefined, reason: string, desired: DesiredResource | undefined, diagnostics: Diagnostic[]): ResourceChange {
  const { address, type, name } = instance;
  const sensitive = sensitiveUnion(rt, desired?.sensitive, prior?.sensitive);
  if (desired?.lifecycle.preventDestroy) {
    diagnostics.push(error('Instance cannot be destroyed: lifecycle.prevent_destroy is set', {
      address,
      detail: `${address} has lifecycle.prevent_destroy = true. Remove it from the configuration first to allow the key to be deleted.`,
    }));
  }
  return {
    address,
    type,
    name,
    action: 'delete',
    before,
    reason,
    ...(desired ? {} : { actionReason: 'delete_because_no_resource_config' as ActionReason }),
    replacePaths: [],
    changedAttributes: [],
    sensitive,
    dependsOn: prior?.dependencies ?? [],
    createBeforeDestroy: false,
    // What the delete revokes; counted, not shown, when the rules are sensitive.
    security: shownRules(sensitive, rulesComparison(before['rules'], [])),
  };
}

function baseChange(address: string, rt: ResourceType, desired: DesiredResource, prior: PriorInstance | undefined) {
  return {
    address,
    type: desired.type,
    name: desired.name,
    replacePaths: [] as string[][],
    changedAttributes: [] as string[],
    sensitive: sensitiveUnion(rt, desired.sensitive, prior?.sensitive),
    dependsOn: [...desired.dependsOn].sort(),
    createBeforeDestroy: desired.lifecycle.createBeforeDestroy,
  };
}

/**
 * A change's sensitive attributes: the schema's, those the configuration makes sensitive, and those the state
 * recorded as sensitive (a value marked sensitive once stays hidden while it is in the state). The schema's own
 * list when there is nothing more.
 */
function sensitiveUnion(rt: ResourceType, configured: readonly string[] | undefined, recorded: readonly string[] | undefined): string[] {
  const schema = sensitiveAttributes(rt.typeName);
  if (!configured?.length && !recorded?.length) return schema;
  return [...new Set([...schema, ...(configured ?? []), ...(recorded ?? [])])].sort();
}

/** A drift entry of an instance the configuration has: what it makes sensitive stays hidden too (a state of the previous version). */
function withConfiguredSensitive(entry: DriftEntry, rt: ResourceType, desired: DesiredResource | undefined): DriftEntry {
  if (!desired?.sensitive?.length) return entry;
  const extra = sensitiveUnion(rt, desired.sensitive, entry.sensitive).filter((a) => !sensitiveAttributes(rt.typeName).includes(a));
  return extra.length > 0 ? { ...entry, sensitive: extra } : entry;
}

function rulesComparison(before: Value | undefined, after: Value | undefined): RuleComparison | undefined {
  if (containsUnknown(before) || containsUnknown(after)) return undefined;
  const b = (Array.isArray(before) ? before : []) as unknown as Rule[];
  const a = (Array.isArray(after) ? after : []) as unknown as Rule[];
  if (b.length === 0 && a.length === 0) return undefined;
  return compareRules(b, a);
}

const HIDDEN_RULE: Rule = { action: '(sensitive value)', effect: 'allow', resources: ['(sensitive value)'] };

/**
 * The security view of a change whose rules come from a sensitive value: the same counts and the same broadened /
 * narrowed marks, but no rule text — neither printed, nor in JSON or in the plan file.
 */
function shownRules(sensitive: readonly string[], c: RuleComparison | undefined): RuleComparison | undefined {
  if (!c || !sensitive.includes('rules')) return c;
  return {
    added: c.added.map(() => HIDDEN_RULE),
    removed: c.removed.map(() => HIDDEN_RULE),
    broadened: c.broadened,
    narrowed: c.narrowed,
    findings: c.findings.map((f) => ({ rule: HIDDEN_RULE, kind: f.kind, message: 'a rule from a sensitive value grants more than before (not shown)' })),
  };
}

/**
 * What a new key grants. Every rule of a new key is new, so only what deserves a reviewer's eye stays a
 * "broadened" finding: a rule that grants every action (`**`-style wildcards).
 */
function grantsOfNewKey(rules: Value | undefined): RuleComparison | undefined {
  if (containsUnknown(rules) || !Array.isArray(rules) || rules.length === 0) return undefined;
  const all = rules as unknown as Rule[];
  // Only rules granting every action are explained (and flagged); the rest are listed as added.
  const { findings } = compareRules([], all.filter((r) => globCovers(r.action, 'organization:**')));
  return { added: normaliseRules(all), removed: [], narrowed: false, findings, broadened: findings.length > 0 };
}

function planOutputs(input: PlanInput, resolve: (a: string) => Values | undefined, diagnostics: Diagnostic[]): OutputChange[] {
  const out: OutputChange[] = [];
  const declared = new Set<string>();
  for (const o of input.outputs) {
    declared.add(o.name);
    const { value, diagnostics: d } = o.evaluate(resolve);
    diagnostics.push(...d);
    const prior = input.priorOutputs[o.name];
    const action = !prior ? 'create' : containsUnknown(value) || !valuesEqual(prior.value, value) || prior.sensitive !== o.sensitive ? 'update' : 'no-op';
    out.push({ name: o.name, action, ...(prior ? { before: prior.value as Value } : {}), after: value, sensitive: o.sensitive || (prior?.sensitive ?? false) });
  }
  for (const [name, prior] of Object.entries(input.priorOutputs)) {
    if (!declared.has(name)) out.push({ name, action: 'delete', before: prior.value as Value, sensitive: prior.sensitive });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}

function destroyOutputs(input: PlanInput): OutputChange[] {
  if (input.mode === 'refresh-only') {
    return Object.entries(input.priorOutputs).map(([name, p]) => ({ name, action: 'no-op' as const, before: p.value as Value, after: p.value as Value, sensitive: p.sensitive }));
  }
  return Object.entries(input.priorOutputs)
    .map(([name, p]) => ({ name, action: 'delete' as const, before: p.value as Value, sensitive: p.sensitive }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** With --target, the targeted addresses and everything they depend on (for destroy: everything depending on them). */
function targetScope(input: PlanInput, desired: Map<string, DesiredResource>, prior: Map<string, PriorInstance>): Set<string> | undefined {
  if (input.targets.length === 0) return undefined;
  const deps = new Map<string, string[]>();
  for (const [a, r] of desired) deps.set(a, r.dependsOn);
  for (const [a, p] of prior) if (!deps.has(a)) deps.set(a, p.dependencies);
  const edges = new Map<string, string[]>();
  if (input.mode === 'destroy') {
    for (const [a, ds] of deps) for (const d of ds) edges.set(d, [...(edges.get(d) ?? []), a]);
  } else {
    for (const [a, ds] of deps) edges.set(a, ds);
  }
  const scope = new Set<string>();
  const stack = input.targets.flatMap((t) => [...deps.keys()].filter((a) => a === t || a.startsWith(`${t}[`)));
  while (stack.length > 0) {
    const a = stack.pop()!;
    if (scope.has(a)) continue;
    scope.add(a);
    stack.push(...(edges.get(a) ?? []));
  }
  return scope;
}

/**
 * A create an interrupted apply left pending, whose identity is now held by an object that create did not make:
 * replacing it (as for a key whose token was lost) would delete someone else's key. Planning stops instead.
 */
function notMadeByPending(prior: PriorInstance, rt: ResourceType, taken: { found: Values; differences: string[] }, sensitive: readonly string[]): Diagnostic {
  const identity = rt.identity(prior.values);
  const shown = (v: Value | undefined) => {
    const text = JSON.stringify(v ?? null);
    return text.length > 160 ? `${text.slice(0, 157)}…` : text;
  };
  // A difference in a sensitive attribute (rules from a sensitive variable) is named, its values not shown.
  const what = taken.differences.map((a) =>
    sensitive.includes(a) ? `${a}: (sensitive value)` : a in taken.found || a in prior.values ? `${a}: ${shown(prior.values[a])} recorded, ${shown(taken.found[a])} found` : a,
  );
  return error(`An interrupted create's canonical ${identity} is taken by a key it did not make`, {
    address: prior.address,
    detail:
      `An earlier apply was interrupted while creating ${prior.address} as ${identity}. A key with that canonical exists, but it was not made by that create: ` +
      `${what.join('; ')}. keyform will not touch it. If it is the key you want, run \`keyform state rm ${prior.address}\` then \`keyform import ${prior.address} ${identity}\`; ` +
      `otherwise give ${prior.address} another canonical, or remove its pending record with \`keyform state rm ${prior.address}\`.`,
  });
}
