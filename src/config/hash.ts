/**
 * The configuration hash: SHA-256 over a canonical serialisation of the normalised module — sorted keys,
 * declarations sorted by address, positions and file names left out — so formatting and moving blocks between
 * files change nothing, and any value change changes it.
 */
import { createHash } from 'node:crypto';
import type { ConfigModule, Lifecycle } from './types.js';

/**
 * JSON with object keys in one order whatever order they were written in (sorted; V8 puts integer-like keys
 * first, in numeric order) and `undefined` members dropped: one text per value. The native serialiser does
 * the work; only when some object's keys are out of order does a replacer sort them.
 */
export function canonicalJson(value: unknown): string {
  return (keysSorted(value) ? JSON.stringify(value) : JSON.stringify(value, sortKeys)) ?? 'null';
}

function keysSorted(v: unknown): boolean {
  if (v === null || typeof v !== 'object') return true;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) if (!keysSorted(v[i])) return false;
    return true;
  }
  let previous: string | undefined;
  for (const k in v) {
    if (!Object.hasOwn(v, k)) return false; // an inherited enumerable key: let the replacer decide
    if (previous !== undefined && previous >= k) return false;
    previous = k;
    if (!keysSorted((v as Record<string, unknown>)[k])) return false;
  }
  return true;
}

function sortKeys(_key: string, v: unknown): unknown {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
  const copy = Object.create(null) as Record<string, unknown>;
  for (const k of Object.keys(v).sort()) copy[k] = (v as Record<string, unknown>)[k];
  return copy;
}

const byKey =
  <T>(key: (x: T) => string) =>
  (a: T, b: T): number => {
    const ka = key(a);
    const kb = key(b);
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  };

/** Sorted by `key`: the array itself when it already is (a generated configuration usually is). */
function sortedBy<T>(items: T[], key: (x: T) => string): T[] {
  for (let i = 1; i < items.length; i++) if (key(items[i - 1]!) > key(items[i]!)) return items.sort(byKey(key));
  return items;
}

export function configHash(module: Omit<ConfigModule, 'hash' | 'dir' | 'files'>): string {
  // Resources without a lifecycle block share one Lifecycle object: one normalised copy serves them all.
  const lifecycles = new Map<Lifecycle, object>();
  const lifecycleOf = (l: Lifecycle): object => {
    let n = lifecycles.get(l);
    if (!n) lifecycles.set(l, (n = { createBeforeDestroy: l.createBeforeDestroy, ignoreChanges: l.ignoreChanges, preventDestroy: l.preventDestroy }));
    return n;
  };
  // Members are written in sorted order so that the serialiser's fast path applies.
  const normalised = {
    backend: module.backend ? { path: module.backend.path, type: module.backend.type } : undefined,
    locals: module.locals.map((l) => ({ name: l.name, value: l.value })).sort(byKey((l) => l.name)),
    outputs: module.outputs
      .map((o) => ({ dependsOn: o.dependsOn, description: o.description, name: o.name, sensitive: o.sensitive, value: o.value }))
      .sort(byKey((o) => o.name)),
    providers: module.providers.map((p) => ({ alias: p.alias, config: p.config, name: p.name })).sort(byKey((p) => `${p.name}.${p.alias ?? ''}`)),
    resources: sortedBy(
      module.resources.map((r) => ({
        address: r.address,
        config: r.config,
        count: r.count,
        dependsOn: r.dependsOn,
        forEach: r.forEach,
        lifecycle: lifecycleOf(r.lifecycle),
        provider: r.provider,
      })),
      (r) => r.address,
    ),
    variables: module.variables
      .map((v) => ({ default: v.default, name: v.name, nullable: v.nullable, sensitive: v.sensitive, type: v.typeText, validations: v.validations.map((x) => ({ condition: x.condition, errorMessage: x.errorMessage })) }))
      .sort(byKey((v) => v.name)),
  };
  return createHash('sha256').update(canonicalJson(normalised)).digest('hex');
}
