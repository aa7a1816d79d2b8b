/**
 * A module prepared for evaluation: its graph, the values of its input variables, its local values, and how each
 * resource expands into instances (count → `[0]`, `[1]`…, for_each → `["key"]`…). Preparing reports what is
 * wrong with locals and with count/for_each values (not a whole number, known only after apply, …).
 */
import { error, type Diagnostic } from '../diagnostics.js';
import { containsUnknown, isUnknown, type Value, type Values } from '../values.js';
import { evaluate } from './evaluate-expr.js';
import { article, typeName } from './expr/functions/convert.js';
import { NotFound } from './expr/scope.js';
import { buildGraph, type Graph } from './graph.js';
import { declarationReferences } from './references.js';
import { formatInstanceAddress, type IndexKey } from './instance-address.js';
import { moduleScope, type InstanceKeys, type ResourceLookup } from './scopes.js';
import { siteOf } from './site.js';
import type { ConfigModule, DesiredInstance, LocalConfig, ResourceConfig } from './types.js';
import { redactSensitive, redactText, sensitiveTexts } from './redact-sensitive.js';
import { Sensitivity } from './sensitivity.js';

export type Expansion = { kind: 'count'; keys: number[] } | { kind: 'for_each'; keys: string[]; values: Map<string, Value> };

/** One instance of a resource: its address and the keys its expressions see. */
export interface InstanceRef {
  address: string;
  resource: ResourceConfig;
  key?: IndexKey;
  keys: InstanceKeys;
}

export interface PrepareOptions {
  /** Input variable values, already converted to their types (see variables.ts). */
  variables: ReadonlyMap<string, Value>;
  sensitiveVariables?: ReadonlySet<string>;
  /** `path.cwd`. */
  cwd?: string;
  /**
   * `validate` checks a configuration without values: a count or for_each that is not known yet evaluates the
   * resource once with unknown keys instead of failing.
   */
  mode?: 'plan' | 'validate';
}

export class ModuleContext {
  readonly graph: Graph;
  readonly variables: ReadonlyMap<string, Value>;
  readonly sensitiveVariables: ReadonlySet<string>;
  readonly cwd: string;
  /** Resources with count or for_each → their instances' keys; 'unknown' when not known (validate mode). */
  readonly expansion = new Map<string, Expansion | 'unknown'>();
  /** Declared resource addresses. */
  readonly declared: ReadonlySet<string>;
  /** True while count and for_each themselves are evaluated (and in validate mode): count/each are unknown. */
  expanding = true;
  readonly diagnostics: Diagnostic[] = [];
  /** Every instance evaluated with the configuration's own values (set by openConfig once they are free of errors). */
  configured?: { instances: DesiredInstance[] };
  private readonly locals = new Map<string, LocalConfig>();
  /** Locals that depend on no resource, evaluated once. */
  private readonly constants = new Map<string, Value | NotFound>();
  private readonly resourceLocals = new Set<string>();
  private readonly perLookup = new WeakMap<ResourceLookup, Map<string, Value | NotFound>>();
  private readonly evaluating = new Set<string>();

  constructor(readonly module: ConfigModule, readonly options: PrepareOptions) {
    this.graph = buildGraph(module);
    this.variables = options.variables;
    this.sensitiveVariables = options.sensitiveVariables ?? new Set();
    this.cwd = options.cwd ?? module.dir;
    this.declared = new Set(module.resources.map((r) => r.address));
    for (const l of module.locals) if (!this.locals.has(l.name)) this.locals.set(l.name, l);
    for (const name of this.locals.keys()) if (this.dependsOnResources(`local.${name}`)) this.resourceLocals.add(name);
  }

  private dependsOnResources(node: string): boolean {
    const seen = new Set<string>();
    const stack = [node];
    while (stack.length > 0) {
      const n = stack.pop()!;
      if (seen.has(n)) continue;
      seen.add(n);
      for (const d of this.graph.edges.get(n) ?? []) {
        if (!d.startsWith('local.')) return true;
        stack.push(d);
      }
    }
    return false;
  }

