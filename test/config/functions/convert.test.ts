/** Terraform's primitive conversions (convert.ts), shared by functions and operators: GIVEN a value, WHEN converted, THEN … */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConversionError, numberToString, toBoolValue, toNumberValue, toStringValue, typeName } from '../../../src/config/expr/functions/convert.js';
import { UNKNOWN, type Value } from '../../../src/values.js';

const throwsConversion = (f: () => unknown, message: RegExp): void => {
  assert.throws(f, (e: unknown) => e instanceof ConversionError && e.code === 'ERR_CONVERSION' && message.test(e.message));
};

describe('toStringValue', () => {
  const cases: Array<[Value, string]> = [
    ['abc', 'abc'],
    [1, '1'],
    [1.5, '1.5'],
    [-3, '-3'],
    [100000000000, '100000000000'],
    [1e21, '1000000000000000000000'],
    [1.5e-7, '0.00000015'],
    [123456.789, '123456.789'],
    [-0, '0'],
    [true, 'true'],
    [false, 'false'],
  ];
  for (const [v, s] of cases) it(`writes ${String(v)} as "${s}"`, () => assert.equal(toStringValue(v), s));
  it('refuses null, lists, objects and unknown values', () => {
    throwsConversion(() => toStringValue(null), /^a string is required, not null$/);
    throwsConversion(() => toStringValue([1]), /^a string is required, not a list$/);
    throwsConversion(() => toStringValue({ a: 1 }), /^a string is required, not an object$/);
    throwsConversion(() => toStringValue(UNKNOWN), /not an unknown value$/);
  });
  it('writes infinities as Terraform does', () => assert.deepEqual([numberToString(Infinity), numberToString(-Infinity)], ['+Inf', '-Inf']));
});

describe('toNumberValue', () => {
  const cases: Array<[Value, number]> = [
    [12, 12],
    ['12', 12],
    ['1.5', 1.5],
    ['-3', -3],
    ['+5', 5],
    ['.5', 0.5],
    ['5.', 5],
    ['1e3', 1000],
    ['1E-2', 0.01],
  ];
  for (const [v, n] of cases) it(`reads ${JSON.stringify(v)} as ${n}`, () => assert.equal(toNumberValue(v), n));
  for (const s of ['abc', ' 12', '0x10', '1_000', '', '-', 'Infinity', 'NaN']) {
    it(`refuses ${JSON.stringify(s)}`, () => throwsConversion(() => toNumberValue(s), /^cannot convert .* to a number: the string must be a decimal representation of a number$/));
  }
  it('refuses a number too large for a double', () => throwsConversion(() => toNumberValue('1e400'), /too large/));
  it('refuses bools, null and collections', () => {
    throwsConversion(() => toNumberValue(true), /^a number is required, not a bool$/);
    throwsConversion(() => toNumberValue(null), /^a number is required, not null$/);
    throwsConversion(() => toNumberValue({}), /^a number is required, not an object$/);
  });
});

describe('toBoolValue', () => {
  it('reads bools and the strings "true" and "false"', () => assert.deepEqual([toBoolValue(true), toBoolValue('true'), toBoolValue('false'), toBoolValue(false)], [true, true, false, false]));
  it('refuses other strings', () => throwsConversion(() => toBoolValue('True'), /^cannot convert "True" to a bool: only the strings "true" and "false" are allowed$/));
  it('refuses numbers and null', () => {
    throwsConversion(() => toBoolValue(1), /^a bool is required, not a number$/);
    throwsConversion(() => toBoolValue(null), /^a bool is required, not null$/);
  });
});

describe('typeName', () => {
  const cases: Array<[Value, string]> = [
    ['a', 'string'],
    [1, 'number'],
    [true, 'bool'],
    [[1], 'list'],
    [{ a: 1 }, 'object'],
    [null, 'null'],
    [UNKNOWN, 'unknown'],
  ];
  for (const [v, t] of cases) it(`names ${t}`, () => assert.equal(typeName(v), t));
});
