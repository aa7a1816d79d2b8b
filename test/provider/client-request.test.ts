/** What CycloidClient sends: headers, paths under the API URL's own path, page parameters and bodies. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { IncomingHttpHeaders } from 'node:http';
import { recordingClient, tinyServer } from './helpers.js';

describe('CycloidClient: requests', () => {
  it('sends bearer auth, JSON headers and keyform/<version>, under the URL path, with page parameters', async () => {
    const seen: { method: string; url: string; headers: IncomingHttpHeaders; body: string }[] = [];
    const server = await tinyServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
        res.writeHead(req.method === 'DELETE' ? 204 : 200, { 'content-type': 'application/json' });
        const key = { id: 1, canonical: 'ci-x', name: 'CI x', rules: [], last_seven: 'abcdefg' };
        res.end(req.method === 'DELETE' ? '' : req.method === 'GET' ? JSON.stringify({ data: [], pagination: { index: 1, size: 1000, total: 0 } }) : JSON.stringify({ data: key }));
      });
    });
    const { client } = recordingClient(`${server.url}/api/`, 'the-api-key');
    assert.deepEqual(await client.listApiKeys('acme'), []);
    await client.updateApiKey('acme', 'ci-x', { name: 'CI x', description: '' });
    assert.equal(await client.deleteApiKey('acme', 'ci-x'), true);
    await client.close();
    await server.close();
    assert.deepEqual(seen.map((s) => `${s.method} ${s.url}`), [
      'GET /api/organizations/acme/api_keys?page_index=1&page_size=1000',
      'PUT /api/organizations/acme/api_keys/ci-x',
      'DELETE /api/organizations/acme/api_keys/ci-x',
    ]);
    const h = seen[0]!.headers;
    assert.equal(h['authorization'], 'Bearer the-api-key');
    assert.equal(h['accept'], 'application/json');
    assert.equal(h['content-type'], 'application/json');
    assert.match(h['user-agent'] ?? '', /^keyform\/\d+\.\d+\.\d+/);
    assert.deepEqual(JSON.parse(seen[1]!.body), { name: 'CI x', description: '' });
  });
});
