/** The derived canonical (fast-check): valid or rejected, idempotent, and the same as the API's derivation. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { canonicalFromName, deriveCanonical, isCanonical } from '../../src/canonical.js';

const PATTERN = /^[a-z0-9]+[a-z0-9\-_]+[a-z0-9]+$/;
const names = fc.oneof(
  fc.string({ maxLength: 300 }),
  fc.string({ unit: 'grapheme', maxLength: 150 }),
  fc.stringMatching(/^[A-Za-z0-9 _\-.!()]{0,250}$/),
);

describe('derived canonical', () => {
  it('is a valid canonical or is rejected', () => {
    fc.assert(fc.property(names, (name) => {
      const c = deriveCanonical(name);
      if (c === undefined) return !isCanonical(canonicalFromName(name));
      return PATTERN.test(c) && c.length >= 3 && c.length <= 100;
    }), { numRuns: 2000, seed: 42 });
  });

  it('is idempotent', () => {
    fc.assert(fc.property(names, (name) => {
      const c = deriveCanonical(name);
      return c === undefined || deriveCanonical(c) === c;
    }), { numRuns: 2000, seed: 43 });
  });

  it('examples', () => {
    assert.equal(deriveCanonical('CI Deploy (prod)'), 'ci-deploy-prod');
    assert.equal(deriveCanonical('--__Hello__World__--'), 'hello__world');
    assert.equal(deriveCanonical('ab'), undefined);
    assert.equal(deriveCanonical('Ünïcode key'), 'n-code-key');
    assert.equal(deriveCanonical(`${'a'.repeat(99)}-b`), 'a'.repeat(99), 'the cut never ends on a separator');
  });
});
