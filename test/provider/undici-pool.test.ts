/** The client loads undici's Pool and request from their own files: they must be the ones the package exports. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as undici from 'undici';
import { Pool, poolRequest } from '../../src/provider/cycloid/undici-pool.js';
import { tinyServer } from './helpers.js';

describe('undici-pool: undici without its index', () => {
  it('Pool is the class the package exports, and poolRequest is its request', async () => {
    assert.equal(Pool, undici.Pool);
    const server = await tinyServer((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ path: req.url }));
    });
    const pool = new Pool(server.url, { connections: 1 });
    try {
      const res = await poolRequest(pool, { method: 'GET', path: '/ping?x=1' });
      assert.equal(res.statusCode, 200);
      assert.deepEqual(await res.body.json(), { path: '/ping?x=1' });
    } finally {
      await pool.close();
      await server.close();
    }
  });
});
