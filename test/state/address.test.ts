/** Instance addresses: Terraform's printed forms, parsing back, and the storage order of index keys. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compareIndexKeys, formatAddress, parseAddress } from '../../src/state/address.js';
import { hasCode } from '../../src/state/errors.js';

describe('instance addresses', () => {
  const table: Array<[string, string, string | number | undefined, string]> = [
    ['cycloid_organization_api_key', 'ci', undefined, 'cycloid_organization_api_key.ci'],
    ['cycloid_organization_api_key', 'ci', 0, 'cycloid_organization_api_key.ci[0]'],
    ['cycloid_organization_api_key', 'ci', 12, 'cycloid_organization_api_key.ci[12]'],
    ['cycloid_organization_api_key', 'team', 'a', 'cycloid_organization_api_key.team["a"]'],
    ['cycloid_organization_api_key', 'team', 'with "quote" and ]', 'cycloid_organization_api_key.team["with \\"quote\\" and ]"]'],
    ['cycloid_organization_api_key', 'team', '0', 'cycloid_organization_api_key.team["0"]'],
  ];
  for (const [type, name, key, text] of table) {
    it(`formats and parses ${text}`, () => {
      assert.equal(formatAddress(type, name, key), text);
      assert.deepEqual(parseAddress(text), key === undefined ? { type, name } : { type, name, indexKey: key });
    });
  }

  it('rejects what is not an address', () => {
    for (const bad of ['ci', 'a.b.c', 'a.b[', 'a.b[x]', 'a.b["x"', '', 'a.b[-1]']) {
      assert.throws(() => parseAddress(bad), (e) => hasCode(e, 'STATE_ADDRESS_INVALID'), bad);
    }
  });

  it('orders no key, then numbers ascending, then strings by code unit', () => {
    const keys: Array<string | number | undefined> = ['b', 10, undefined, 'a', 2, 'B'];
    // (Array#sort never passes undefined to a comparator, so the keys are wrapped, as instances are.)
    const sorted = keys.map((k) => ({ k })).sort((x, y) => compareIndexKeys(x.k, y.k));
    assert.deepEqual(sorted.map((x) => x.k), [undefined, 2, 10, 'B', 'a', 'b']);
  });
});
