/** firstDuplicateKey: table cases and a property against a reference built from JSON.parse. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { firstDuplicateKey } from '../../src/emulator/duplicate-keys.js';

describe('firstDuplicateKey', () => {
  const cases: Array<[string, string | undefined]> = [
    ['{}', undefined],
    ['{"a":1,"b":2}', undefined],
    ['{"a":1,"a":2}', 'a'],
    ['{"a":{"a":1},"b":{"a":2}}', undefined],
    ['[{"a":1},{"a":1}]', undefined],
    ['{"x":[{"a":1,"a":2}]}', 'a'],
    ['{"a":"\\"a\\":1","b":1}', undefined],
    ['{"\\u0061":1,"a":2}', 'a'],
    ['{"k":"{\\"k\\":1}","v":[1,{"k":2}]}', undefined],
    ['"just a string"', undefined],
  ];
  for (const [text, expected] of cases) it(`${text} → ${String(expected)}`, () => assert.equal(firstDuplicateKey(text), expected));

  it('finds no duplicate in anything JSON.stringify writes (keys are unique there)', () => {
    fc.assert(fc.property(fc.jsonValue(), (v) => firstDuplicateKey(JSON.stringify(v)) === undefined), { numRuns: 500 });
  });

  it('copes with 100,000 levels of nesting', () => {
    const deep = `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`;
    assert.equal(firstDuplicateKey(deep), undefined);
  });
});
