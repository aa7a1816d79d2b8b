/**
 * Properties against the reference: generated HCL documents (blocks, labels, arguments, every expression kind,
 * templates, heredocs, comments, odd spacing) convert to exactly what @cdktf/hcl2json produces, or are refused
 * by both; the same holds for documents with random edits and for random text. And whatever the text, the
 * parser answers with a tree or an error — it never throws. Runs are bounded (fixed seeds, a few seconds).
 *
 * Known divergences, not generated here: keyform refuses nesting deeper than MAX_DEPTH (hcl2json's Go stack
 * grows instead), and identifiers outside ASCII follow the JavaScript engine's Unicode tables, which may be
 * newer than HCL's.
 */
import { prepareModule } from '../../../src/config/context.js';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { desiredInstances } from '../../../src/config/evaluate.js';
import { parseHcl } from '../../../src/config/hcl/index.js';
import { loadConfigSources } from '../../../src/config/load.js';
import { validateModule } from '../../../src/config/validate.js';
import { documents, mutated } from './hcl-arbitraries.js';
import { agree, ours, theirs } from './reference.js';

const sameAsReference = async (text: string): Promise<void> => {
  const [a, b] = [ours(text), await theirs(text)];
  assert.ok(agree(a, b), `keyform and hcl2json disagree on ${JSON.stringify(text)}:\n keyform  ${JSON.stringify(a)}\n hcl2json ${JSON.stringify(b)}`);
};

const HCL_CHARS = ['a', 'b', '1', '.', ' ', '\n', '"', '=', '{', '}', '[', ']', '(', ')', ',', '$', '%', '~', '#', '/', '*', '<', '-', '\\', 'E', 'O', 'T', ':', '?', '!', '\t', 'é'];

describe('HCL parser properties (against @cdktf/hcl2json)', () => {
  it('generated documents convert exactly as hcl2json converts them', async () => {
    await fc.assert(fc.asyncProperty(documents(), sameAsReference), { seed: 4242, numRuns: 80 });
  });

  it('edited documents: the same result, or an error from both', async () => {
    await fc.assert(fc.asyncProperty(mutated(documents()), sameAsReference), { seed: 1717, numRuns: 60 });
  });

  it('random text: the same result, or an error from both', async () => {
    await fc.assert(fc.asyncProperty(fc.string({ unit: fc.constantFrom(...HCL_CHARS), maxLength: 40 }), sameAsReference), { seed: 99, numRuns: 100 });
  });

  it('never throws, whatever the text', () => {
    const text = fc.oneof(fc.string({ unit: 'binary', maxLength: 200 }), mutated(documents()), fc.string({ unit: fc.constantFrom(...HCL_CHARS), maxLength: 300 }));
    fc.assert(
      fc.property(text, (t) => {
        const result = parseHcl('fuzz.tf', t);
        assert.ok('node' in result || ('error' in result && result.error.line >= 1 && result.error.column >= 1 && result.error.message.length > 0));
      }),
      { seed: 7, numRuns: 1000 },
    );
  });

  it('the loader, validator and evaluator never throw on HCL either', () => {
    const resources = documents().map((doc) => doc.replace(/^resource( "?[a-z]+"?)? /gm, 'resource "cycloid_organization_api_key" '));
    fc.assert(
      fc.property(fc.oneof(resources, mutated(resources)), (text) => {
        const loaded = loadConfigSources('/fuzz', [{ file: 'main.tf', text }]);
        if (!loaded.module) return;
        validateModule(loaded.module);
        desiredInstances(prepareModule(loaded.module, { variables: new Map() }));
      }),
      { seed: 11, numRuns: 300 },
    );
  });

  it('refuses absurd nesting with an error instead of overflowing the stack', () => {
    for (const text of [`a = ${'['.repeat(100_000)}`, `a = ${'-'.repeat(100_000)}1`, `${'b {\n'.repeat(5_000)}`, `a = "${'${"'.repeat(20_000)}"`, `a = ${'x ? '.repeat(50_000)}1`]) {
      const result = parseHcl('deep.tf', text);
      assert.ok('error' in result, 'an error');
    }
  });
});
