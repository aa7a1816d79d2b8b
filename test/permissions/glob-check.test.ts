/** checkGlob and checkAction: which globs are rejected, and that the messages say why. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { MAX_GLOB_LENGTH, checkAction, checkGlob } from '../../src/permissions/index.js';
import { validGlob } from './arbitraries.js';

const valid = [
  'organization:project:read',
  'organization:**',
  '**',
  '*',
  'organization:*:read',
  'organization:acme:credential:cy-*',
  'organization:acme:environment:*-staging',
  'a*b*c',
  'organization:**:read',
  'organization:acme:project:web.app+(1)?[x]',
  'x'.repeat(MAX_GLOB_LENGTH),
];

const invalid: Array<[glob: string, messagePart: RegExp]> = [
  ['', /empty/],
  ['a::b', /empty segment/],
  [':a', /start with `:`/],
  ['a:', /end with `:`/],
  [':', /start with `:`/],
  ['cy-**', /`\*\*` must be a whole segment/],
  ['***', /`\*\*` must be a whole segment/],
  ['organization:***:read', /whole segment/],
  ['**-x:read', /whole segment/],
  ['organization: project', /whitespace.*U\+0020/],
  ['organization:project\t', /whitespace.*U\+0009/],
  ['organization:\nproject', /whitespace/],
  ['organization:pro\u0000ject', /control.*U\+0000/],
  ['organization:pro\u007fject', /control/],
  ['organization:pro\u200bject', /U\+200B/],
  ['organization:\u00a0', /whitespace/],
  ['x'.repeat(MAX_GLOB_LENGTH + 1), /at most 1000 characters/],
];

describe('checkGlob', () => {
  for (const glob of valid) {
    it(`accepts ${JSON.stringify(glob.slice(0, 60))}`, () => assert.equal(checkGlob(glob), undefined));
  }
  for (const [glob, messagePart] of invalid) {
    it(`rejects ${JSON.stringify(glob.slice(0, 60))}`, () => {
      const message = checkGlob(glob);
      assert.ok(message !== undefined, 'expected a message');
      assert.match(message, messagePart);
    });
  }
  it('accepts every generated valid glob (property)', () => {
    fc.assert(fc.property(validGlob, (g) => checkGlob(g) === undefined), { numRuns: 500 });
  });
  it('never throws, and returns a string or undefined (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 1100 }), (g) => {
        const r = checkGlob(g);
        return r === undefined || (typeof r === 'string' && r.length > 0);
      }),
      { numRuns: 500 },
    );
  });
});

describe('checkAction', () => {
  it('accepts policy codes and globs', () => {
    for (const a of ['organization:read', 'organization:api_key:list', 'organization:config_repository:read', 'organization:**', '**', '*', 'organization:credential:*']) {
      assert.equal(checkAction(a), undefined, a);
    }
  });
  it('rejects what checkGlob rejects', () => {
    assert.match(checkAction('a::b') ?? '', /empty segment/);
  });
  it('rejects upper case and odd characters in segments', () => {
    assert.match(checkAction('organization:Project:read') ?? '', /lower-case/);
    assert.match(checkAction('organization:project:re.ad') ?? '', /lower-case/);
  });
  it('rejects a concrete action without a verb', () => {
    assert.match(checkAction('organization') ?? '', /entity and a verb/);
  });
});
