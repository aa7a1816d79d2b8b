/**
 * The contract: every endpoint of the OpenAPI subset with each documented status, answers validated against
 * schemas/cycloid-api.schema.json.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startEmulator, type EmulatorHandle } from '../../src/emulator/index.js';
import { call, client } from '../support/api.js';
import { rawRequest } from '../support/raw-http.js';
import { assertError, assertMatches } from '../support/schema-check.js';

const ORG = '/organizations/acme';
const KEYS = `${ORG}/api_keys`;
const ROLES = `${ORG}/roles`;

describe('emulator contract', () => {
  let emu: EmulatorHandle;
  let admin: ReturnType<typeof client>;
  let noRights: ReturnType<typeof client>;
  before(async () => {
    emu = await startEmulator();
    admin = client(emu.url, emu.adminToken);
    const res = await admin.post(KEYS, { canonical: 'no-rights', name: 'No rights', rules: [{ action: 'organization:project:read', effect: 'allow' }] });
    noRights = client(emu.url, res.body.data.token);
  });
  after(() => emu.close());

  describe('GET /organizations/{org}/api_keys', () => {
    it('200 with data and pagination', async () => {
      const res = await admin.get(KEYS);
      assert.equal(res.status, 200);
      assertMatches(res.body, 'getAPIKeys_200_response');
      assert.deepEqual(res.body.pagination, { index: 1, size: 1000, total: res.body.data.length });
      assert.ok(res.body.data.some((k: { canonical: string }) => k.canonical === 'admin'));
    });
    it('pages from index 1 with page_size, and an empty page past the end', async () => {
      for (let i = 0; i < 5; i++) await admin.post(KEYS, { canonical: `page-${i}`, name: `Page ${i}`, rules: [] });
      const all = (await admin.get(KEYS)).body;
      const seen: string[] = [];
      for (let index = 1; ; index++) {
        const page = await admin.get(`${KEYS}?page_index=${index}&page_size=2`);
        assertMatches(page.body, 'getAPIKeys_200_response');
        assert.equal(page.body.pagination.total, all.pagination.total);
        if (page.body.data.length === 0) break;
        seen.push(...page.body.data.map((k: { canonical: string }) => k.canonical));
      }
      assert.deepEqual(seen, all.data.map((k: { canonical: string }) => k.canonical));
    });
    it('filters by member_id', async () => {
      await admin.post(KEYS, { canonical: 'alices', name: 'Alices', owner: 'alice', rules: [] });
      const alice = (await admin.get(`${KEYS}/alices`)).body.data.owner;
      const res = await admin.get(`${KEYS}?member_id=${alice.id}`);
      assert.ok(res.body.data.length >= 1);
      assert.ok(res.body.data.every((k: { owner: { username: string } }) => k.owner.username === 'alice'));
    });
    it('403 without the right', async () => assertError(await noRights.get(KEYS), 403, 'Unauthorized'));
    it('404 for an unknown organization', async () => assertError(await admin.get('/organizations/nowhere/api_keys'), 404, 'NotFoundEntity'));
    it('422 for bad pagination', async () => {
      for (const q of ['page_index=0', 'page_size=-1', 'page_index=abc', 'page_size=99999999999', 'page_index=1.5']) {
        const res = await admin.get(`${KEYS}?${q}`);
        assertError(res, 422, 'ValidationError');
        assert.ok(res.body.errors[0].details.length >= 1);
      }
    });
    it('default: an unexpected error is the envelope too', async () => {
      emu.faults.set([{ method: 'GET', path: '/organizations/*/api_keys', kind: 'status', status: 500, times: 1 }]);
      assertError(await admin.get(KEYS), 500, 'Unexpected');
      emu.faults.clear();
    });
  });

  describe('POST /organizations/{org}/api_keys', () => {
    it('200 with the key and its token', async () => {
      const res = await admin.post(KEYS, {
        canonical: 'contract-key',
        name: 'Contract key',
        description: 'made by the contract test',
        owner: 'alice',
        rules: [
          { action: 'organization:credential:read', effect: 'allow', resources: ['organization:acme:credential:cy-*'] },
          { action: 'organization:project:*', effect: 'allow' },
        ],
      });
      assert.equal(res.status, 200);
      assertMatches(res.body, 'createAPIKey_200_response');
      const key = res.body.data;
      assert.equal(key.canonical, 'contract-key');
      assert.equal(key.owner.username, 'alice');
      assert.deepEqual(key.rules.map((r: { action: string }) => r.action), ['organization:credential:read', 'organization:project:*'], 'rule order is kept');
      assert.deepEqual(key.rules[1].resources, []);
      assert.equal(typeof key.token, 'string');
    });
    it('derives the canonical from the name, and defaults the owner to the caller', async () => {
      const res = await admin.post(KEYS, { name: '  CI: Deploy (prod)__', rules: [] });
      assert.equal(res.status, 200);
      assert.equal(res.body.data.canonical, 'ci-deploy-prod');
      assert.equal(res.body.data.owner.username, 'admin');
      assertError(await admin.post(KEYS, { name: 'ci deploy prod', rules: [] }), 409, 'Conflict');
    });
    it('409 for a canonical that is taken, naming it', async () => {
      const res = await admin.post(KEYS, { canonical: 'admin', name: 'Again', rules: [] });
      assertError(res, 409, 'Conflict');
      assert.match(res.body.errors[0].details[0], /canonical/);
    });
    it('422 with one detail per problem', async () => {
      const res = await admin.post(KEYS, {
        canonical: 'Bad Canonical!',
        name: 'ab',
        owner: 'mallory',
        rules: [{ action: 'organization::read', effect: 'deny' }, { effect: 'allow', resources: 'x' }],
      });
      assertError(res, 422, 'ValidationError');
      const details: string[] = res.body.errors[0].details;
      for (const path of ['canonical', 'name', 'rules[0].effect', 'rules[1].action', 'rules[1].resources']) {
        assert.ok(details.some((d) => d.startsWith(`${path}:`)), `a detail names ${path}: ${details.join(' | ')}`);
      }
    });
    it('422 for semantic problems once the shape is right: glob syntax and unknown owner', async () => {
      const res = await admin.post(KEYS, {
        name: 'Semantics',
        owner: 'mallory',
        rules: [{ action: 'organization::read', effect: 'allow', resources: ['organization:acme:credential:cy-**'] }],
      });
      assertError(res, 422, 'ValidationError');
      const details: string[] = res.body.errors[0].details;
      assert.ok(details.some((d) => d.startsWith('rules[0].action:')));
      assert.ok(details.some((d) => d.startsWith('rules[0].resources[0]:')));
      assert.ok(details.some((d) => d.startsWith('owner:')));
    });
    it('422 when required fields are missing or the body is not an object', async () => {
      assertError(await admin.post(KEYS, {}), 422, 'ValidationError');
      assertError(await admin.post(KEYS, [1, 2]), 422, 'ValidationError');
      assertError(await admin.post(KEYS, 'a string'), 422, 'ValidationError');
      assertError(await call(emu.url, 'POST', KEYS, { token: emu.adminToken }), 422, 'ValidationError');
    });
    it('403 without the right, 404 for an unknown organization', async () => {
      assertError(await noRights.post(KEYS, { name: 'Nope', rules: [] }), 403, 'Unauthorized');
      assertError(await admin.post('/organizations/nowhere/api_keys', { name: 'Nope', rules: [] }), 404, 'NotFoundEntity');
    });
    it('411 without a Content-Length, with no body', async () => {
      const { port } = new URL(emu.url);
      const res = await rawRequest(emu.url,
        `POST ${KEYS} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAuthorization: Bearer ${emu.adminToken}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n2\r\n{}\r\n0\r\n\r\n`);
      assert.equal(res.status, 411);
      assert.equal(res.body, '');
      assert.ok(res.headers['x-request-id']);
    });
    it('400 for malformed JSON, 415 for a form body', async () => {
      assertError(await call(emu.url, 'POST', KEYS, { token: emu.adminToken, raw: '{"name": "x",' }), 400, 'BadRequest');
      assertError(
        await call(emu.url, 'POST', KEYS, { token: emu.adminToken, raw: 'name=abc', headers: { 'content-type': 'application/x-www-form-urlencoded' } }),
        415,
        'UnsupportedMediaType',
      );
      const vnd = await call(emu.url, 'POST', KEYS, {
        token: emu.adminToken,
        raw: JSON.stringify({ canonical: 'vnd-type', name: 'Vendor type', rules: [] }),
        headers: { 'content-type': 'application/vnd.cycloid.io.v1+json' },
      });
      assert.equal(vnd.status, 200);
    });
  });

  describe('GET|PUT|DELETE /organizations/{org}/api_keys/{canonical}', () => {
    it('GET 200, 403, 404', async () => {
      const res = await admin.get(`${KEYS}/admin`);
      assert.equal(res.status, 200);
      assertMatches(res.body, 'createAPIKey_200_response');
      assertError(await noRights.get(`${KEYS}/admin`), 403, 'Unauthorized');
      assertError(await admin.get(`${KEYS}/does-not-exist`), 404, 'NotFoundEntity');
      assertError(await admin.get('/organizations/nowhere/api_keys/admin'), 404, 'NotFoundEntity');
    });
    it('PUT 200, 403, 404, 422', async () => {
      await admin.post(KEYS, { canonical: 'put-me', name: 'Put me', rules: [] });
      const res = await admin.put(`${KEYS}/put-me`, { name: 'Put you', description: 'changed' });
      assert.equal(res.status, 200);
      assertMatches(res.body, 'createAPIKey_200_response');
      assert.equal(res.body.data.name, 'Put you');
      assertError(await noRights.put(`${KEYS}/put-me`, { name: 'Nope' }), 403, 'Unauthorized');
      assertError(await admin.put(`${KEYS}/not-there`, { name: 'Nope' }), 404, 'NotFoundEntity');
      assertError(await admin.put(`${KEYS}/put-me`, { description: 'no name' }), 422, 'ValidationError');
      assertError(await admin.put(`${KEYS}/put-me`, { name: 'Someone else', owner: 'mallory' }), 422, 'ValidationError');
    });
    it('DELETE 204 with an empty body, 403, 404', async () => {
      await admin.post(KEYS, { canonical: 'delete-me', name: 'Delete me', rules: [] });
      assertError(await noRights.delete(`${KEYS}/delete-me`), 403, 'Unauthorized');
      const res = await admin.delete(`${KEYS}/delete-me`);
      assert.equal(res.status, 204);
      assert.equal(res.text, '');
      assertError(await admin.delete(`${KEYS}/delete-me`), 404, 'NotFoundEntity');
    });
    it('405 for a method the path does not have, with Allow', async () => {
      const res = await admin.call('PATCH', `${KEYS}/admin`);
      assertError(res, 405, 'MethodNotAllowed');
      assert.equal(res.headers['allow'], 'GET, PUT, DELETE');
    });
  });

  describe('roles', () => {
    it('list 200 with pagination, 403, 404', async () => {
      const res = await admin.get(ROLES);
      assert.equal(res.status, 200);
      assertMatches(res.body, 'getRoles_200_response');
      assert.ok(res.body.data.some((r: { canonical: string; default: boolean }) => r.canonical === 'organization-admin' && r.default));
      assertError(await noRights.get(ROLES), 403, 'Unauthorized');
      assertError(await admin.get('/organizations/nowhere/roles'), 404, 'NotFoundEntity');
    });
    it('create 200, 403, 404, 409, 422', async () => {
      const body = { canonical: 'auditor', name: 'Auditor', description: 'reads everything', rules: [{ action: 'organization:*:read', effect: 'allow' }] };
      const res = await admin.post(ROLES, body);
      assert.equal(res.status, 200);
      assertMatches(res.body, 'createRole_200_response');
      assertError(await admin.post(ROLES, body), 409, 'Conflict');
      assertError(await noRights.post(ROLES, { ...body, canonical: 'other' }), 403, 'Unauthorized');
      assertError(await admin.post('/organizations/nowhere/roles', body), 404, 'NotFoundEntity');
      assertError(await admin.post(ROLES, { name: 'x', rules: 'none' }), 422, 'ValidationError');
    });
    it('get 200, 403, 404', async () => {
      const res = await admin.get(`${ROLES}/auditor`);
      assert.equal(res.status, 200);
      assertMatches(res.body, 'getRole_200_response');
      assertError(await noRights.get(`${ROLES}/auditor`), 403, 'Unauthorized');
      assertError(await admin.get(`${ROLES}/nobody`), 404, 'NotFoundEntity');
    });
    it('update 200 (rules included), 403, 404, 422', async () => {
      const res = await admin.put(`${ROLES}/auditor`, { name: 'Auditor', rules: [{ action: 'organization:project:read', effect: 'allow' }] });
      assert.equal(res.status, 200);
      assertMatches(res.body, 'getRole_200_response');
      assert.deepEqual(res.body.data.rules.map((r: { action: string }) => r.action), ['organization:project:read']);
      assert.equal(res.body.data.description, '');
      assertError(await noRights.put(`${ROLES}/auditor`, { name: 'Nope', rules: [] }), 403, 'Unauthorized');
      assertError(await admin.put(`${ROLES}/nobody`, { name: 'Nope', rules: [] }), 404, 'NotFoundEntity');
      assertError(await admin.put(`${ROLES}/auditor`, { canonical: 'renamed', name: 'Auditor', rules: [] }), 422, 'ValidationError');
    });
    it('a role update applies at once to the users who have it', async () => {
      const alice = client(emu.url, emu.userTokens['acme']!['alice']);
      assert.equal((await alice.get(`${ROLES}/developer`)).status, 403);
      const dev = (await admin.get(`${ROLES}/developer`)).body.data;
      const rules = dev.rules.map((r: { action: string; effect: string; resources: string[] }) => ({ action: r.action, effect: r.effect, resources: r.resources }));
      await admin.put(`${ROLES}/developer`, { name: dev.name, rules: [...rules, { action: 'organization:role:read', effect: 'allow' }] });
      assert.equal((await alice.get(`${ROLES}/developer`)).status, 200);
    });
    it('delete 204, 403, 404, and 409 for a default or assigned role', async () => {
      assertError(await noRights.delete(`${ROLES}/auditor`), 403, 'Unauthorized');
      assert.equal((await admin.delete(`${ROLES}/auditor`)).status, 204);
      assertError(await admin.delete(`${ROLES}/auditor`), 404, 'NotFoundEntity');
      assertError(await admin.delete(`${ROLES}/organization-admin`), 409, 'Conflict');
      assertError(await admin.delete(`${ROLES}/developer`), 409, 'Conflict');
    });
  });

  describe('policies and can_do', () => {
    it('GET policies 200, paginated, including the api_key codes; 422 for bad pagination', async () => {
      const res = await noRights.get(`${ORG}/policies`);
      assert.equal(res.status, 200);
      assertMatches(res.body, 'getPolicies_200_response');
      const codes = res.body.data.map((p: { code: string }) => p.code);
      for (const verb of ['list', 'read', 'create', 'update', 'delete']) assert.ok(codes.includes(`organization:api_key:${verb}`));
      const page = await noRights.get(`${ORG}/policies?page_index=2&page_size=5`);
      assert.equal(page.body.data.length, 5);
      assert.equal(page.body.data[0].code, codes[5]);
      assertError(await noRights.get(`${ORG}/policies?page_size=0`), 422, 'ValidationError');
    });
    it('POST can_do 200, 404, 422', async () => {
      const res = await admin.post(`${ORG}/can_do`, { action: 'organization:api_key:delete', entity_canonicals: ['admin'] });
      assert.equal(res.status, 200);
      assertMatches(res.body, 'canDo_200_response');
      assert.equal(res.body.data.ok, true);
      const no = await noRights.post(`${ORG}/can_do`, { action: 'organization:api_key:delete', entity_canonicals: ['admin'] });
      assert.equal(no.body.data.ok, false);
      assertError(await admin.post('/organizations/nowhere/can_do', { action: 'organization:read', entity_canonicals: [] }), 404, 'NotFoundEntity');
      assertError(await admin.post(`${ORG}/can_do`, { action: 'organization:read' }), 422, 'ValidationError');
    });
  });

  it('404 with the envelope for an unknown route, and X-Request-Id on every answer', async () => {
    const res = await admin.get('/organizations/acme/widgets');
    assertError(res, 404, 'NotFoundEntity');
    const ok = await admin.get(KEYS);
    assert.match(String(ok.headers['x-request-id']), /^[0-9a-f-]{36}$/);
    const health = await call(emu.url, 'GET', '/_emulator/health');
    assert.deepEqual(health.body, { status: 'ok' });
  });
});
