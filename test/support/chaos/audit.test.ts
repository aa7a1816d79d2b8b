/**
 * The checks of the chaos run catch what they are meant to: a checker that always answers "0" would prove nothing.
 * Each finding is provoked on purpose against an in-process emulator and a hand-made state.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startEmulator, type EmulatorHandle } from '../../../src/emulator/index.js';
import { emptyState, LocalBackend, loadKey, newInstance, setInstance } from '../../../src/state/index.js';
import { call } from '../api.js';
import { audit, type RemoteKey } from './audit.js';
import { lookAtState, type StateKeyEntry } from './state-check.js';

const KEYS = '/organizations/acme/api_keys';
const RULES = [{ action: 'organization:project:read', effect: 'allow' }];

describe('chaos: the audit and the state check find what they look for', () => {
  let emu: EmulatorHandle;
  const made = new Map<string, { key: RemoteKey; token: string }>();
  const entry = (canonical: string, over: Record<string, unknown> = {}, status?: string): StateKeyEntry => {
    const { key, token } = made.get(canonical)!;
    return { address: `t.${canonical}`, ...(status ? { status } : {}), attributes: { id: key.id, canonical, name: key.name, description: key.description, rules: key.rules, last_seven: key.last_seven, token, ...over } };
  };
  before(async () => {
    emu = await startEmulator();
    for (const c of ['key-a', 'key-b', 'key-c', 'key-d', 'key-e', 'key-f']) {
      const res = await call(emu.url, 'POST', KEYS, { token: emu.adminToken, body: { canonical: c, name: `Key ${c}`, rules: RULES } });
      made.set(c, { key: res.body.data, token: res.body.data.token });
    }
    await call(emu.url, 'POST', KEYS, { token: emu.adminToken, body: { canonical: 'key-a-again', name: 'Key key-a', rules: RULES } });
    await call(emu.url, 'DELETE', `${KEYS}/key-f`, { token: emu.adminToken });
  });
  after(() => emu.close());

  it('a clean organization and state give no finding', async () => {
    const a = await audit(emu, ['key-b', 'key-c'], [entry('key-b'), entry('key-c')], 'admin');
    assert.deepEqual(a.missing, []);
    assert.deepEqual(a.lostTokens, []);
    assert.deepEqual(a.stateMismatches, []);
  });

  it('finds orphans, duplicates, missing keys, lost tokens and state ≠ remote', async () => {
    const other = made.get('key-c')!.token;
    const a = await audit(emu, ['key-a', 'key-b', 'key-c', 'key-d', 'key-e', 'key-g'], [
      entry('key-a'),
      entry('key-b', { token: null }),
      entry('key-c', {}, 'pending_create'),
      entry('key-d', { token: other }),
      entry('key-e', { name: 'renamed' }),
      entry('key-f'),
    ]);
    assert.deepEqual(a.orphans, ['key-a-again']);
    assert.deepEqual(a.duplicates, ['name "Key key-a" ×2']);
    assert.deepEqual(a.missing, ['key-g']);
    assert.equal(a.lostTokens.length, 3, a.lostTokens.join('\n'));
    assert.match(a.lostTokens.join('\n'), /key-b: no token in state/);
    assert.match(a.lostTokens.join('\n'), /key-c: recorded as a pending create/);
    assert.match(a.lostTokens.join('\n'), /key-d: the token in state is not the live key's/);
    assert.deepEqual(a.stateMismatches, ['t.key-e: name differ from the live key', 't.key-f: in state, but no such key in the organization']);
  });

  it('a token the API never issued is lost, even with the live key\'s last_seven', async () => {
    const { token } = made.get('key-e')!;
    await call(emu.url, 'DELETE', `${KEYS}/key-e`, { token: emu.adminToken });
    const res = await call(emu.url, 'POST', KEYS, { token: emu.adminToken, body: { canonical: 'key-e', name: 'Key key-e', rules: RULES } });
    const fake = `${token.slice(0, -7)}${res.body.data.last_seven}`;
    const a = await audit(emu, ['key-e'], [{ address: 't.key-e', attributes: { ...entry('key-e').attributes, id: res.body.data.id, last_seven: res.body.data.last_seven, token: fake } }]);
    assert.match(a.lostTokens.join('\n'), /key-e: the token in state was never issued/);
  });

  it('the state check reports a truncated state, another lineage, and a journal that would be set aside', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'keyform-statecheck-'));
    const env = { KEYFORM_ENCRYPTION_KEY: randomBytes(32).toString('base64') };
    try {
      const backend = new LocalBackend(join(dir, 'keyform.tfstate'), { key: await loadKey(dir, env) });
      const written = await backend.write(setInstance(emptyState(), 't', 'x', undefined, newInstance('t', { canonical: 'x' }, [])));
      assert.deepEqual((await lookAtState(dir, env, written.lineage)).problems, []);
      assert.match((await lookAtState(dir, env, 'another')).problems.join(), /lineage changed/);
      writeFileSync(join(dir, 'keyform.tfstate.journal'), `${JSON.stringify({ journal: 1, lineage: 'another', serial: 1, key_id: (await loadKey(dir, env)).id })}\n`);
      assert.match((await lookAtState(dir, env, written.lineage)).problems.join(), /journal would be set aside/);
      rmSync(join(dir, 'keyform.tfstate.journal'));
      const text = readFileSync(join(dir, 'keyform.tfstate'), 'utf8');
      writeFileSync(join(dir, 'keyform.tfstate'), text.slice(0, text.length / 2));
      assert.match((await lookAtState(dir, env, written.lineage)).problems.join(), /does not parse/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
