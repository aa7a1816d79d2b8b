/** The test-only list of issued tokens: what a leak scan searches for. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { startEmulator } from '../../src/emulator/index.js';
import { call } from '../support/api.js';

const KEYS = '/organizations/acme/api_keys';
const RULES = [{ action: 'organization:project:read', effect: 'allow' }];

describe('emulator: issuedTokens()', () => {
  it('lists the admin, user and created keys\' tokens, deleted ones included, each once', async () => {
    const emu = await startEmulator();
    try {
      const seeded = emu.issuedTokens();
      assert.ok(seeded.includes(emu.adminToken));
      for (const token of Object.values(emu.userTokens['acme']!)) assert.ok(seeded.includes(token));
      const created = await call(emu.url, 'POST', KEYS, { token: emu.adminToken, body: { canonical: 'listed', name: 'Listed', rules: RULES } });
      assert.equal(created.status, 200);
      const token = created.body.data.token as string;
      assert.equal((await call(emu.url, 'DELETE', `${KEYS}/listed`, { token: emu.adminToken })).status, 204);
      const session = emu.issueUserToken('acme', 'alice');
      const all = emu.issuedTokens();
      assert.ok(all.includes(token), 'a revoked key\'s token stays listed');
      assert.ok(all.includes(session));
      assert.equal(new Set(all).size, all.length, 'no token twice');
      all.length = 0;
      assert.ok(emu.issuedTokens().includes(token), 'a copy is returned');
    } finally {
      await emu.close();
    }
  });

  it('after a restart on the same data, lists the tokens handed over from the data directory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'keyform-issued-'));
    try {
      const first = await startEmulator({ dataDir: dir });
      const admin = first.adminToken;
      await first.close();
      const second = await startEmulator({ dataDir: dir });
      try {
        assert.equal(second.adminToken, admin);
        assert.ok(second.issuedTokens().includes(admin));
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
