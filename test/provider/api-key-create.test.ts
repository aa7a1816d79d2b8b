/**
 * create() and the lost-response protocol against the emulator: never two keys, never a key whose token nobody
 * holds, and never touching a key this create did not make.
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, afterEach, before, describe, it } from 'node:test';
import { request } from 'undici';
import { startEmulator, type EmulatorHandle } from '../../src/emulator/index.js';
import { ApiError } from '../../src/provider/cycloid/api-error.js';
import { apiKeyClient } from '../../src/provider/cycloid/api-key-resource.js';
import { CanonicalTakenError } from '../../src/provider/cycloid/canonical-taken-error.js';
import type { ProviderEvent } from '../../src/provider/cycloid/events.js';
import type { Values } from '../../src/values.js';
import { call } from '../support/api.js';
import { adminClient, recordingClient, routeCount, rule } from './helpers.js';

const KEYS = '/organizations/*/api_keys';
const readSelf = [rule('organization:api_key:read')];

const planned = (canonical: string, extra: Values = {}): Values => ({
  organization_canonical: 'acme', canonical, name: `Key ${canonical}`, description: 'made by a test', rules: readSelf, ...extra,
});

/** The number of keys with this canonical, as the admin lists them. */
async function countKeys(emu: EmulatorHandle, canonical: string): Promise<number> {
  const res = await call(emu.url, 'GET', '/organizations/acme/api_keys', { token: emu.adminToken });
  return (res.body.data as { canonical: string }[]).filter((k) => k.canonical === canonical).length;
}

async function statusWith(emu: EmulatorHandle, token: string, canonical: string): Promise<number> {
  return (await call(emu.url, 'GET', `/organizations/acme/api_keys/${canonical}`, { token })).status;
}

