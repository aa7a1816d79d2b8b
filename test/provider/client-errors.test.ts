/** CycloidClient error mapping: each status to its stable code, with the API's code, message and request id. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startEmulator, type EmulatorHandle } from '../../src/emulator/index.js';
import { ApiError } from '../../src/provider/cycloid/api-error.js';
import { adminClient, recordingClient, rule, tinyServer } from './helpers.js';

function expectApiError(code: string, check: (err: ApiError) => void = () => {}) {
  return (err: unknown) => {
    assert.ok(err instanceof ApiError, `expected an ApiError, got ${String(err)}`);
    assert.equal(err.code, code, err.message);
    check(err);
    return true;
  };
}

describe('CycloidClient: error mapping', () => {
  let emu: EmulatorHandle;
  before(async () => {
    emu = await startEmulator();
  });
  after(() => emu.close());

  it('401 → UNAUTHENTICATED, without the token in the message', async () => {
    const token = 'eyJhbGciOiJIUzI1NiJ9.eyJzIjoiYWJjZGVmIn0.c2lnbmF0dXJlc2lnbmF0dXJl';
    const { client } = recordingClient(emu.url, token);
    await assert.rejects(client.listApiKeys('acme'), expectApiError('UNAUTHENTICATED', (err) => {
      assert.equal(err.status, 401);
      assert.equal(err.apiCode, 'Unauthenticated');
      assert.match(err.requestId ?? '', /^[0-9a-f-]{36}$/);
      assert.ok(err.message.includes(`[request ${err.requestId}]`));
      assert.ok(!err.message.includes(token) && !err.message.includes('c2lnbmF0dXJl'));
      assert.ok(!JSON.stringify(err).includes(token));
    }));
    await client.close();
  });

  it('403 → FORBIDDEN with a message a person can act on', async () => {
    const { client } = recordingClient(emu.url, emu.userTokens['acme']!['alice']!);
    await assert.rejects(
      client.createApiKey('acme', { canonical: 'alice-key', name: 'Alice key', rules: [rule('organization:project:read')] }),
      expectApiError('FORBIDDEN', (err) => {
        assert.equal(err.apiCode, 'Unauthorized');
        assert.match(err.message, /^POST \/organizations\/acme\/api_keys: 403 Unauthorized: This token may not create the API key 'alice-key'/);
      }),
    );
    await client.close();
  });

  it('404 → NOT_FOUND for an update, undefined for a get, false for a delete', async () => {
    const { client } = adminClient(emu);
    await assert.rejects(client.updateApiKey('acme', 'nope', { name: 'Nope nope' }), expectApiError('NOT_FOUND', (err) => {
      assert.equal(err.apiCode, 'NotFoundEntity');
      assert.ok(err.requestId);
    }));
    assert.equal(await client.getApiKey('acme', 'nope'), undefined);
    assert.equal(await client.deleteApiKey('acme', 'nope'), false);
    await assert.rejects(client.listApiKeys('no-such-org'), expectApiError('NOT_FOUND'));
    await client.close();
  });

  it('409 → CONFLICT', async () => {
    const { client } = adminClient(emu);
    await client.createApiKey('acme', { canonical: 'twice', name: 'Twice', rules: [] });
    await assert.rejects(client.createApiKey('acme', { canonical: 'twice', name: 'Twice', rules: [] }), expectApiError('CONFLICT', (err) => {
      assert.equal(err.status, 409);
      assert.equal(err.apiCode, 'Conflict');
      assert.deepEqual(err.details, ["canonical: 'twice' is already taken"]);
    }));
    await client.close();
  });

  it('422 → VALIDATION with the details', async () => {
    const { client } = adminClient(emu);
    await assert.rejects(
      client.createApiKey('acme', { canonical: 'bad-owner', name: 'Bad owner', owner: 'nobody', rules: [rule('organization:project:read')] }),
      expectApiError('VALIDATION', (err) => {
        assert.equal(err.status, 422);
        assert.equal(err.apiCode, 'ValidationError');
        assert.deepEqual(err.details, ["owner: no user 'nobody' in organization 'acme'"]);
        assert.match(err.message, /^POST \/organizations\/acme\/api_keys: 422 ValidationError: .*\(owner: no user 'nobody' in organization 'acme'\) \[request [0-9a-f-]+\]$/);
      }),
    );
    await assert.rejects(
      client.createApiKey('acme', { canonical: 'bad-effect', name: 'Bad effect', rules: [{ action: 'organization:project:read', effect: 'deny' }] }),
      expectApiError('VALIDATION', (err) => assert.ok(err.details.some((d) => d.startsWith('rules[0].effect')), err.details.join())),
    );
    await client.close();
  });

  it('a 422 whose details say the canonical is taken → CONFLICT; X-Request-Id when the envelope has none', async () => {
    const server = await tinyServer((_req, res) => {
      res.writeHead(422, { 'content-type': 'application/json', 'x-request-id': 'req-422' });
      res.end(JSON.stringify({ errors: [{ code: 'ValidationError', message: 'invalid', details: ['canonical: ci-deploy already exists'] }] }));
    });
    const { client } = recordingClient(server.url, 'secret-token-value');
    await assert.rejects(client.createApiKey('acme', { canonical: 'ci-deploy', name: 'CI deploy', rules: [] }), expectApiError('CONFLICT', (err) => {
      assert.equal(err.requestId, 'req-422');
    }));
    await client.close();
    await server.close();
  });

  it('other 4xx → BAD_REQUEST, not retried', async () => {
    const server = await tinyServer((_req, res) => {
      res.writeHead(415, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ errors: [{ code: 'UnsupportedMediaType', message: 'no' }], request_id: 'r-415' }));
    });
    const { client, sleeps } = recordingClient(server.url, 'secret-token-value');
    await assert.rejects(client.getApiKey('acme', 'abc'), expectApiError('BAD_REQUEST', (err) => assert.equal(err.requestId, 'r-415')));
    assert.equal(sleeps.length, 0);
    await client.close();
    await server.close();
  });
});
