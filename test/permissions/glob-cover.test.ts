/** globCovers, globsCover and uncoveredExample: table cases, soundness and exactness properties. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { globCovers, globMatches, globsCover, uncoveredExample } from '../../src/permissions/index.js';
import { allStrings, anyPattern, pattern, subject, validGlob, widen } from './arbitraries.js';

const cases: Array<[a: string, b: string, expected: boolean]> = [
  ['organization:**', 'organization:project:read', true],
  ['organization:**', 'organization:*:read', true],
  ['organization:**', 'organization:**', true],
  ['organization:**', '**', false],
  ['organization:**', 'organization', false],
  ['**', 'organization:**', true],
  ['**', '*', true],
  ['**', 'a*b:**:c', true],
  ['*', '**', false],
  ['organization:*:read', 'organization:project:read', true],
  ['organization:*:read', 'organization:**:read', false],
  ['organization:**:read', 'organization:*:read', true],
  ['organization:**:read', 'organization:a:**:read', true],
  ['organization:**:**', 'organization:**:x', true],
  ['organization:**:x', 'organization:**:**', false],
  ['organization:project:*', 'organization:project:read', true],
  ['organization:project:read', 'organization:project:*', false],
  ['cy-*', 'cy-aws', true],
  ['cy-*', 'cy-*-prod', true],
  ['cy-*-prod', 'cy-*', false],
  ['*-staging', 'eu-*-staging', true],
  ['*', 'cy-*', true],
  ['cy-*', '*', false],
  ['a*b*c', 'a*c', false],
  ['a*c', 'a*b*c', true],
  ['a*b*c', 'ab*bc', true],
  ['*a*', '*aa*', true],
  ['*aa*', '*a*', false],
  ['a.b', 'a.b', true],
  ['a.b', 'axb', false],
  ['a*', 'a:*', false],
  ['x', '', true],
];

describe('globCovers', () => {
  for (const [a, b, expected] of cases) {
    it(`${JSON.stringify(a)} ${expected ? 'covers' : 'does not cover'} ${JSON.stringify(b)}`, () => {
      assert.equal(globCovers(a, b), expected);
      const example = uncoveredExample(a, b);
      if (expected) assert.equal(example, undefined);
      else {
        assert.ok(example !== undefined);
        assert.ok(globMatches(b, example) && !globMatches(a, example), `example ${JSON.stringify(example)}`);
      }
    });
  }

  it('covers a union only when the union is needed', () => {
    assert.equal(globCovers('organization:a*', 'organization:*'), false);
    assert.equal(globCovers('organization:a*', 'organization:a*'), true);
    assert.equal(globsCover(['organization:a*', 'organization:b*'], 'organization:*'), false);
    assert.equal(globsCover(['organization:a*', 'organization:*'], 'organization:*'), true);
    assert.equal(globsCover(['x:*', 'x:*:**'], 'x:**'), true);
    assert.equal(globsCover([], 'x:*'), false);
  });

  it('finishes on hostile globs (no exponential search) and answers soundly', { timeout: 60_000 }, () => {
    const hostile = `${'*a'.repeat(40)}*`;
    const r1 = globCovers(hostile, `${'*a'.repeat(41)}*`);
    assert.equal(r1, true);
    globCovers(`${'*a*b'.repeat(60)}`, `${'*b*a'.repeat(60)}`);
    const long = `${'x'.repeat(990)}*`;
    assert.equal(globCovers(long, long), true);
    assert.equal(globCovers(`${'x'.repeat(499)}*`, `${'x'.repeat(500)}*`), true);
  });

  it('`**` covers every pattern (property)', () => {
    fc.assert(fc.property(pattern, (p) => globCovers('**', p)), { numRuns: 500 });
  });

  it('a pattern covers itself (property)', () => {
    fc.assert(fc.property(pattern, (p) => globCovers(p, p)), { numRuns: 500 });
  });

  it('is sound: covers(a, b) and b matches s imply a matches s (property)', () => {
    fc.assert(
      fc.property(pattern, pattern, subject, (a, b, s) => !(globCovers(a, b) && globMatches(b, s)) || globMatches(a, s)),
      { numRuns: 3000 },
    );
  });

  it('is sound against every short string (property)', () => {
    const strings = allStrings(['a', 'b', ':', '-', 'x'], 5);
    fc.assert(
      fc.property(pattern, pattern, (a, b) => {
        if (!globCovers(a, b)) return true;
        return strings.every((s) => !globMatches(b, s) || globMatches(a, s));
      }),
      { numRuns: 300 },
    );
  });

  it('is exact: when it says no, the example is matched by b and not by a (property)', () => {
    fc.assert(
      fc.property(pattern, pattern, (a, b) => {
        const example = uncoveredExample(a, b);
        if (globCovers(a, b)) return example === undefined;
        return example !== undefined && globMatches(b, example) && !globMatches(a, example);
      }),
      { numRuns: 2000 },
    );
  });

  it('a widened glob covers the original (property)', () => {
    fc.assert(
      fc.property(validGlob.chain((g) => fc.tuple(fc.constant(g), widen(g))), ([g, wider]) => globCovers(wider, g)),
      { numRuns: 1000 },
    );
  });

  it('is transitive along widening chains (property)', () => {
    const chain = validGlob.chain((c) => widen(c).chain((b) => fc.tuple(widen(b), fc.constant(b), fc.constant(c))));
    fc.assert(
      fc.property(chain, ([a, b, c]) => globCovers(a, b) && globCovers(b, c) && globCovers(a, c)),
      { numRuns: 1000 },
    );
  });

  it('is transitive on random triples (property)', () => {
    fc.assert(
      fc.property(anyPattern, anyPattern, anyPattern, (a, b, c) => !(globCovers(a, b) && globCovers(b, c)) || globCovers(a, c)),
      { numRuns: 2000 },
    );
  });

  it('a union covers whatever one of its members covers (property)', () => {
    fc.assert(
      fc.property(fc.array(pattern, { minLength: 1, maxLength: 3 }), pattern, (as, b) => {
        return !as.some((a) => globCovers(a, b)) || globsCover(as, b);
      }),
      { numRuns: 1000 },
    );
  });
});
