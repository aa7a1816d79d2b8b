/** Authentication, the permission matrix, token-once and immutable rules, end to end over HTTP. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startEmulator, type EmulatorHandle } from '../../src/emulator/index.js';
import { call, client } from '../support/api.js';
import { assertError, assertMatches } from '../support/schema-check.js';

const KEYS = '/organizations/acme/api_keys';

describe('emulator: authentication and authorization', () => {
  let emu: EmulatorHandle;
  let admin: ReturnType<typeof client>;

  async function makeKey(canonical: string, rules: unknown[], extra: Record<string, unknown> = {}) {
    const res = await admin.post(KEYS, { canonical, name: `Key ${canonical}`, rules, ...extra });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body.data as { token: string; canonical: string; id: number; last_seven: string };
  }

  before(async () => {
    emu = await startEmulator();
    admin = client(emu.url, emu.adminToken);
  });
  after(() => emu.close());

  it('rejects a missing, malformed, wrong-scheme or unknown token with 401', async () => {
    assertError(await call(emu.url, 'GET', KEYS), 401, 'Unauthenticated');
    assertError(await call(emu.url, 'GET', KEYS, { token: 'not-a-jwt' }), 401, 'Unauthenticated');
    assertError(await call(emu.url, 'GET', KEYS, { headers: { authorization: `Basic ${emu.adminToken}` } }), 401, 'Unauthenticated');
    const forged = emu.adminToken.replace(/.{4}$/, 'AAAA');
    assertError(await call(emu.url, 'GET', KEYS, { token: forged }), 401, 'Unauthenticated');
  });

  it('accepts the token in ?api_key= as well as in the header', async () => {
    const res = await call(emu.url, 'GET', `${KEYS}?api_key=${encodeURIComponent(emu.adminToken)}`);
    assert.equal(res.status, 200);
  });

  it('shows a token only in the create response, with last_seven its last 7 characters', async () => {
    const key = await makeKey('token-once', [{ action: 'organization:project:read', effect: 'allow' }]);
    assert.match(key.token, /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    assert.equal(key.last_seven, key.token.slice(-7));
    const got = await admin.get(`${KEYS}/token-once`);
    assertMatches(got.body, 'createAPIKey_200_response');
    assert.equal(got.body.data.token, undefined);
    assert.equal(got.body.data.last_seven, key.token.slice(-7));
    const listed = await admin.get(KEYS);
    assert.ok(listed.body.data.every((k: { token?: string }) => k.token === undefined));
    assert.ok(!listed.text.includes(key.token));
  });

  it('a key with only organization:api_key:read can list and get, but not create, update or delete', async () => {
    const reader = await makeKey('reader', [{ action: 'organization:api_key:read', effect: 'allow' }]);
    const target = await makeKey('target', [{ action: 'organization:project:read', effect: 'allow' }]);
    const api = client(emu.url, reader.token);
    const list = await api.get(KEYS);
    assert.equal(list.status, 200);
    assert.ok(list.body.data.some((k: { canonical: string }) => k.canonical === 'target'));
    assert.equal((await api.get(`${KEYS}/target`)).status, 200);
    assertError(await api.post(KEYS, { name: 'nope', rules: [] }), 403, 'Unauthorized');
    assertError(await api.put(`${KEYS}/target`, { name: 'renamed' }), 403, 'Unauthorized');
    assertError(await api.delete(`${KEYS}/target`), 403, 'Unauthorized');
    assert.equal((await admin.get(`${KEYS}/${target.canonical}`)).body.data.name, 'Key target');
  });

  it('a key narrowed to organization:acme:api_key:ci-* reads ci-deploy but not prod-deploy', async () => {
    await makeKey('ci-deploy', [{ action: 'organization:project:read', effect: 'allow' }]);
    await makeKey('prod-deploy', [{ action: 'organization:project:read', effect: 'allow' }]);
    const narrow = await makeKey('narrow', [
      { action: 'organization:api_key:read', effect: 'allow', resources: ['organization:acme:api_key:ci-*'] },
    ]);
    const api = client(emu.url, narrow.token);
    assert.equal((await api.get(`${KEYS}/ci-deploy`)).status, 200);
    assertError(await api.get(`${KEYS}/prod-deploy`), 403, 'Unauthorized');
    // Without the right, a missing key is 403 too: no probing outside the scope.
    assertError(await api.get(`${KEYS}/prod-missing`), 403, 'Unauthorized');
    assertError(await api.get(`${KEYS}/ci-missing`), 404, 'NotFoundEntity');
    const list = await api.get(KEYS);
    assert.equal(list.status, 200);
    assert.deepEqual(list.body.data.map((k: { canonical: string }) => k.canonical), ['ci-deploy']);
    assert.equal(list.body.pagination.total, 1);
  });

  it('a key with no API-key rights cannot list keys', async () => {
    const other = await makeKey('projects-only', [{ action: 'organization:project:read', effect: 'allow' }]);
    assertError(await call(emu.url, 'GET', KEYS, { token: other.token }), 403, 'Unauthorized');
  });

  it("a deleted key's token is refused at once", async () => {
    const doomed = await makeKey('doomed', [{ action: 'organization:api_key:read', effect: 'allow' }]);
    assert.equal((await call(emu.url, 'GET', KEYS, { token: doomed.token })).status, 200);
    assert.equal((await admin.delete(`${KEYS}/doomed`)).status, 204);
    assertError(await call(emu.url, 'GET', KEYS, { token: doomed.token }), 401, 'Unauthenticated');
  });

  it('a key may delete itself, and its token dies with it', async () => {
    const self = await makeKey('self-deleting', [{ action: 'organization:api_key:*', effect: 'allow' }]);
    assert.equal((await call(emu.url, 'DELETE', `${KEYS}/self-deleting`, { token: self.token })).status, 204);
    assertError(await call(emu.url, 'GET', KEYS, { token: self.token }), 401, 'Unauthenticated');
  });

  it("another organization's token is 401; an unknown organization is 404", async () => {
    const two = await startEmulator({
      config: {
        organizations: [
          { canonical: 'acme', users: [{ username: 'admin', email: 'a@acme.test', given_name: 'Ad', family_name: 'Min' }] },
          { canonical: 'globex', users: [{ username: 'hank', email: 'h@globex.test', given_name: 'Hank', family_name: 'Scorpio' }] },
        ],
      },
    });
    try {
      const globexAdmin = two.adminTokens['globex']!;
      assert.equal((await call(two.url, 'GET', '/organizations/globex/api_keys', { token: globexAdmin })).status, 200);
      assertError(await call(two.url, 'GET', KEYS, { token: globexAdmin }), 401, 'Unauthenticated');
      assertError(await call(two.url, 'GET', '/organizations/initech/api_keys', { token: globexAdmin }), 404, 'NotFoundEntity');
    } finally {
      await two.close();
    }
  });

  it('rules are immutable: a PUT cannot change them; without description it clears it; without owner it keeps it', async () => {
    await makeKey('immutable', [{ action: 'organization:project:read', effect: 'allow' }], { description: 'first', owner: 'alice' });
    const changed = await admin.put(`${KEYS}/immutable`, {
      name: 'Renamed',
      rules: [{ action: 'organization:**', effect: 'allow' }],
    });
    assertError(changed, 422, 'ValidationError');
    assert.ok(changed.body.errors[0].details.some((d: string) => d.startsWith('rules:')));
    const ignoredRules = await admin.put(`${KEYS}/immutable`, { name: 'Renamed', rules: [{ action: 'organization:project:read', effect: 'allow' }] });
    assert.equal(ignoredRules.status, 200);
    const res = await admin.put(`${KEYS}/immutable`, { name: 'Renamed again' });
    assert.equal(res.status, 200);
    assertMatches(res.body, 'createAPIKey_200_response');
    assert.equal(res.body.data.name, 'Renamed again');
    assert.equal(res.body.data.description, '');
    assert.equal(res.body.data.owner.username, 'alice');
    assert.deepEqual(res.body.data.rules.map((r: { action: string }) => r.action), ['organization:project:read']);
    const moved = await admin.put(`${KEYS}/immutable`, { name: 'Renamed again', description: 'back', owner: 'bob' });
    assert.equal(moved.body.data.owner.username, 'bob');
    assert.equal(moved.body.data.description, 'back');
  });

  it("the owner may always read, update and delete their key with their user token; other users may not", async () => {
    await makeKey('bobs-key', [{ action: 'organization:project:read', effect: 'allow' }], { owner: 'bob' });
    const bob = client(emu.url, emu.userTokens['acme']!['bob']);
    const alice = client(emu.url, emu.userTokens['acme']!['alice']);
    assert.equal((await bob.get(`${KEYS}/bobs-key`)).status, 200);
    assertError(await alice.get(`${KEYS}/bobs-key`), 403, 'Unauthorized');
    assert.equal((await bob.put(`${KEYS}/bobs-key`, { name: 'Bob renamed it' })).status, 200);
    assertError(await alice.delete(`${KEYS}/bobs-key`), 403, 'Unauthorized');
    const bobsList = await bob.get(KEYS);
    assert.ok(bobsList.body.data.some((k: { canonical: string }) => k.canonical === 'bobs-key'));
    assert.ok(bobsList.body.data.every((k: { owner: { username: string } }) => k.owner.username === 'bob'), 'bob lists only the keys he owns');
    assert.equal((await bob.delete(`${KEYS}/bobs-key`)).status, 204);
  });

  it('records last_used when a key authenticates', async () => {
    const user = await makeKey('used-key', [{ action: 'organization:api_key:read', effect: 'allow' }]);
    assert.equal((await admin.get(`${KEYS}/used-key`)).body.data.last_used, 0);
    const before = Math.floor(Date.now() / 1000);
    await call(emu.url, 'GET', `${KEYS}/used-key`, { token: user.token });
    const used = (await admin.get(`${KEYS}/used-key`)).body.data.last_used;
    assert.ok(used >= before, `last_used ${used} should be at least ${before}`);
  });

  it('can_do answers for the caller, building the entity from the canonicals', async () => {
    const cred = await makeKey('cred-reader', [
      { action: 'organization:credential:read', effect: 'allow', resources: ['organization:acme:credential:cy-*'] },
    ]);
    const api = client(emu.url, cred.token);
    const yes = await api.post('/organizations/acme/can_do', { action: 'organization:credential:read', entity_canonicals: ['cy-aws'] });
    assertMatches(yes.body, 'canDo_200_response');
    assert.deepEqual(yes.body.data, { ok: true, entity_canonicals: ['cy-aws'] });
    const no = await api.post('/organizations/acme/can_do', { action: 'organization:credential:read', entity_canonicals: ['prod-db'] });
    assert.equal(no.body.data.ok, false);
    const wrongAction = await api.post('/organizations/acme/can_do', { action: 'organization:credential:delete', entity_canonicals: ['cy-aws'] });
    assert.equal(wrongAction.body.data.ok, false);
    assertError(
      await api.post('/organizations/acme/can_do', { action: 'organization:credential:read', entity_canonicals: ['a', 'b'] }),
      422,
      'ValidationError',
    );
  });
});
