/** CycloidClient lists: every page of 2,500 keys in ceil(2501/1000) = 3 calls, and policies the same way. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startEmulator, type EmulatorHandle } from '../../src/emulator/index.js';
import { adminClient, routeCount, rule } from './helpers.js';

const LIST = 'GET /organizations/:org/api_keys';

describe('CycloidClient: paging', () => {
  let emu: EmulatorHandle;
  before(async () => {
    emu = await startEmulator();
  });
  after(() => emu.close());

  it('reads 2,500 keys (plus the admin key) in 3 list calls of 1,000', async () => {
    const { client } = adminClient(emu);
    const total = 2500;
    for (let start = 0; start < total; start += 100) {
      await Promise.all(
        Array.from({ length: Math.min(100, total - start) }, (_, i) =>
          client.createApiKey('acme', { canonical: `bulk-${start + i}`, name: `Bulk ${start + i}`, rules: [rule('organization:project:read')] }),
        ),
      );
    }
    const before = routeCount(emu, LIST);
    const keys = await client.listApiKeys('acme');
    assert.equal(routeCount(emu, LIST) - before, 3);
    assert.equal(keys.length, total + 1);
    assert.equal(new Set(keys.map((k) => k.canonical)).size, total + 1);
    assert.ok(keys.every((k) => k.token === undefined), 'a list never holds tokens');
    await client.close();
  });

  it('reads a list that fits one page in one call', async () => {
    const { client } = adminClient(emu);
    const before = routeCount(emu, 'GET /organizations/:org/policies');
    const policies = await client.listPolicies('acme');
    assert.equal(routeCount(emu, 'GET /organizations/:org/policies') - before, 1);
    assert.ok(policies.some((p) => p.code === 'organization:api_key:create'));
    await client.close();
  });
});
