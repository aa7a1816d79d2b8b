/**
 * keyform's functions against Terraform's own answers: every case of the golden table that
 * scripts/functions-golden.mjs produced by running `terraform console` (the test needs no terraform). A value
 * must be equal (unknown where Terraform's is unknown); an error must be an error. Cases marked `differs` are
 * keyform's documented departures and check keyform's own answer instead.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { callFunction, FUNCTIONS } from '../../../src/config/expr/functions/index.js';
import { decode, encode, readGolden } from './golden-file.js';

const golden = readGolden();

describe(`functions match terraform ${golden.terraform} (golden table)`, () => {
  for (const c of golden.cases) {
    it(`${c.expr}${c.differs ? ' (differs: see the case)' : ''}`, () => {
      const result = callFunction(c.fn, c.args.map(decode));
      const expected = c.ours ?? c.expected;
      if ('error' in expected) {
        assert.ok('error' in result, `expected an error like Terraform's (${'error' in c.expected ? c.expected.error : c.differs}), got ${JSON.stringify('value' in result ? encode(result.value) : result)}`);
        return;
      }
      if (!('value' in expected)) assert.fail(`Terraform's result is not a JSON value (${expected.rendered}); the case needs "differs"`);
      assert.ok('value' in result, `expected ${JSON.stringify(expected.value)}, got the error: ${'error' in result ? result.error : ''}`);
      assert.deepEqual(encode(result.value), expected.value);
    });
  }

  it('covers every function with at least 3 cases, one of them an error', () => {
    const missing: string[] = [];
    for (const name of FUNCTIONS.keys()) {
      const cases = golden.cases.filter((c) => c.fn === name);
      if (cases.length < 3 || !cases.some((c) => 'error' in c.expected)) missing.push(`${name} (${cases.length} cases)`);
    }
    assert.deepEqual(missing, []);
  });
});
