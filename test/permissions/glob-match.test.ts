/** globMatches: table-driven semantics, hostile inputs, and properties against a reference. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { globMatches } from '../../src/permissions/index.js';
import { anyPattern, pattern, referenceMatches, subject } from './arbitraries.js';

const cases: Array<[pattern: string, value: string, expected: boolean]> = [
  // literal
  ['organization:project:read', 'organization:project:read', true],
  ['organization:project:read', 'organization:project:reads', false],
  ['organization:project:read', 'organization:project', false],
  // `*` as a whole segment: exactly one segment
  ['organization:*:read', 'organization:project:read', true],
  ['organization:*:read', 'organization:a:b:read', false],
  ['organization:*', 'organization:project', true],
  ['organization:*', 'organization:project:read', false],
  ['organization:*', 'organization', false],
  ['*', 'anything-without-colon', true],
  ['*', 'a:b', false],
  // `*` inside a segment
  ['organization:acme:credential:cy-*', 'organization:acme:credential:cy-aws', true],
  ['organization:acme:credential:cy-*', 'organization:acme:credential:cy-', true],
  ['organization:acme:credential:cy-*', 'organization:acme:credential:aws', false],
  ['organization:acme:credential:cy-*', 'organization:acme:credential:cy-aws:x', false],
  ['organization:acme:environment:*-staging', 'organization:acme:environment:eu-staging', true],
  ['organization:acme:environment:*-staging', 'organization:acme:environment:eu-staging-2', false],
  ['a*b*c', 'abc', true],
  ['a*b*c', 'axxbyyc', true],
  ['a*b*c', 'acb', false],
  ['a*b*c', 'ab:c', false],
  // `**`: one or more whole segments
  ['organization:**', 'organization:project:read', true],
  ['organization:**', 'organization:x', true],
  ['organization:**', 'organization', false],
  ['organization:**', 'organizations:x', false],
  ['**', 'x', true],
  ['**', 'a:b:c', true],
  ['organization:**:read', 'organization:project:read', true],
  ['organization:**:read', 'organization:a:b:read', true],
  ['organization:**:read', 'organization:read', false],
  ['organization:**:read', 'organization:project:update', false],
  ['**:read', 'organization:project:read', true],
  ['**:read', 'read', false],
  // special characters are literal
  ['organization:a.b', 'organization:a.b', true],
  ['organization:a.b', 'organization:axb', false],
  ['a+b', 'a+b', true],
  ['a+b', 'aab', false],
  ['(a)?', '(a)?', true],
  ['(a)?', 'a', false],
  ['[ab]', '[ab]', true],
  ['[ab]', 'a', false],
  ['a$^|\\{1}', 'a$^|\\{1}', true],
  ['cy-*.tf', 'cy-main.tf', true],
  ['cy-*.tf', 'cy-maintf', false],
  // the empty string is neither an action nor a resource
  ['*', '', false],
  ['**', '', false],
  ['', '', false],
  // lenient reading of invalid globs: `**` inside a segment acts as `*`
  ['cy-**', 'cy-aws', true],
  ['cy-**', 'cy-a:b', false],
];

describe('globMatches', () => {
  for (const [p, v, expected] of cases) {
    it(`${JSON.stringify(p)} ${expected ? 'matches' : 'does not match'} ${JSON.stringify(v)}`, () => {
      assert.equal(globMatches(p, v), expected);
    });
  }

  // The matcher simulates an NFA (work bounded by pattern × value): a backtracking matcher would not finish these
  // inputs before the test's timeout.
  it('does not backtrack catastrophically on hostile input (10 KB)', { timeout: 60_000 }, () => {
    const as = 'a'.repeat(10_000);
    assert.equal(globMatches('*a*a*a*a*a*a*a*b', as), false);
    assert.equal(globMatches('*a*a*a*a*a*a*a*a', as), true);
    const segments = Array.from({ length: 5000 }, () => 'a').join(':');
    assert.equal(globMatches('**:a:**:a:**:a:**:a:**:b', segments), false);
    assert.equal(globMatches('**:a:**:a:**:a:**:a', segments), true);
    assert.equal(globMatches(`${'*a'.repeat(400)}b`, as), false);
  });

  it('handles the longest valid pattern against a 10 KB value', { timeout: 60_000 }, () => {
    const p = '*a'.repeat(500);
    assert.equal(globMatches(p, 'a'.repeat(10_000)), true);
    assert.equal(globMatches(p, `${'a'.repeat(9_999)}b`), false);
    assert.equal(globMatches(`${p}:**`, `${'a:'.repeat(5_000)}b`), false);
  });

  it('agrees with a reference regular expression (property)', () => {
    fc.assert(
      fc.property(pattern, subject, (p, s) => globMatches(p, s) === referenceMatches(p, s)),
      { numRuns: 2000 },
    );
  });

  it('`**` matches every non-empty string (property)', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), (s) => globMatches('**', s)),
      { numRuns: 500 },
    );
  });

  it('a glob without wildcards matches exactly itself (property)', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }).filter((s) => !s.includes('*')), subject, (p, s) => {
        return globMatches(p, p) && globMatches(p, s) === (p === s);
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on arbitrary strings (property)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), anyPattern), fc.oneof(fc.string(), fc.string({ unit: 'binary' })), (p, s) => {
        return typeof globMatches(p, s) === 'boolean';
      }),
      { numRuns: 1000 },
    );
  });
});