describe('cycloid_organization_api_key: create', () => {
  let emu: EmulatorHandle;
  before(async () => {
    emu = await startEmulator();
  });
  afterEach(() => emu.faults.clear());
  after(() => emu.close());

  function resource(extra: Parameters<typeof adminClient>[1] = {}) {
    const rec = adminClient(emu, extra);
    return { ...rec, keys: apiKeyClient({ client: rec.client, defaultOrganization: 'acme' }) };
  }

  it('creates with the explicit canonical and returns every value, the token included', async () => {
    const { keys } = resource();
    const values = await keys.create({ planned: planned('plain-create', { owner: 'bob' }) });
    assert.equal(values['canonical'], 'plain-create');
    assert.equal(values['organization_canonical'], 'acme');
    assert.equal(values['owner'], 'bob');
    assert.equal(values['description'], 'made by a test');
    assert.deepEqual(values['rules'], [{ action: 'organization:api_key:read', effect: 'allow', resources: [] }]);
    assert.equal(typeof values['id'], 'number');
    const token = values['token'] as string;
    assert.equal(values['last_seven'], token.slice(-7));
    assert.equal(await statusWith(emu, token, 'plain-create'), 200);
    await keys.close();
  });

  it('drop_after_commit: the key is recreated once; one key remains and the returned token works', async () => {
    emu.faults.set([{ method: 'POST', path: KEYS, kind: 'drop_after_commit', times: 1 }], 101);
    const { keys, events } = resource();
    const deletes = routeCount(emu, 'DELETE /organizations/:org/api_keys/:canonical');
    const values = await keys.create({ planned: planned('dropped-once') });
    assert.equal(await countKeys(emu, 'dropped-once'), 1);
    assert.equal(await statusWith(emu, values['token'] as string, 'dropped-once'), 200);
    assert.equal(routeCount(emu, 'DELETE /organizations/:org/api_keys/:canonical') - deletes, 1);
    assert.deepEqual(events.filter((e) => e.type !== 'retry').map((e) => e.type), ['ambiguous-create', 'recreated-after-lost-response']);
    assert.deepEqual(events.at(-1), { type: 'recreated-after-lost-response', organization: 'acme', canonical: 'dropped-once' });
    await keys.close();
  });

  it('reset before processing: the create is sent again and one key exists, none deleted', async () => {
    emu.faults.set([{ method: 'POST', path: KEYS, kind: 'reset', times: 2 }], 102);
    const { keys, events, sleeps } = resource();
    const deletes = routeCount(emu, 'DELETE /organizations/:org/api_keys/:canonical');
    const values = await keys.create({ planned: planned('reset-twice') });
    assert.equal(await countKeys(emu, 'reset-twice'), 1);
    assert.equal(await statusWith(emu, values['token'] as string, 'reset-twice'), 200);
    assert.equal(routeCount(emu, 'DELETE /organizations/:org/api_keys/:canonical'), deletes);
    assert.deepEqual(events.map((e) => e.type), ['ambiguous-create', 'ambiguous-create']);
    assert.deepEqual(sleeps, [50, 100], 'back-off between create attempts');
    await keys.close();
  });

  it('a pre-existing different key: CANONICAL_TAKEN, and that key is untouched', async () => {
    const { client: admin } = adminClient(emu);
    const theirs = await admin.createApiKey('acme', { canonical: 'theirs', name: 'Their key', rules: [rule('organization:**')] });
    const { keys } = resource();
    await assert.rejects(keys.create({ planned: planned('theirs') }), (err: unknown) => {
      assert.ok(err instanceof CanonicalTakenError);
      assert.equal(err.code, 'CANONICAL_TAKEN');
      assert.match(err.message, /^a key with canonical theirs already exists in organization acme and was not made by this create \(it existed before\): keyform will not touch it; import it/);
      assert.ok(err.cause instanceof ApiError && err.cause.code === 'CONFLICT');
      return true;
    });
    const now = await admin.getApiKey('acme', 'theirs');
    assert.equal(now?.id, theirs.id);
    assert.equal(now?.name, 'Their key');
    assert.equal(now?.last_seven, theirs.last_seven);
    assert.equal(await statusWith(emu, theirs.token, 'theirs'), 200, 'its token still works');
    await admin.close();
    await keys.close();
  });

  it('a pre-existing identical key answered 409 on a first POST is still CANONICAL_TAKEN', async () => {
    const { client: admin } = adminClient(emu);
    const body = { canonical: 'twin', name: 'Key twin', description: 'made by a test', rules: [{ action: 'organization:api_key:read', effect: 'allow' }] };
    const twin = await admin.createApiKey('acme', body);
    const { keys } = resource();
    await assert.rejects(keys.create({ planned: planned('twin') }), { code: 'CANONICAL_TAKEN' });
    assert.equal((await admin.getApiKey('acme', 'twin'))?.id, twin.id);
    await admin.close();
    await keys.close();
  });

  it('an ambiguous POST that finds a different key: CANONICAL_TAKEN naming what differs, nothing deleted', async () => {
    const { client: admin } = adminClient(emu);
    const other = await admin.createApiKey('acme', { canonical: 'other-one', name: 'Key other-one', rules: [rule('organization:**')] });
    emu.faults.set([{ method: 'POST', path: KEYS, kind: 'reset', times: 1 }], 103);
    const { keys } = resource();
    await assert.rejects(keys.create({ planned: planned('other-one') }), (err: unknown) => {
      assert.ok(err instanceof CanonicalTakenError);
      assert.deepEqual(err.differences, ['description', 'rules']);
      assert.match(err.message, /\(its description\/rules differ\)/);
      return true;
    });
    assert.equal((await admin.getApiKey('acme', 'other-one'))?.id, other.id);
    await admin.close();
    await keys.close();
  });

  it('a key that matches but has been used is not ours: CANONICAL_TAKEN', async () => {
    const { client: admin } = adminClient(emu);
    const used = await admin.createApiKey('acme', { canonical: 'used-one', name: 'Key used-one', description: 'made by a test', rules: [{ action: 'organization:api_key:read', effect: 'allow' }] });
    assert.equal(await statusWith(emu, used.token, 'used-one'), 200);
    await new Promise((r) => setTimeout(r, 1100)); // last_used has a one-second resolution
    emu.faults.set([{ method: 'POST', path: KEYS, kind: 'reset', times: 1 }], 104);
    const { keys } = resource();
    await assert.rejects(keys.create({ planned: planned('used-one') }), (err: unknown) => err instanceof CanonicalTakenError && err.differences.includes('use'));
    assert.equal((await admin.getApiKey('acme', 'used-one'))?.id, used.id);
    await admin.close();
    await keys.close();
  });

  it('every POST ambiguous: gives up after the bounded attempts and leaves no key behind', async () => {
    emu.faults.set([{ method: 'POST', path: KEYS, kind: 'drop_after_commit' }], 105);
    const { keys, events } = resource();
    await assert.rejects(keys.create({ planned: planned('never-answered') }), (err: unknown) => {
      assert.ok(err instanceof ApiError);
      assert.equal(err.code, 'NETWORK');
      assert.match(err.message, /creating never-answered failed 10 times \(no key made by these attempts was left behind\)/);
      return true;
    });
    emu.faults.clear();
    assert.equal(await countKeys(emu, 'never-answered'), 0);
    assert.equal(events.filter((e) => e.type === 'recreated-after-lost-response').length, 10, 'each committed create was found, revoked and made again');
    await keys.close();
  });

  it('a lookup that fails after a lost answer: AMBIGUOUS (the outcome is unknown), with the cause', async () => {
    emu.faults.set([
      { method: 'POST', path: KEYS, kind: 'drop_after_commit', times: 1 },
      { method: 'GET', path: '/organizations/*/api_keys/*', kind: 'status', status: 500, times: 1 },
    ], 106);
    const { keys } = resource();
    await assert.rejects(keys.create({ planned: planned('lookup-fails') }), (err: unknown) => {
      assert.ok(err instanceof ApiError && err.code === 'AMBIGUOUS');
      assert.match(err.message, /^after a lost create answer in organization acme, looking lookup-fails up failed, so whether the key exists is unknown: GET/);
      assert.ok(err.cause instanceof ApiError && err.cause.code === 'SERVER');
      return true;
    });
    assert.equal(await countKeys(emu, 'lookup-fails'), 1, 'the dropped create did commit');
    await keys.close();
  });

  it('a planned value still unknown at apply time is an engine bug: UNKNOWN_VALUE, nothing sent', async () => {
    const { UNKNOWN } = await import('../../src/values.js');
    const { keys } = resource();
    const posts = routeCount(emu, 'POST /organizations/:org/api_keys');
    await assert.rejects(keys.create({ planned: planned('unknown-desc', { description: UNKNOWN }) }), { code: 'UNKNOWN_VALUE' });
    await assert.rejects(keys.create({ planned: planned('unknown-desc', { name: UNKNOWN }) }), { code: 'UNKNOWN_VALUE' });
    assert.equal(routeCount(emu, 'POST /organizations/:org/api_keys'), posts);
    await keys.close();
  });

  it('an error that is not about the answer (403, 422) is thrown as is, with no lookup', async () => {
    const { keys } = resource();
    const gets = routeCount(emu, 'GET /organizations/:org/api_keys/:canonical');
    await assert.rejects(keys.create({ planned: planned('bad-owner-key', { owner: 'nobody' }) }), { code: 'VALIDATION' });
    assert.equal(routeCount(emu, 'GET /organizations/:org/api_keys/:canonical'), gets);
    await keys.close();
  });
});

