/**
 * Property: every function, given any values (unknown ones, nulls, hostile keys, odd numbers and strings full of
 * format verbs and regex syntax) and any number of them, returns a value or throws a FunctionError — never
 * another exception — and what it returns is a value keyform can hold (no undefined, NaN or infinity).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { inspect } from 'node:util';
import { FunctionError, FUNCTIONS } from '../../../src/config/expr/functions/index.js';
import { isUnknown, UNKNOWN, type Value } from '../../../src/values.js';

const FRAGMENTS = ['%', '%s', '%d', '%05.2f', '%[2]v', '%q', '%%', '%#x', '/', '(', ')', '[', ']', '\\', '\\d', '(?P<n>', '{', '}', '*', '+', '?', '|', '$1', '${n}',
  '.', ',', ' ', '\n', '\r', 'é', '👍🏽', '\u0301', 'a', 'B', '0', '1', '-', 'true', 'false', 'dns', '=', '==', 'x'];
const text = fc.oneof(fc.string(), fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 8 }).map((p) => p.join('')));
const num = fc.oneof(fc.integer({ min: -5, max: 70 }), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.constantFrom(0.5, -0, 1e21, 2 ** 53 + 2, 1e-7));
const key = fc.oneof(fc.constantFrom('a', 'b', '__proto__', 'constructor', 'toString', '10', '9', ''), fc.string({ maxLength: 5 }));

const { value } = fc.letrec<{ value: Value }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.constant(UNKNOWN),
    fc.boolean(),
    num,
    text,
    fc.array(tie('value'), { maxLength: 4 }),
    fc.array(fc.tuple(key, tie('value')), { maxLength: 4 }).map((entries) => {
      const o: Record<string, Value> = {};
      for (const [k, v] of entries) Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
      return o;
    }),
  ),
}));

/** A value keyform can hold: JSON data and UNKNOWN, with finite numbers only. */
function isValue(v: unknown): boolean {
  if (v === null || typeof v === 'boolean' || typeof v === 'string' || isUnknown(v)) return true;
  if (typeof v === 'number') return Number.isFinite(v);
  if (Array.isArray(v)) return v.every(isValue);
  if (typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) return Object.values(v).every(isValue);
  return false;
}

describe('functions never throw anything but FunctionError', () => {
  it('holds for random arguments to every function', () => {
    fc.assert(
      fc.property(fc.constantFrom(...FUNCTIONS.keys()), fc.array(value, { maxLength: 4 }), (name, args) => {
        try {
          const result = FUNCTIONS.get(name)!.call(args);
          assert.ok(isValue(result), `${name} returned something that is not a value: ${inspect(result)}`);
        } catch (e) {
          if (!(e instanceof FunctionError)) throw e;
          assert.ok(e.message.length > 0);
        }
      }),
      { numRuns: 20_000 },
    );
  });
});