  /**
   * The value of `local.NAME`. One that depends on no resource is evaluated once (its problems reported by
   * `prepareModule`); one that reads resources is evaluated through the caller's lookup, once per lookup.
   */
  local(name: string, lookup: ResourceLookup): Value | NotFound {
    const decl = this.locals.get(name);
    if (!decl) return new NotFound(`Reference to undeclared local value "${name}"`);
    const memo = this.resourceLocals.has(name) ? this.memoFor(lookup) : this.constants;
    const hit = memo.get(name);
    if (hit !== undefined) return hit;
    if (this.evaluating.has(name)) return new NotFound(`local.${name} refers to itself`);
    this.evaluating.add(name);
    try {
      const result = evaluate(decl.value, moduleScope(this, this.resourceLocals.has(name) ? lookup : NO_RESOURCES), { source: decl.source, address: `local.${decl.name}` });
      const problems = result.diagnostics.filter((d) => d.severity === 'error');
      const value: Value | NotFound = problems.length === 0 ? result.value : new NotFound(`local.${name} cannot be evaluated: ${problems[0]!.summary}`);
      memo.set(name, value);
      if (memo === this.constants) this.diagnostics.push(...result.diagnostics);
      return value;
    } finally {
      this.evaluating.delete(name);
    }
  }

  private memoFor(lookup: ResourceLookup): Map<string, Value | NotFound> {
    let m = this.perLookup.get(lookup);
    if (!m) this.perLookup.set(lookup, (m = new Map()));
    return m;
  }

  private sensitiveTextList?: string[];
  /** The texts of the sensitive variables' values (see redact-sensitive.ts), found once. */
  private get sensitiveTextsOfVariables(): string[] {
    return (this.sensitiveTextList ??= this.sensitiveVariables.size === 0 ? [] : sensitiveTexts(this.variables, this.sensitiveVariables));
  }

  /** `diagnostics` without the texts of the sensitive variables' values. */
  redact(diagnostics: Diagnostic[]): Diagnostic[] {
    return redactSensitive(diagnostics, this.sensitiveTextsOfVariables);
  }

  /** One message (an API error naming a key by a canonical from a sensitive variable, say) with those texts taken out. */
  redactMessage(text: string): string {
    return redactText(text, this.sensitiveTextsOfVariables);
  }

  private sensitivity?: Sensitivity;
  /**
   * The top-level attributes of a resource fed by a sensitive value — a sensitive variable, another key's token,
   * directly or through locals and other resources (sensitivity.ts): shown as "(sensitive value)" like the
   * schema's own sensitive attributes, and encrypted in the state.
   */
  sensitiveAttributes(r: ResourceConfig): string[] {
    this.sensitivity ??= new Sensitivity(this.module, this.sensitiveVariables);
    return this.sensitivity.attributesOf(r.address);
  }

  /** Whether `address` (an instance address, or a resource's) is declared. */
  declaredInstance(address: string): boolean {
    return this.instanceIndex().has(address);
  }

  private byAddress?: Map<string, ResourceConfig>;
  private index?: Map<string, InstanceRef>;
  private instanceIndex(): Map<string, InstanceRef> {
    if (!this.index) {
      this.index = new Map();
      for (const r of this.module.resources) for (const i of this.instancesOf(r)) if (!this.index.has(i.address)) this.index.set(i.address, i);
    }
    return this.index;
  }

  /** The instances of a resource, in key order (one, with the resource's address, when it has no count/for_each). */
  instancesOf(r: ResourceConfig): InstanceRef[] {
    const e = this.expansion.get(r.address);
    if (e === undefined || e === 'unknown') return [{ address: r.address, resource: r, keys: {} }];
    if (e.kind === 'count') return e.keys.map((k) => ({ address: formatInstanceAddress(r.address, k), resource: r, key: k, keys: { count: k } }));
    return e.keys.map((k) => ({ address: formatInstanceAddress(r.address, k), resource: r, key: k, keys: { each: { key: k, value: e.values.get(k)! } } }));
  }

  /** Instance addresses of the resources a graph node depends on (through locals), sorted. */
  instanceDependencies(resourceAddresses: readonly string[]): string[] {
    if (resourceAddresses.length === 0) return [];
    this.byAddress ??= new Map(this.module.resources.map((r) => [r.address, r]));
    const out: string[] = [];
    for (const a of resourceAddresses) {
      const r = this.byAddress.get(a);
      if (r) for (const i of this.instancesOf(r)) out.push(i.address);
    }
    return out.sort();
  }
}

