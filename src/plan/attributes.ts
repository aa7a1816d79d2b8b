/** Attribute-level comparisons the planner and drift detection share. */
import type { ResourceType } from '../provider/resource.js';
import { isUnknown, valuesEqual, type Values } from '../values.js';

/** Top-level attributes of the schema whose values differ between `a` and `b` (an unknown counts as different). */
export function changedAttributes(rt: ResourceType, a: Values, b: Values, skip: readonly string[] = []): string[] {
  const out: string[] = [];
  for (const name of Object.keys(rt.schema.attributes)) {
    if (skip.includes(name)) continue;
    const x = a[name] ?? null;
    const y = b[name] ?? null;
    if (isUnknown(x) || isUnknown(y) || !valuesEqual(x, y)) out.push(name);
  }
  return out.sort();
}

/** The attributes the API manages (not computed-only): what drift compares. */
export function managedAttributes(rt: ResourceType): string[] {
  return Object.entries(rt.schema.attributes)
    .filter(([, a]) => a.required || a.optional)
    .map(([k]) => k);
}

