/** Data survives a restart, and a write answered 2xx survives kill -9 of the server process. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { call, client } from '../support/api.js';
import { spawnEmulator } from '../support/process.js';

const KEYS = '/organizations/acme/api_keys';

describe('emulator: persistence', () => {
  const dirs: string[] = [];
  const tempDir = () => {
    const d = mkdtempSync(join(tmpdir(), 'keyform-persist-'));
    dirs.push(d);
    return d;
  };
  after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('keeps keys, roles and tokens across a graceful restart, and exits 0 on SIGTERM', async () => {
    const dir = tempDir();
    const first = await spawnEmulator(['--port', '0', '--data-dir', dir, '--quiet']);
    const admin = client(first.url, first.adminToken);
    const created = await admin.post(KEYS, { canonical: 'kept', name: 'Kept key', description: 'survives', rules: [{ action: 'organization:api_key:read', effect: 'allow' }] });
    assert.equal(created.status, 200);
    assert.equal((await admin.post('/organizations/acme/roles', { canonical: 'kept-role', name: 'Kept role', rules: [] })).status, 200);
    first.child.kill('SIGTERM');
    assert.deepEqual(await first.exited, { code: 0, signal: null });

    const second = await spawnEmulator(['--port', '0', '--data-dir', dir, '--quiet']);
    try {
      assert.equal(second.adminToken, first.adminToken, 'the admin token file is reused');
      assert.equal(statSync(second.adminTokenFile).mode & 0o777, 0o600);
      const again = client(second.url, second.adminToken);
      const got = await again.get(`${KEYS}/kept`);
      assert.equal(got.status, 200);
      assert.equal(got.body.data.description, 'survives');
      assert.equal(got.body.data.id, created.body.data.id);
      assert.equal((await again.get('/organizations/acme/roles/kept-role')).status, 200);
      // The key's own token still works after the restart.
      assert.equal((await call(second.url, 'GET', `${KEYS}/kept`, { token: created.body.data.token })).status, 200);
      // Ids keep growing: a new key never reuses an id.
      const next = await again.post(KEYS, { canonical: 'after-restart', name: 'After restart', rules: [] });
      assert.ok(next.body.data.id > created.body.data.id);
    } finally {
      second.child.kill('SIGTERM');
      await second.exited;
    }
  });

  it('a write answered 2xx survives kill -9, and so does a delete', async () => {
    const dir = tempDir();
    const first = await spawnEmulator(['--port', '0', '--data-dir', dir, '--quiet']);
    const admin = client(first.url, first.adminToken);
    assert.equal((await admin.post(KEYS, { canonical: 'to-delete', name: 'To delete', rules: [] })).status, 200);
    const tokens: string[] = [];
    for (let i = 0; i < 20; i++) {
      const res = await admin.post(KEYS, { canonical: `crash-${i}`, name: `Crash ${i}`, rules: [{ action: 'organization:api_key:read', effect: 'allow' }] });
      assert.equal(res.status, 200);
      tokens.push(res.body.data.token);
    }
    assert.equal((await admin.delete(`${KEYS}/to-delete`)).status, 204);
    assert.equal((await admin.put(`${KEYS}/crash-0`, { name: 'Renamed before the crash' })).status, 200);
    first.child.kill('SIGKILL');
    assert.equal((await first.exited).signal, 'SIGKILL');

    const second = await spawnEmulator(['--port', '0', '--data-dir', dir, '--quiet']);
    try {
      const again = client(second.url, second.adminToken);
      const list = await again.get(KEYS);
      const canonicals = list.body.data.map((k: { canonical: string }) => k.canonical);
      for (let i = 0; i < 20; i++) assert.ok(canonicals.includes(`crash-${i}`), `crash-${i} is missing after kill -9`);
      assert.ok(!canonicals.includes('to-delete'));
      assert.equal((await again.get(`${KEYS}/crash-0`)).body.data.name, 'Renamed before the crash');
      for (const token of tokens) assert.equal((await call(second.url, 'GET', KEYS, { token })).status, 200);
    } finally {
      second.child.kill('SIGTERM');
      await second.exited;
    }
  });

  it('a missing admin token file is replaced by a new token, and the old one is revoked', async () => {
    const dir = tempDir();
    const first = await spawnEmulator(['--port', '0', '--data-dir', dir, '--quiet']);
    first.child.kill('SIGTERM');
    await first.exited;
    rmSync(join(dir, 'tokens', 'acme', 'admin-key'));
    const second = await spawnEmulator(['--port', '0', '--data-dir', dir, '--quiet']);
    try {
      assert.notEqual(second.adminToken, first.adminToken);
      assert.equal((await call(second.url, 'GET', KEYS, { token: second.adminToken })).status, 200);
      assert.equal((await call(second.url, 'GET', KEYS, { token: first.adminToken })).status, 401);
    } finally {
      second.child.kill('SIGTERM');
      await second.exited;
    }
  });
});
