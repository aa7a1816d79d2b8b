/**
 * JSON as Terraform writes it (Go's encoding/json through cty): object keys sorted, numbers in full decimal
 * form (1e21 → 1000000000000000000000), and `<`, `>`, `&`, U+2028, U+2029 escaped as \u003c and so on.
 */
import { isUnknown, type Value } from '../../../values.js';
import { numberToString } from './convert.js';
import { FunctionError } from './function-error.js';
import { compareCodePoints } from './set-order.js';

const SHORT: Record<string, string> = { '"': '\\"', '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f' };

/** A string as a JSON string literal, escaped as Go's encoder does (lone surrogates become U+FFFD). */
export function jsonString(s: string): string {
  const escaped = s.replace(/["\\\u0000-\u001f<>&\u2028\u2029]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, (c) => {
    if (SHORT[c]) return SHORT[c];
    if (c.length === 1 && c >= '\ud800' && c <= '\udfff') return '\ufffd';
    return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
  return `"${escaped}"`;
}

/** `v` as compact JSON, keys sorted; a FunctionError for unknown values and numbers JSON cannot hold. */
export function jsonEncode(v: Value): string {
  if (v === null) return 'null';
  if (isUnknown(v)) throw new FunctionError('an unknown value cannot be encoded as JSON');
  if (Array.isArray(v)) return `[${v.map(jsonEncode).join(',')}]`;
  switch (typeof v) {
    case 'string':
      return jsonString(v);
    case 'boolean':
      return v ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(v)) throw new FunctionError(`${numberToString(v)} cannot be encoded as JSON`);
      return numberToString(v);
    default: {
      const keys = Object.keys(v).sort(compareCodePoints);
      return `{${keys.map((k) => `${jsonString(k)}:${jsonEncode(v[k]!)}`).join(',')}}`;
    }
  }
}
