/** The runtime side of cycloid_organization_api_key: list, read, update, delete and import against the emulator. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startEmulator, type EmulatorHandle } from '../../src/emulator/index.js';
import { apiKeyClient } from '../../src/provider/cycloid/api-key-resource.js';
import type { ResourceClient } from '../../src/provider/resource.js';
import type { Values } from '../../src/values.js';
import { adminClient, rule } from './helpers.js';

describe('cycloid_organization_api_key: read, update, delete, import', () => {
  let emu: EmulatorHandle;
  let keys: ResourceClient;
  let created: Values;
  before(async () => {
    emu = await startEmulator();
    keys = apiKeyClient({ client: adminClient(emu).client, defaultOrganization: 'acme' });
    created = await keys.create({
      planned: { organization_canonical: 'acme', canonical: 'ci-deploy', name: 'CI deploy', description: 'deploys', owner: 'bob', rules: [rule('organization:project:read', ['organization:acme:project:web']), rule('organization:credential:read')] },
    });
  });
  after(async () => {
    await keys.close();
    await emu.close();
  });

  const remote: Values = {};
  it('lists every key of the organizations by identity, without tokens', async () => {
    const all = await keys.list(['acme', 'acme']);
    assert.deepEqual([...all.keys()].sort(), ['acme/admin', 'acme/ci-deploy']);
    Object.assign(remote, all.get('acme/ci-deploy'));
    assert.deepEqual(remote, {
      id: created['id'], organization_canonical: 'acme', canonical: 'ci-deploy', name: 'CI deploy', description: 'deploys', owner: 'bob',
      rules: [
        { action: 'organization:project:read', effect: 'allow', resources: ['organization:acme:project:web'] },
        { action: 'organization:credential:read', effect: 'allow', resources: [] },
      ],
      last_seven: created['last_seven'],
    });
  });

  it('reads one key by identity; a missing one is undefined', async () => {
    assert.deepEqual(await keys.read('acme/ci-deploy'), remote);
    assert.equal(await keys.read('acme/nope'), undefined);
  });

  it('update sends name, description and owner; a description not set is cleared; the token is kept', async () => {
    const prior = { ...remote, token: created['token']! };
    const renamed = await keys.update({ prior, planned: { ...prior, name: 'CI deploy 2', description: '' } });
    assert.equal(renamed['name'], 'CI deploy 2');
    assert.equal(renamed['description'], '');
    assert.equal(renamed['owner'], 'bob');
    assert.equal(renamed['token'], created['token']);
    const reowned = await keys.update({ prior: renamed, planned: { ...renamed, owner: 'alice' } });
    assert.equal(reowned['owner'], 'alice');
    assert.equal((await keys.read('acme/ci-deploy'))?.['description'], '');
  });

  it('imports by canonical and by organization/canonical, with a null token', async () => {
    const byCanonical = await keys.importState({ id: 'ci-deploy' });
    const byFull = await keys.importState({ id: 'acme/ci-deploy' });
    assert.deepEqual(byCanonical, byFull);
    assert.equal(byFull['token'], null);
    assert.equal(byFull['canonical'], 'ci-deploy');
    assert.equal(byFull['last_seven'], created['last_seven']);
  });

  it('import of a missing key is NOT_FOUND saying so; a malformed id is INVALID_IMPORT_ID', async () => {
    await assert.rejects(keys.importState({ id: 'acme/ghost' }), (err: unknown) => {
      assert.equal((err as { code: string }).code, 'NOT_FOUND');
      assert.match((err as Error).message, /there is no API key ghost in organization acme/);
      return true;
    });
    await assert.rejects(keys.importState({ id: 'a/b/c' }), { code: 'INVALID_IMPORT_ID' });
    await assert.rejects(keys.importState({ id: 'Not A Canonical' }), { code: 'INVALID_IMPORT_ID' });
    const noDefault = apiKeyClient({ client: adminClient(emu).client });
    await assert.rejects(noDefault.importState({ id: 'ci-deploy' }), /default_organization/);
    await noDefault.close();
  });

  it('delete revokes the key; deleting it again is fine', async () => {
    const prior = { ...remote, token: created['token']! };
    await keys.delete({ prior });
    assert.equal(await keys.read('acme/ci-deploy'), undefined);
    await keys.delete({ prior });
  });
});
