/** Hostile input never yields a 500 or a crash: each gets the right 4xx with the envelope, and the server keeps serving. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startEmulator, type EmulatorHandle } from '../../src/emulator/index.js';
import { call } from '../support/api.js';
import { rawRequest } from '../support/raw-http.js';
import { assertError } from '../support/schema-check.js';

const KEYS = '/organizations/acme/api_keys';

describe('emulator: hostile input', () => {
  let emu: EmulatorHandle;
  const logs: string[] = [];
  before(async () => {
    emu = await startEmulator({ log: (l) => logs.push(l) });
  });
  after(async () => {
    await emu.close();
    assert.ok(!logs.some((l) => l.includes('"status":500')), 'no request was answered 500');
    assert.ok(!logs.some((l) => l.includes('"level":"error"')), 'no unexpected error was logged');
  });

  async function stillServing(): Promise<void> {
    assert.equal((await call(emu.url, 'GET', `${KEYS}/admin`, { token: emu.adminToken })).status, 200);
  }

  const post = (raw: string | Buffer, headers: Record<string, string> = {}) => call(emu.url, 'POST', KEYS, { token: emu.adminToken, raw, headers });

  it('malformed JSON of many kinds → 400', async () => {
    for (const raw of ['{', '{"name": }', 'nul', '{"a":1}{"b":2}', '\u0000', '{"name": "\ud800"', "{'name': 'x'}", '[1,]']) {
      assertError(await post(raw), 400, 'BadRequest');
    }
    await stillServing();
  });

  it('wrong types everywhere → 422 naming each path', async () => {
    const cases: Array<[unknown, string]> = [
      [{ name: 42, rules: [] }, 'name'],
      [{ name: 'Typed', rules: {} }, 'rules'],
      [{ name: 'Typed', rules: [null] }, 'rules[0]'],
      [{ name: 'Typed', rules: [{ action: 1, effect: 'allow' }] }, 'rules[0].action'],
      [{ name: 'Typed', rules: [{ action: 'a:b', effect: 'allow', resources: [1] }] }, 'rules[0].resources[0]'],
      [{ name: 'Typed', canonical: ['x'], rules: [] }, 'canonical'],
      [{ name: 'Typed', description: { $gt: '' }, rules: [] }, 'description'],
      [{ name: 'Typed', owner: true, rules: [] }, 'owner'],
      [null, '(body)'],
      [true, '(body)'],
    ];
    for (const [body, path] of cases) {
      const res = await post(JSON.stringify(body));
      assertError(res, 422, 'ValidationError');
      assert.ok(res.body.errors[0].details.some((d: string) => d.startsWith(`${path}:`)), `${JSON.stringify(body)} → ${res.body.errors[0].details}`);
    }
    await stillServing();
  });

  it('a body over 1 MiB → 413, announced or not', async () => {
    const big = JSON.stringify({ name: 'Big', description: 'x'.repeat(2 * 1024 * 1024), rules: [] });
    const res = await post(big);
    assertError(res, 413, 'PayloadTooLarge');
    // A Content-Length that lies low is cut by the parser; one that lies high is caught before reading.
    const { port } = new URL(emu.url);
    const lying = await rawRequest(emu.url, `POST ${KEYS} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAuthorization: Bearer ${emu.adminToken}\r\nContent-Type: application/json\r\nContent-Length: 5000000\r\n\r\n{}`);
    assert.equal(lying.status, 413);
    await stillServing();
  });

  it('deep nesting → 422 (or 413 when over the limit), no stack overflow', async () => {
    const depth = 10_000;
    const nestedArray = `{"name":"Deep","rules":${'['.repeat(depth)}${']'.repeat(depth)}}`;
    assertError(await post(nestedArray), 422, 'ValidationError');
    const nestedObject = `{"name":"Deep","rules":[],"extra":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}`;
    const res = await post(nestedObject);
    assert.ok([200, 422].includes(res.status), `got ${res.status}`);
    const huge = `{"x":${'['.repeat(600_000)}${']'.repeat(600_000)}}`;
    assertError(await post(huge), 413, 'PayloadTooLarge');
    await stillServing();
  });

  it('duplicate JSON keys are refused (400), wherever they are, so no second value is smuggled past validation', async () => {
    for (const raw of [
      '{"name":"Dup","name":1,"rules":[]}',
      '{"name":1,"name":"Duplicate key","rules":[]}',
      '{"name":"Nested dup","rules":[{"action":"a:b","effect":"allow","effect":"allow"}]}',
      '{"name":"Escaped dup","n\\u0061me":"x","rules":[]}',
    ]) {
      const res = await post(raw);
      assertError(res, 400, 'BadRequest');
      assert.match(res.body.errors[0].details[0], /appears twice/);
    }
    const fine = await post('{"name":"Same key in two objects","rules":[{"action":"a:b","effect":"allow"},{"action":"c:d","effect":"allow"}]}');
    assert.equal(fine.status, 200, JSON.stringify(fine.body));
    await stillServing();
  });

  it('path traversal, odd unicode and very long canonicals → 4xx, never a file or a 500', async () => {
    const paths = [
      `${KEYS}/..%2F..%2Fetc%2Fpasswd`,
      `${KEYS}/%2e%2e`,
      `${KEYS}/ci-deploy%00`,
      `${KEYS}/%E2%80%AEadmin`,
      `${KEYS}/%D0%B0dmin`, // Cyrillic а
      `${KEYS}/${'a'.repeat(10_000)}`,
      `${KEYS}/%`,
      `${KEYS}/%ZZ`,
      `/organizations/..%2Facme/api_keys`,
      `/organizations/${'o'.repeat(10_000)}/api_keys`,
      '/../../etc/passwd',
    ];
    for (const path of paths) {
      const res = await call(emu.url, 'GET', path, { token: emu.adminToken });
      assert.ok(res.status >= 400 && res.status < 500, `${path.slice(0, 60)} → ${res.status}`);
      assert.ok(Array.isArray(res.body?.errors), `${path.slice(0, 60)} answers the envelope`);
    }
    const create = await post(JSON.stringify({ canonical: '\u0430dmin', name: 'Look-alike', rules: [] }));
    assertError(create, 422, 'ValidationError');
    const longName = await post(JSON.stringify({ name: 'n'.repeat(10_000), rules: [] }));
    assertError(longName, 422, 'ValidationError');
    await stillServing();
  });

  it('unicode names are kept exactly, and derive a canonical only when one can be made', async () => {
    const ok = await post(JSON.stringify({ name: 'Déploiement 🚀 prod', rules: [] }));
    assert.equal(ok.status, 200);
    assert.equal(ok.body.data.name, 'Déploiement 🚀 prod');
    assert.equal(ok.body.data.canonical, 'd-ploiement-prod');
    const none = await post(JSON.stringify({ name: '🚀🚀🚀', rules: [] }));
    assertError(none, 422, 'ValidationError');
    assert.match(none.body.errors[0].details[0], /^canonical:/);
  });

  it('garbage tokens and headers → 401', async () => {
    const tokens = ['', 'a.b.c', 'Bearer', `${emu.adminToken}x`, 'x'.repeat(10_000), '\u00e9\u00e9.\u00e9.\u00e9', 'eyJ.eyJ.sig', `${Buffer.from('{}').toString('base64url')}.${Buffer.from('{"kid":"zz"}').toString('base64url')}.x`];
    for (const token of tokens) {
      const res = await call(emu.url, 'GET', KEYS, { headers: { authorization: `Bearer ${encodeURIComponent(token)}` } });
      assertError(res, 401, 'Unauthenticated');
    }
    await stillServing();
  });

  it('expired and revoked tokens → 401 saying which; a fresh session works (other organizations: auth.test)', async () => {
    const expired = emu.issueUserToken('acme', 'alice', 0);
    const res = await call(emu.url, 'GET', KEYS, { token: expired });
    assertError(res, 401, 'Unauthenticated');
    assert.match(JSON.stringify(res.body), /expired/);
    const fresh = emu.issueUserToken('acme', 'alice', 60);
    assert.equal((await call(emu.url, 'GET', KEYS, { token: fresh })).status, 200);
    // A newer session replaces the older one: the older token is revoked.
    emu.issueUserToken('acme', 'alice', 60);
    assertError(await call(emu.url, 'GET', KEYS, { token: fresh }), 401, 'Unauthenticated');
    // A key's token is revoked with the key.
    const created = await call(emu.url, 'POST', KEYS, { token: emu.adminToken, body: { name: 'Short lived', canonical: 'short-lived', rules: [{ action: 'organization:api_key:list', effect: 'allow' }] } });
    assert.equal(created.status, 200, JSON.stringify(created.body));
    const keyToken = (created.body as { data: { token: string } }).data.token;
    assert.equal((await call(emu.url, 'GET', KEYS, { token: keyToken })).status, 200);
    assert.equal((await call(emu.url, 'DELETE', `${KEYS}/short-lived`, { token: emu.adminToken })).status, 204);
    assertError(await call(emu.url, 'GET', KEYS, { token: keyToken }), 401, 'Unauthenticated');
    await stillServing();
  });

  it('a garbled request line or header is answered 400 and the server keeps serving', async () => {
    const res = await rawRequest(emu.url, 'GARBAGE\r\n\r\n');
    assert.equal(res.status, 400);
    await stillServing();
  });
});
