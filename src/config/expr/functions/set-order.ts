/**
 * Terraform's sets, kept as lists: no duplicates, and the order Terraform iterates them in — strings by code
 * point ("10" < "9" < "B" < "a"), numbers ascending, false before true, null last. Terraform orders sets of lists
 * and objects by an internal hash; keyform keeps those in first-seen order (a documented difference).
 */
import { containsUnknown, valuesEqual, type Value } from '../../../values.js';

/** Compares strings by Unicode code point, which is UTF-8 byte order (JavaScript's `<` compares UTF-16 units). */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(i)!;
    if (x !== y) return x - y;
    if (x > 0xffff) i++;
  }
  return a.length - b.length;
}

const rank = (v: Value): number => (v === null ? 1 : 0);

function compareSetElements(a: Value, b: Value): number {
  if (a === null || b === null) return rank(a) - rank(b);
  if (typeof a === 'string' && typeof b === 'string') return compareCodePoints(a, b);
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  return 0;
}

/**
 * The distinct elements of `values` (already of one type) in Terraform's set order. Elements not known yet
 * cannot be compared: they come last, in their order, as Terraform puts them.
 */
export function setElements(values: readonly Value[]): Value[] {
  const out: Value[] = [];
  const unknown: Value[] = [];
  const primitives = new Set<string>();
  for (const v of values) {
    if (containsUnknown(v)) {
      unknown.push(v);
      continue;
    }
    if (v === null || typeof v !== 'object') {
      const key = `${typeof v}:${String(v)}`;
      if (!primitives.has(key)) out.push(v);
      primitives.add(key);
    } else if (!out.some((x) => valuesEqual(x, v))) out.push(v);
  }
  return [...out.sort(compareSetElements), ...unknown]; // stable: lists and objects keep their first-seen order
}