describe('cycloid_organization_api_key: the token lost with the answer is revoked', () => {
  it('the first token (captured by a lossy proxy) gets 401; the returned one works', async () => {
    const emu = await startEmulator();
    let lostToken: string | undefined;
    // Forwards everything; for the first create it reads the emulator's answer, keeps the token, and hangs up.
    const proxy = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const headers = { ...req.headers };
      delete headers['host'];
      delete headers['connection'];
      const upstream = await request(`${emu.url}${req.url}`, { method: req.method as 'GET', headers, body: chunks.length ? Buffer.concat(chunks) : null });
      const text = await upstream.body.text();
      if (req.method === 'POST' && lostToken === undefined && upstream.statusCode === 200) {
        lostToken = JSON.parse(text).data.token as string;
        req.socket.destroy();
        return;
      }
      res.writeHead(upstream.statusCode, { 'content-type': 'application/json' });
      res.end(text);
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    const events: ProviderEvent[] = [];
    const rec = recordingClient(url, emu.adminToken);
    const keys = apiKeyClient({ client: rec.client, onEvent: (e) => events.push(e) });
    try {
      const values = await keys.create({ planned: planned('proxied') });
      assert.ok(lostToken);
      assert.notEqual(values['token'], lostToken);
      assert.equal(await statusWith(emu, lostToken, 'proxied'), 401, 'the lost token was revoked');
      assert.equal(await statusWith(emu, values['token'] as string, 'proxied'), 200);
      assert.equal(await countKeys(emu, 'proxied'), 1);
      assert.deepEqual(events.map((e) => e.type), ['ambiguous-create', 'recreated-after-lost-response']);
    } finally {
      await keys.close();
      proxy.closeAllConnections();
      await new Promise<void>((r) => proxy.close(() => r()));
      await emu.close();
    }
  });
});
