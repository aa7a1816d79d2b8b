/** Answers keyform cannot read are BAD_RESPONSE (or AMBIGUOUS for a create), quoted briefly, never a token; no hang. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError } from '../../src/provider/cycloid/api-error.js';
import { MAX_BODY_BYTES } from '../../src/provider/cycloid/answer.js';
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

  it('a body over 16 MiB → BAD_RESPONSE naming the limit, read no further (no retry)', async () => {
    assert.equal(MAX_BODY_BYTES, 16 * 1024 * 1024);
    let written = 0;
    const handler = (_req: IncomingMessage, res: ServerResponse) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(1024 * 1024, 0x20);
      const more = () => {
        while (written < 40 * chunk.length && !res.destroyed) {
          written += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', more);
        }
        res.end('{}');
      };
      res.write('{"data":');
      more();
    };
    await withServer(handler, async ({ client, sleeps }, requests) => {
      await assert.rejects(client.listApiKeys('acme'), badResponse(/^GET \/organizations\/acme\/api_keys: 200 with a body over the size limit \(16 MiB\)$/));
      assert.equal(requests(), 1);
      assert.equal(sleeps.length, 0);
    });
    assert.ok(written < 40 * 1024 * 1024, `the server could not write it all (${written} bytes written)`);
  });

  it('a page of more items than asked for → BAD_RESPONSE before the shape is checked', async () => {
    const items = Array.from({ length: 50_000 }, (_, i) => ({ id: i + 1 }));
    await withServer(send(200, 'application/json', JSON.stringify({ data: items, pagination: { index: 1, size: 1000, total: 50_000 } })), async ({ client }) => {
      await assert.rejects(client.listApiKeys('acme'), badResponse(/200 with a page of 50000 items where at most 1000 were asked for: \{"data"/));
    });
  });

  it('a server that ignores page_index (the same page again, announcing 10^6 items) → BAD_RESPONSE after the second page', async () => {
    const key = { id: 1, canonical: 'key-1', name: 'Key 1', rules: [], last_seven: 'abcdefg' };
    await withServer(send(200, 'application/json', JSON.stringify({ data: [key], pagination: { index: 1, size: 1000, total: 1_000_000 } })), async ({ client }, requests) => {
      await assert.rejects(client.listApiKeys('acme'), badResponse(/page 2 holds only items of earlier pages \(the server seems to ignore page_index; it announced 1000000 items, 1 read\)/));
      assert.equal(requests(), 2);
    });
  });

  it('a redirect is not followed: BAD_RESPONSE naming where it points; after a create, AMBIGUOUS (it may have been carried out)', async () => {
    const redirect = (req: IncomingMessage, res: ServerResponse) => {
      res.writeHead(302, { location: `http://127.0.0.1:1${req.url}?api_key=${API_KEY}` });
      res.end();
    };
    await withServer(redirect, async ({ client, sleeps }, requests) => {
      await assert.rejects(client.getApiKey('acme', 'abc'), badResponse(/^GET \/organizations\/acme\/api_keys\/abc: 302 \(a redirect to http:\/\/127\.0\.0\.1:1\/organizations\/acme\/api_keys\/abc\?api_key=\[redacted\]; keyform does not follow redirects: check the API URL\)$/));
      assert.equal(requests(), 1);
      assert.equal(sleeps.length, 0);
      await assert.rejects(client.createApiKey('acme', { canonical: 'abc', name: 'Abc', rules: [] }), (err: unknown) => {
        assert.ok(err instanceof ApiError && err.code === 'AMBIGUOUS', String(err));
        assert.ok(err.cause instanceof ApiError && err.cause.code === 'BAD_RESPONSE');
        return true;
      });
    });
  });
});
