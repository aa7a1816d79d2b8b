/**
 * Attribute values: JSON, plus "unknown" — a value known only after apply (a new key's token or id), shown as
 * "(known after apply)". Unknown never reaches state or the API.
 */

export class Unknown {
  readonly unknown = true;
  toJSON(): never {
    throw new Error('an unknown value cannot be serialised: convert it with afterUnknown() first');
  }
}

export const UNKNOWN = new Unknown();

export type Value = null | boolean | number | string | Value[] | { [key: string]: Value } | Unknown;
export type Values = { [attribute: string]: Value };

export const isUnknown = (v: unknown): v is Unknown => v instanceof Unknown;

export function containsUnknown(v: unknown): boolean {
  if (isUnknown(v)) return true;
  if (Array.isArray(v)) return v.some(containsUnknown);
  if (v !== null && typeof v === 'object') return Object.values(v).some(containsUnknown);
  return false;
}

/** Terraform's `after_unknown` shape: `true` where a value is unknown, objects/arrays mirroring the value. */
export function afterUnknown(v: unknown): unknown {
  if (isUnknown(v)) return true;
  if (Array.isArray(v)) return v.map(afterUnknown);
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      const u = afterUnknown(x);
      if (u !== false && !(typeof u === 'object' && u !== null && Object.keys(u).length === 0 && !Array.isArray(u))) out[k] = u;
    }
    return out;
  }
  return false;
}

/** The value with unknowns removed (replaced by null), for Terraform's `after` object. */
export function knownPart(v: Value): unknown {
  if (isUnknown(v)) return null;
  if (Array.isArray(v)) return v.map(knownPart);
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = knownPart(x);
    return out;
  }
  return v;
}

/** Deep equality of JSON values; unknown equals nothing (not even unknown). */
export function valuesEqual(a: unknown, b: unknown): boolean {
  if (isUnknown(a) || isUnknown(b)) return false;
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => valuesEqual(x, b[i]));
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object' && !Array.isArray(b)) {
    const ka = Object.keys(a as object);
    const kb = Object.keys(b as object);
    return ka.length === kb.length && ka.every((k) => Object.hasOwn(b as object, k) && valuesEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return false;
}
