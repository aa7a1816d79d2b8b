/** Connection.prefetch / list: a refresh started early is used once, for the organizations it covers. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { connect } from '../../src/engine/operations.js';
import { tinyServer } from '../provider/helpers.js';

describe('Connection: prefetched refresh', () => {
  it('uses a listing started early once, lists what it does not cover, and returns only the organizations asked for', async () => {
    const asked: string[] = [];
    const server = await tinyServer((req, res) => {
      const org = /\/organizations\/([^/]+)\/api_keys/.exec(req.url ?? '')![1]!;
      asked.push(org);
      const key = { id: asked.length, canonical: `${org}-key`, name: `${org} key`, rules: [], last_seven: 'abcdefg' };
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ data: [key], pagination: { index: 1, size: 1000, total: 1 } }));
    });
    const conn = connect({ context: undefined, env: { CY_API_URL: server.url, CY_API_KEY: 'k', CY_ORG: 'a' } });
    try {
      conn.prefetch(['a', 'b']);
      // The listing starts before any list() call: wait for it (the test's timeout guards a hang; no wall-time bound).
      while (asked.length < 2) await new Promise((r) => setTimeout(r, 5));
      assert.deepEqual(asked.sort(), ['a', 'b'], 'the prefetch lists at once');
      const first = await conn.list(['a', 'c']);
      assert.deepEqual([...first.keys()].sort(), ['a/a-key', 'c/c-key'], 'b was listed but not asked for');
      assert.deepEqual(asked.sort(), ['a', 'b', 'c'], 'only c was listed again');
      await conn.list(['a']);
      assert.deepEqual(asked.filter((o) => o === 'a').length, 2, 'a prefetch serves one refresh only');
    } finally {
      await conn.close();
      await server.close();
    }
  });

  it('reads the policy codes with the keys when asked, once, for the policy check that follows', async () => {
    const asked: string[] = [];
    const server = await tinyServer((req, res) => {
      asked.push(req.url!.split('?')[0]!);
      res.writeHead(200, { 'content-type': 'application/json' });
      const policies = /\/policies/.test(req.url!);
      const data = policies ? [{ id: 1, code: 'organization:project:read', description: 'read projects' }] : [];
      res.end(JSON.stringify({ data, pagination: { index: 1, size: 1000, total: data.length } }));
    });
    const conn = connect({ context: undefined, env: { CY_API_URL: server.url, CY_API_KEY: 'k', CY_ORG: 'a' } });
    try {
      conn.prefetch(['a'], { policies: true });
      while (asked.length < 2) await new Promise((r) => setTimeout(r, 5));
      assert.deepEqual(asked.sort(), ['/organizations/a/api_keys', '/organizations/a/policies'], 'keys and policy codes are read at once');
      const codes = await conn.listPolicies('a');
      assert.deepEqual(codes.map((p) => p.code), ['organization:project:read']);
      await conn.listPolicies('a');
      assert.equal(asked.filter((u) => u.endsWith('/policies')).length, 1, 'the codes are read once per connection');
    } finally {
      await conn.close();
      await server.close();
    }
  });

  it('reports a failed prefetch to the list that takes it, not as an unhandled rejection', async () => {
    const server = await tinyServer((_req, res) => {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ errors: [{ code: 'Unauthenticated', message: 'no' }], request_id: 'r1' }));
    });
    const conn = connect({ context: undefined, env: { CY_API_URL: server.url, CY_API_KEY: 'k', CY_ORG: 'a' } });
    try {
      conn.prefetch(['a']);
      await new Promise((r) => setTimeout(r, 50));
      await assert.rejects(conn.list(['a']), (e: Error) => /401/.test(e.message));
    } finally {
      await conn.close();
      await server.close();
    }
  });
});
