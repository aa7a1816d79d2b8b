/** CycloidClient retries: what is retried, how long it waits, and what a create never retries. */
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { startEmulator, type EmulatorHandle } from '../../src/emulator/index.js';
import { ApiError } from '../../src/provider/cycloid/api-error.js';
import { parseRetryAfter } from '../../src/provider/cycloid/retry-after.js';
import { backoffDelay } from '../../src/provider/cycloid/backoff.js';
import { adminClient, recordingClient, routeCount, rule } from './helpers.js';

const KEYS = '/organizations/*/api_keys';
const KEY = '/organizations/*/api_keys/*';

describe('CycloidClient: retries', () => {
  let emu: EmulatorHandle;
  before(async () => {
    emu = await startEmulator();
  });
  afterEach(() => emu.faults.clear());
  after(() => emu.close());

  it('waits as long as Retry-After says after a 429, then succeeds', async () => {
    emu.faults.set([{ method: 'GET', path: KEYS, kind: 'status', status: 429, retry_after: 3, times: 1 }], 11);
    const { client, events, sleeps } = adminClient(emu);
    const keys = await client.listApiKeys('acme');
    assert.ok(keys.length >= 1);
    assert.deepEqual(sleeps, [3000]);
    assert.deepEqual(events, [{ type: 'retry', method: 'GET', path: '/organizations/acme/api_keys', attempt: 1, waitMs: 3000, reason: '429' }]);
    await client.close();
  });

  it('backs off exponentially with jitter over 502s, then succeeds', async () => {
    emu.faults.set([{ method: 'GET', path: KEY, kind: 'status', status: 502, times: 3 }], 12);
    const { client, sleeps, events } = adminClient(emu);
    const key = await client.getApiKey('acme', 'admin');
    assert.equal(key?.canonical, 'admin');
    assert.deepEqual(sleeps, [50, 100, 200], 'random 0.5 × 100·2^(n−1)');
    assert.deepEqual(events.map((e) => e.type === 'retry' && e.reason), ['502', '502', '502']);
    await client.close();
  });

  it('retries 503s (honouring Retry-After) then succeeds', async () => {
    emu.faults.set([{ method: 'GET', path: KEY, kind: 'status', status: 503, retry_after: 2, times: 2 }], 13);
    const { client, sleeps } = adminClient(emu);
    assert.equal((await client.getApiKey('acme', 'admin'))?.canonical, 'admin');
    assert.deepEqual(sleeps, [2000, 2000]);
    await client.close();
  });

  it('retries connection resets on GET', async () => {
    emu.faults.set([{ method: 'GET', path: KEY, kind: 'reset', times: 2 }], 14);
    const { client, events } = adminClient(emu);
    assert.equal((await client.getApiKey('acme', 'admin'))?.canonical, 'admin');
    assert.equal(events.length, 2);
    assert.ok(events.every((e) => e.type === 'retry' && e.method === 'GET' && e.path === '/organizations/acme/api_keys/admin'));
    await client.close();
  });

  it('gives up after the configured attempts with the last error', async () => {
    emu.faults.set([{ method: 'GET', path: KEY, kind: 'status', status: 504 }], 15);
    const { client, sleeps } = adminClient(emu, { retry: { attempts: 4 } });
    await assert.rejects(client.getApiKey('acme', 'admin'), (err: unknown) => {
      assert.ok(err instanceof ApiError);
      assert.equal(err.code, 'SERVER');
      assert.equal(err.status, 504);
      assert.match(err.message, /^GET \/organizations\/acme\/api_keys\/admin: 504 Unexpected: Injected fault: 504 \[request [0-9a-f-]+\]$/);
      return true;
    });
    assert.equal(sleeps.length, 3);
    await client.close();
  });

  it('does not retry a 500 on GET', async () => {
    emu.faults.set([{ method: 'GET', path: KEY, kind: 'status', status: 500, times: 1 }], 16);
    const { client, sleeps } = adminClient(emu);
    await assert.rejects(client.getApiKey('acme', 'admin'), { code: 'SERVER', status: 500 });
    assert.equal(sleeps.length, 0);
    await client.close();
  });

  it('retries PUT and DELETE; a DELETE whose first answer was lost and then 404s is a success', async () => {
    const { client } = adminClient(emu);
    await client.createApiKey('acme', { canonical: 'retry-put', name: 'Retry put', rules: [rule('organization:project:read')] });
    emu.faults.set([{ method: 'PUT', path: KEY, kind: 'reset', times: 1 }], 17);
    assert.equal((await client.updateApiKey('acme', 'retry-put', { name: 'Retried put' })).name, 'Retried put');
    emu.faults.set([{ method: 'DELETE', path: KEY, kind: 'drop_after_commit', times: 1 }], 18);
    assert.equal(await client.deleteApiKey('acme', 'retry-put'), true);
    assert.equal(await client.getApiKey('acme', 'retry-put'), undefined);
    assert.equal(await client.deleteApiKey('acme', 'retry-put'), false, 'a plain 404 is "already gone"');
    await client.close();
  });

  it('never retries a POST that may have been processed: 503 → AMBIGUOUS', async () => {
    emu.faults.set([{ method: 'POST', path: KEYS, kind: 'status', status: 503, times: 1 }], 19);
    const { client, sleeps } = adminClient(emu);
    const posts = routeCount(emu, 'POST /organizations/:org/api_keys');
    await assert.rejects(client.createApiKey('acme', { canonical: 'amb-503', name: 'Ambiguous', rules: [] }), (err: unknown) => {
      assert.ok(err instanceof ApiError);
      assert.equal(err.code, 'AMBIGUOUS');
      assert.equal(err.status, 503);
      assert.ok(err.cause instanceof ApiError && err.cause.code === 'SERVER');
      assert.match(err.message, /^POST \/organizations\/acme\/api_keys: the request may have been carried out/);
      return true;
    });
    assert.equal(sleeps.length, 0);
    assert.equal(routeCount(emu, 'POST /organizations/:org/api_keys'), posts, 'an injected 503 is answered before routing');
    await client.close();
  });

  it('never retries a POST reset after it was sent: AMBIGUOUS with the network cause', async () => {
    emu.faults.set([{ method: 'POST', path: KEYS, kind: 'reset', times: 1 }], 20);
    const { client, events } = adminClient(emu);
    await assert.rejects(client.createApiKey('acme', { canonical: 'amb-reset', name: 'Ambiguous', rules: [] }), (err: unknown) => {
      assert.ok(err instanceof ApiError && err.code === 'AMBIGUOUS');
      assert.ok(err.cause instanceof ApiError && err.cause.code === 'NETWORK');
      return true;
    });
    assert.equal(events.length, 0);
    await client.close();
  });

  it('retries a POST answered 429: nothing was processed', async () => {
    emu.faults.set([{ method: 'POST', path: KEYS, kind: 'status', status: 429, retry_after: 1, times: 2 }], 21);
    const { client, sleeps } = adminClient(emu);
    const created = await client.createApiKey('acme', { canonical: 'after-429', name: 'After 429', rules: [] });
    assert.equal(created.canonical, 'after-429');
    assert.deepEqual(sleeps, [1000, 1000]);
    await client.close();
  });

  it('retries a POST whose connection was refused, then reports NETWORK', async () => {
    const { client, sleeps, events } = recordingClient('http://127.0.0.1:1', 'not-a-real-token-value', { retry: { attempts: 3 } });
    await assert.rejects(client.createApiKey('acme', { canonical: 'refused', name: 'Refused', rules: [] }), (err: unknown) => {
      assert.ok(err instanceof ApiError);
      assert.equal(err.code, 'NETWORK');
      assert.match(err.message, /ECONNREFUSED/);
      assert.ok(!err.message.includes('not-a-real-token-value'));
      return true;
    });
    assert.equal(sleeps.length, 2);
    assert.ok(events.every((e) => e.type === 'retry' && e.reason === 'ECONNREFUSED'));
    await client.close();
  });
});

