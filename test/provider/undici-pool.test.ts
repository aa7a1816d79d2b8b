/** The client loads undici's Pool from its own file (it must be the one the package exports) and reads answers with poolExchange. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as undici from 'undici';
import { Pool, poolExchange } from '../../src/provider/cycloid/undici-pool.js';
import { tinyServer } from './helpers.js';

describe('undici-pool: undici without its index', () => {
  it('Pool is the class the package exports; poolExchange gives the status, headers and whole body', async () => {
    assert.equal(Pool, undici.Pool);
    const server = await tinyServer((req, res) => {
      res.writeHead(201, { 'content-type': 'application/json', 'x-request-id': 'r-1' });
      // In pieces: the body is put together from several chunks.
      res.write('{"path":');
      setTimeout(() => res.end(`${JSON.stringify(req.url)},"é":"ü"}`), 5);
    });
    const pool = new Pool(server.url, { connections: 1 });
    try {
      const res = await poolExchange(pool, { method: 'GET', path: '/ping?x=1' }, 1024);
      assert.equal(res.statusCode, 201);
      assert.equal(res.headers['x-request-id'], 'r-1');
      assert.deepEqual(JSON.parse(res.text!), { path: '/ping?x=1', é: 'ü' });
    } finally {
      await pool.close();
      await server.close();
    }
  });

  it('poolExchange stops reading a body over its limit (text null) and the pool still serves the next call', async () => {
    const server = await tinyServer((req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(req.url === '/big' ? 'x'.repeat(100_000) : 'small');
    });
    const pool = new Pool(server.url, { connections: 1 });
    try {
      const big = await poolExchange(pool, { method: 'GET', path: '/big' }, 1000);
      assert.equal(big.statusCode, 200);
      assert.equal(big.text, null);
      const small = await poolExchange(pool, { method: 'GET', path: '/small' }, 1000);
      assert.equal(small.text, 'small');
    } finally {
      await pool.close();
      await server.close();
    }
  });

  it('poolExchange rejects with the transport error when nothing answers', async () => {
    const server = await tinyServer((_req, res) => res.end());
    const url = server.url;
    await server.close();
    const pool = new Pool(url, { connections: 1 });
    try {
      await assert.rejects(poolExchange(pool, { method: 'GET', path: '/' }, 1000), (err: NodeJS.ErrnoException) => err.code === 'ECONNREFUSED');
    } finally {
      await pool.close();
    }
  });
});
