/**
 * Differential: every snippet of the corpus is converted by keyform's HCL parser and by @cdktf/hcl2json, and the
 * JSON must be identical (positions aside); the invalid snippets must be refused by both.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { INVALID, VALID } from './corpus.js';
import { ours, theirs } from './reference.js';

describe('HCL → Terraform JSON, the same as hcl2json', () => {
  it('has a corpus of at least 40 valid snippets', () => assert.ok(Object.keys(VALID).length >= 40));
  for (const [name, text] of Object.entries(VALID)) {
    it(name, async () => {
      const reference = await theirs(text);
      assert.ok('ok' in reference, `hcl2json refuses this snippet: ${'error' in reference ? reference.error : ''}`);
      assert.deepStrictEqual(ours(text), reference);
    });
  }
});

describe('HCL that both refuse', () => {
  for (const [name, text] of Object.entries(INVALID)) {
    it(name, async () => {
      const reference = await theirs(text);
      assert.ok('error' in reference, `hcl2json accepts this snippet: ${JSON.stringify(reference)}`);
      const result = ours(text);
      assert.ok('error' in result, `keyform accepts it: ${JSON.stringify(result)}`);
    });
  }
});