const NO_RESOURCES: ResourceLookup = () => 'pending';

/** The most instances one resource may expand to: far above any organization's keys, far below exhausting memory. */
export const MAX_INSTANCES = 100_000;

/**
 * Prepares a module: evaluates every local that reads no resource (reporting its problems at its place) and
 * expands every resource with count or for_each. Diagnostics are in `ctx.diagnostics`.
 */
export function prepareModule(module: ConfigModule, options: PrepareOptions): ModuleContext {
  const ctx = new ModuleContext(module, options);
  for (const node of ctx.graph.order) {
    if (node.startsWith('local.')) ctx.local(node.slice('local.'.length), NO_RESOURCES);
  }
  for (const r of module.resources) {
    if (r.count === undefined && r.forEach === undefined) continue;
    if (ctx.expansion.has(r.address)) continue; // a duplicate declaration, reported by validation
    const e = expand(ctx, r, options.mode ?? 'plan');
    ctx.expansion.set(r.address, e);
  }
  ctx.expanding = options.mode === 'validate';
  return ctx;
}

function expand(ctx: ModuleContext, r: ResourceConfig, mode: 'plan' | 'validate'): Expansion | 'unknown' {
  const isCount = r.count !== undefined;
  const path = isCount ? 'count' : 'for_each';
  const result = evaluate(isCount ? r.count : r.forEach, moduleScope(ctx, NO_RESOURCES), { source: r.source, address: r.address, path });
  const report = (summary: string, detail?: string): 'unknown' => {
    ctx.diagnostics.push(error(summary, { ...siteOf(r.source, r.address, path), ...(detail ? { detail } : {}) }));
    return 'unknown';
  };
  if (result.diagnostics.length > 0) {
    ctx.diagnostics.push(...result.diagnostics);
    return 'unknown';
  }
  const v = result.value;
  if (isUnknown(v) || (!isCount && isKeysUnknown(v))) {
    if (mode === 'validate') return 'unknown';
    return report(
      `Invalid ${path} argument: its value is known only after apply`,
      `keyform must know how many instances of ${r.address} to plan. ${isCount ? 'count' : 'The keys of for_each'} cannot depend on attributes that are known only after apply (a created key's id, token or canonical); use values from variables or locals instead.`,
    );
  }
  if (isCount) {
    if (typeof v !== 'number' && !(typeof v === 'string' && /^[0-9]+$/.test(v))) return report(`Invalid count argument: a whole number is required, found ${describe(v)}`);
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0) return report(`Invalid count argument: a whole number of 0 or more is required, found ${n}`);
    if (n > MAX_INSTANCES) return report(`Invalid count argument: ${n} instances is more than keyform plans for one resource (at most ${MAX_INSTANCES.toLocaleString('en')})`);
    return { kind: 'count', keys: Array.from({ length: n }, (_, i) => i) };
  }
  if (v === null) return report('Invalid for_each argument: it is null; it must be a map or a set of strings');
  if (Array.isArray(v)) {
    const keys: string[] = [];
    const values = new Map<string, Value>();
    for (const item of v) {
      if (typeof item !== 'string') return report(`Invalid for_each argument: a set must hold strings only, found ${describe(item)}`, 'Use a map to iterate over other values: for_each = { for x in list : x.name => x }.');
      if (values.has(item)) return report(`Invalid for_each argument: "${item}" appears twice; a set has each key once`, 'Wrap the list in toset() to drop repeats, or use a map.');
      keys.push(item);
      values.set(item, item);
    }
    return { kind: 'for_each', keys: keys.sort(byCodeUnit), values };
  }
  if (typeof v === 'object') {
    const obj = v as Values;
    const keys = Object.keys(obj).sort(byCodeUnit);
    return { kind: 'for_each', keys, values: new Map(keys.map((k) => [k, obj[k]!])) };
  }
  return report(`Invalid for_each argument: a map or a set of strings is required, found ${describe(v)}`);
}

/** A for_each list whose elements are not all known: its keys are unknown. */
const isKeysUnknown = (v: Value): boolean => Array.isArray(v) && v.some((x) => containsUnknown(x));

const describe = (v: Value): string => (typeof v === 'string' ? `the string ${JSON.stringify(v)}` : article(typeName(v)));

const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
