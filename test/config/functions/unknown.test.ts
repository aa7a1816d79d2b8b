/**
 * Unknown arguments (known only after apply): the result is unknown, except where Terraform can still tell —
 * and mistakes in the known arguments are reported all the same. (The golden table checks ~60 such calls
 * against Terraform; these are the rules, one line each.)
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { callFunction } from '../../../src/config/expr/functions/index.js';
import { UNKNOWN, type Value } from '../../../src/values.js';
import { encode } from './golden-file.js';

const U = UNKNOWN;
const unknown = { __unknown__: true };

const cases: Array<{ rule: string; call: [string, Value[]]; expected: unknown }> = [
  { rule: 'an unknown argument makes the result unknown', call: ['upper', [U]], expected: { value: unknown } },
  { rule: 'so does an unknown inside an argument', call: ['join', [',', ['a', U]]], expected: { value: unknown } },
  { rule: 'and inside an object', call: ['jsonencode', [{ a: { b: U } }]], expected: { value: unknown } },
  { rule: 'the length of a list of unknowns is known', call: ['length', [[U, U, U]]], expected: { value: 3 } },
  { rule: 'the keys of an object with unknown values are known', call: ['keys', [{ b: U, a: 1 }]], expected: { value: ['a', 'b'] } },
  { rule: 'coalesce is decided by an earlier known argument', call: ['coalesce', ['', 'x', U]], expected: { value: 'x' } },
  { rule: 'coalesce cannot look past an unknown', call: ['coalesce', [null, U, 'x']], expected: { value: unknown } },
  { rule: 'values moved around stay unknown in place', call: ['concat', [[U], ['a']]], expected: { value: [unknown, 'a'] } },
  { rule: 'lookup of a known key ignores unknown neighbours', call: ['lookup', [{ a: U, b: 'x' }, 'b']], expected: { value: 'x' } },
  { rule: 'an unknown default does not matter when the key is there', call: ['lookup', [{ a: 'x' }, 'a', U]], expected: { value: 'x' } },
  { rule: 'contains is true once a known element matches', call: ['contains', [[U, 'a'], 'a']], expected: { value: true } },
  { rule: 'contains is unknown when no known element matches', call: ['contains', [[U, 'a'], 'b']], expected: { value: unknown } },
  { rule: 'anytrue is true once a known element is', call: ['anytrue', [[U, true]]], expected: { value: true } },
  { rule: 'sort knows the length, not the order', call: ['sort', [[U, 'a']]], expected: { value: [unknown, unknown] } },
  { rule: 'a set puts unknown elements last', call: ['toset', [['b', U, 'a']]], expected: { value: ['a', 'b', unknown] } },
  { rule: 'formatlist leaves one element unknown', call: ['formatlist', ['%s!', ['a', U]]], expected: { value: ['a!', unknown] } },
  { rule: 'the argument count is checked first', call: ['upper', [U, U]], expected: { error: 'Too many arguments: upper takes 1' } },
  { rule: 'a known argument of the wrong type is reported', call: ['substr', [U, [1], 2]], expected: { error: 'Invalid value for "offset" parameter: a number is required, not a list', arg: 1 } },
  { rule: 'a wrong type around an unknown is reported', call: ['upper', [[U]]], expected: { error: 'Invalid value for "str" parameter: a string is required, not a list', arg: 0 } },
  { rule: 'a bad pattern is reported before the string is known', call: ['regex', ['(', U]], expected: { error: 'Invalid value for "pattern" parameter: invalid regexp pattern: missing closing ) in (', arg: 0 } },
];

describe('unknown arguments', () => {
  for (const c of cases) {
    it(c.rule, () => {
      const r = callFunction(...c.call);
      assert.deepEqual('value' in r ? { value: encode(r.value) } : r, c.expected);
    });
  }
});
