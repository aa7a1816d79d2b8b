/** Answers keyform cannot read are BAD_RESPONSE (or AMBIGUOUS for a create), quoted briefly, never a token; no hang. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError } from '../../src/provider/cycloid/api-error.js';
import { recordingClient, tinyServer } from './helpers.js';

const API_KEY = 'caller-secret-abcdefgh';
const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.eyJzIjoiMTIzNDU2Nzg5MCJ9.dG9rZW5zaWduYXR1cmVfc2VjcmV0';

async function withServer(handler: (req: IncomingMessage, res: ServerResponse) => void, run: (c: ReturnType<typeof recordingClient>, requests: () => number) => Promise<void>) {
  const server = await tinyServer(handler);
  const recorded = recordingClient(server.url, API_KEY, { timeoutMs: 500, retry: { attempts: 6 } });
  try {
    await run(recorded, server.requests);
  } finally {
    await recorded.client.close();
    await server.close();
  }
}

function badResponse(pattern: RegExp) {
  return (err: unknown) => {
    assert.ok(err instanceof ApiError, String(err));
    assert.equal(err.code, 'BAD_RESPONSE', err.message);
    assert.match(err.message, pattern);
    assert.ok(!err.message.includes(API_KEY));
    assert.ok(!err.message.includes(TOKEN));
    return true;
  };
}

const send = (status: number, type: string, body: string) => (_req: IncomingMessage, res: ServerResponse) => {
  res.writeHead(status, { 'content-type': type, 'x-request-id': 'rid-1' });
  res.end(body);
};

describe('CycloidClient: answers it cannot read', () => {
  it('an HTML page → BAD_RESPONSE with a short excerpt and the request id', async () => {
    const html = `<!doctype html><html><body>${'Sign in to continue. '.repeat(50)}</body></html>`;
    await withServer(send(200, 'text/html', html), async ({ client }) => {
      await assert.rejects(client.listApiKeys('acme'), badResponse(/^GET \/organizations\/acme\/api_keys: 200 with a body that is not JSON: <!doctype html>.{0,200}… \[request rid-1\]$/));
    });
  });

  it('an empty 200 → BAD_RESPONSE', async () => {
    await withServer(send(200, 'application/json', ''), async ({ client }) => {
      await assert.rejects(client.getApiKey('acme', 'abc'), badResponse(/empty body/));
    });
  });

  it('a body that is not JSON → BAD_RESPONSE', async () => {
    await withServer(send(200, 'application/json', '{"data": [1, 2'), async ({ client }) => {
      await assert.rejects(client.listPolicies('acme'), badResponse(/not JSON/));
    });
  });

  it('JSON of another shape → BAD_RESPONSE naming the problem, with tokens redacted from the excerpt', async () => {
    const body = JSON.stringify({ data: { id: 1, canonical: 'abc', token: TOKEN } });
    await withServer(send(200, 'application/json', body), async ({ client }) => {
      await assert.rejects(client.getApiKey('acme', 'abc'), badResponse(/unexpected shape \(createAPIKey_200_response: data\.(last_seven|name|rules): is required/));
    });
  });

  it('a create answer that cannot be read → AMBIGUOUS, and the body (with its token) is never quoted', async () => {
    const body = JSON.stringify({ data: { id: 1, canonical: 'abc', token: TOKEN, secret_note: 'QUOTE-ME' } });
    await withServer(send(200, 'application/json', body), async ({ client }) => {
      await assert.rejects(client.createApiKey('acme', { canonical: 'abc', name: 'Abc', rules: [] }), (err: unknown) => {
        assert.ok(err instanceof ApiError && err.code === 'AMBIGUOUS');
        assert.ok(err.cause instanceof ApiError && err.cause.code === 'BAD_RESPONSE');
        for (const m of [err.message, err.cause.message]) {
          assert.ok(!m.includes(TOKEN) && !m.includes('QUOTE-ME'), m);
        }
        return true;
      });
    });
  });

  it('a list whose total is never reached stops after ceil(total/size)+2 pages', async () => {
    let n = 0;
    const handler = (_req: IncomingMessage, res: ServerResponse) => {
      n++;
      const key = { id: n, canonical: `key-${n}`, name: `Key ${n}`, rules: [], last_seven: 'abcdefg' };
      send(200, 'application/json', JSON.stringify({ data: [key], pagination: { index: n, size: 1000, total: 5000 } }))(_req, res);
    };
    await withServer(handler, async ({ client }, requests) => {
      await assert.rejects(client.listApiKeys('acme'), badResponse(/kept sending pages \(7 pages read, 7 of the 5000 items/));
      assert.equal(requests(), 7);
    });
  });

  it('a list whose total grows with every page stops at 1,000 pages', async () => {
    let n = 0;
    const handler = (_req: IncomingMessage, res: ServerResponse) => {
      n++;
      const key = { id: n, canonical: `key-${n}`, name: `Key ${n}`, rules: [], last_seven: 'abcdefg' };
      send(200, 'application/json', JSON.stringify({ data: [key], pagination: { index: n, size: 1, total: n * 10 } }))(_req, res);
    };
    await withServer(handler, async ({ client }, requests) => {
      await assert.rejects(client.listApiKeys('acme'), badResponse(/kept sending pages \(1000 pages read/));
      assert.equal(requests(), 1000);
    });
  });

  it('a server that never answers → NETWORK after the retries (timeouts), AMBIGUOUS for a create', async () => {
    await withServer(() => {}, async ({ client, sleeps }) => {
      await assert.rejects(client.getApiKey('acme', 'abc'), (err: unknown) => err instanceof ApiError && err.code === 'NETWORK' && /UND_ERR_HEADERS_TIMEOUT/.test(err.message));
      assert.equal(sleeps.length, 5);
      await assert.rejects(client.createApiKey('acme', { canonical: 'abc', name: 'Abc', rules: [] }), { code: 'AMBIGUOUS' });
    });
  });

  it('a proxy error page on a 502 → SERVER, quoting the page briefly', async () => {
    await withServer(send(502, 'text/html', '<html><body><h1>502 Bad Gateway</h1></body></html>'), async ({ client, sleeps }) => {
      await assert.rejects(client.getApiKey('acme', 'abc'), (err: unknown) => {
        assert.ok(err instanceof ApiError && err.code === 'SERVER');
        assert.equal(err.apiCode, undefined);
        assert.equal(err.requestId, 'rid-1');
        assert.match(err.message, /^GET \/organizations\/acme\/api_keys\/abc: 502: <html><body><h1>502 Bad Gateway/);
        return true;
      });
      assert.equal(sleeps.length, 5);
    });
  });
});
