/**
 * Terraform holds every string in Unicode normal form C (cty normalises on creation): "e" + U+0301 is "é", one
 * code point. Function arguments are normalised the same way, keys included, so results agree with Terraform's.
 */
import type { Value } from '../../../values.js';
import { setOwn } from '../../set-own.js';

const NON_ASCII = /[^\u0000-\u007f]/;

const nfc = (s: string): string => (NON_ASCII.test(s) ? s.normalize('NFC') : s);

/** `v` with every string and key in NFC; the same object when nothing changes. */
export function normalizeStrings(v: Value): Value {
  if (typeof v === 'string') return nfc(v);
  if (Array.isArray(v)) {
    const out = v.map(normalizeStrings);
    return out.every((x, i) => x === v[i]) ? v : out;
  }
  if (v === null || typeof v !== 'object' || Object.getPrototypeOf(v) !== Object.prototype) return v;
  let changed = false;
  const out: Record<string, Value> = {};
  for (const [k, x] of Object.entries(v as Record<string, Value>)) {
    const nk = nfc(k);
    const nx = normalizeStrings(x);
    if (nk !== k || nx !== x) changed = true;
    setOwn(out, nk, nx);
  }
  return changed ? out : v;
}