describe('Retry-After and back-off', () => {
  it('reads seconds and HTTP dates, capped at 60 s', () => {
    const now = Date.parse('2025-01-01T00:00:00Z');
    assert.equal(parseRetryAfter('3', now), 3000);
    assert.equal(parseRetryAfter('0', now), 0);
    assert.equal(parseRetryAfter('3600', now), 60_000);
    assert.equal(parseRetryAfter('Wed, 01 Jan 2025 00:00:10 GMT', now), 10_000);
    assert.equal(parseRetryAfter('Tue, 31 Dec 2024 00:00:10 GMT', now), 0, 'a date in the past: no wait');
    assert.equal(parseRetryAfter('Thu, 01 Jan 2026 00:00:00 GMT', now), 60_000);
    assert.equal(parseRetryAfter('soon', now), undefined);
    assert.equal(parseRetryAfter(undefined, now), undefined);
  });

  it('full jitter stays under min(max, base·2^(n−1))', () => {
    const s = { baseMs: 100, maxMs: 10_000 };
    assert.equal(backoffDelay(1, s, () => 0.999999), 99);
    assert.equal(backoffDelay(3, s, () => 0.5), 200);
    assert.equal(backoffDelay(20, s, () => 0.999999), 9999);
    assert.equal(backoffDelay(5, s, () => 0), 0);
  });
});
