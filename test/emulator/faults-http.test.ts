/** Fault injection over HTTP: the same seed replays the same faults, and "committed then dropped" commits. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startEmulator, type EmulatorHandle } from '../../src/emulator/index.js';
import { call, client } from '../support/api.js';
import { assertError } from '../support/schema-check.js';

const KEYS = '/organizations/acme/api_keys';

/** What a client sees for each of `n` GETs: a status, or 'reset' when the connection died. */
async function observe(emu: EmulatorHandle, n: number): Promise<string[]> {
  const seen: string[] = [];
  for (let i = 0; i < n; i++) {
    try {
      const res = await call(emu.url, 'GET', `${KEYS}?page_size=1`, { token: emu.adminToken });
      seen.push(String(res.status));
    } catch {
      seen.push('reset');
    }
  }
  return seen;
}

describe('emulator: fault injection over HTTP', () => {
  let emu: EmulatorHandle;
  before(async () => {
    emu = await startEmulator();
  });
  after(() => emu.close());

  const mix = [
    { method: 'GET', path: '/organizations/*/api_keys', kind: 'status' as const, status: 503, probability: 0.2 },
    { method: 'GET', path: '/organizations/*/api_keys', kind: 'status' as const, status: 429, retry_after: 2, probability: 0.1 },
    { method: 'GET', path: '/organizations/*/api_keys', kind: 'reset' as const, probability: 0.1 },
  ];

  it('gives the same faults for the same seed, and other faults for another seed', async () => {
    emu.faults.set(mix, 7);
    const first = await observe(emu, 60);
    emu.faults.set(mix, 7);
    const second = await observe(emu, 60);
    emu.faults.set(mix, 8);
    const third = await observe(emu, 60);
    emu.faults.clear();
    assert.deepEqual(second, first);
    assert.notDeepEqual(third, first);
    for (const kind of ['200', '503', '429', 'reset']) assert.ok(first.includes(kind), `seed 7 over 60 requests shows ${kind}: ${first.join(',')}`);
  });

  it('sends Retry-After with an injected 429, in the error envelope', async () => {
    emu.faults.set([{ method: 'GET', path: '/organizations/*/api_keys', kind: 'status', status: 429, retry_after: 3, times: 1 }], 1);
    const res = await call(emu.url, 'GET', KEYS, { token: emu.adminToken });
    assertError(res, 429, 'TooManyRequests');
    assert.equal(res.headers['retry-after'], '3');
    assert.equal((await call(emu.url, 'GET', KEYS, { token: emu.adminToken })).status, 200, 'times: 1 is spent');
    emu.faults.clear();
  });

  it('"committed then dropped" creates the key although the client gets no answer', async () => {
    emu.faults.set([{ method: 'POST', path: '/organizations/*/api_keys', kind: 'drop_after_commit', times: 1 }], 1);
    await assert.rejects(
      call(emu.url, 'POST', KEYS, { token: emu.adminToken, body: { canonical: 'dropped', name: 'Dropped', rules: [] } }),
      'the client sees a failed request',
    );
    const got = await call(emu.url, 'GET', `${KEYS}/dropped`, { token: emu.adminToken });
    assert.equal(got.status, 200, 'the key was committed');
    assert.equal(got.body.data.name, 'Dropped');
    const again = await call(emu.url, 'POST', KEYS, { token: emu.adminToken, body: { canonical: 'dropped', name: 'Dropped', rules: [] } });
    assertError(again, 409, 'Conflict');
    emu.faults.clear();
  });

  it('a reset happens before any work: the key is not created', async () => {
    emu.faults.set([{ method: 'POST', path: '/organizations/*/api_keys', kind: 'reset', times: 1 }], 1);
    await assert.rejects(call(emu.url, 'POST', KEYS, { token: emu.adminToken, body: { canonical: 'never', name: 'Never', rules: [] } }));
    assertError(await call(emu.url, 'GET', `${KEYS}/never`, { token: emu.adminToken }), 404, 'NotFoundEntity');
    emu.faults.clear();
  });

  it('adds latency within the configured range', async () => {
    emu.faults.set([{ path: '/organizations/*/api_keys', kind: 'latency', min_ms: 80, max_ms: 120 }], 1);
    const started = Date.now();
    assert.equal((await call(emu.url, 'GET', KEYS, { token: emu.adminToken })).status, 200);
    assert.ok(Date.now() - started >= 80);
    emu.faults.clear();
  });

  it('is controlled over HTTP with an admin token, and refuses other tokens', async () => {
    const api = client(emu.url, emu.adminToken);
    const set = await api.put('/_emulator/faults', { seed: 3, faults: [{ method: 'DELETE', kind: 'status', status: 502, times: 1 }] });
    assert.equal(set.status, 200, JSON.stringify(set.body));
    const created = await api.post(KEYS, { canonical: 'ctl-victim', name: 'Victim', rules: [] });
    assertError(await api.delete(`${KEYS}/ctl-victim`), 502, 'Unexpected');
    assert.equal((await api.delete(`${KEYS}/ctl-victim`)).status, 204);
    const stats = await api.get('/_emulator/faults');
    assert.equal(stats.body.data.byKind.status, 1);
    const other = await api.post(KEYS, { canonical: 'not-admin', name: 'Not admin', rules: [{ action: 'organization:**', effect: 'allow' }] });
    assertError(await call(emu.url, 'PUT', '/_emulator/faults', { token: other.body.data.token, body: { faults: [] } }), 403, 'Unauthorized');
    assertError(await api.put('/_emulator/faults', { faults: [{ kind: 'explode' }] }), 422, 'ValidationError');
    assert.equal(created.status, 200);
    emu.faults.clear();
  });
});
