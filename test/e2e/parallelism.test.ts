/**
 * --parallelism through the CLI: keyform opens as many connections as calls it may have in flight. A server on
 * 127.0.0.1 in front of the emulator counts the connections it is asked on and answers each create a little late,
 * so that creates overlap; it passes everything on to the emulator.
 */
import assert from 'node:assert/strict';
import { createServer, request as forward, type Server } from 'node:http';
import type { Socket, AddressInfo } from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startEmulator, type EmulatorHandle } from '../../src/emulator/index.js';
import { keyformEnv, runKeyform } from '../support/keyform.js';
import { finishE2e, watchDir } from '../support/leaks.js';

const TYPE = 'cycloid_organization_api_key';

describe('e2e: --parallelism sets the connections of the API client', { timeout: 120_000 }, () => {
  let emu: EmulatorHandle;
  let proxy: Server;
  let dir: string;
  const sockets = new Set<Socket>();
  let inFlight = 0;
  let mostInFlight = 0;

  before(async () => {
    emu = await startEmulator();
    const { hostname, port } = new URL(emu.url);
    proxy = createServer((req, res) => {
      sockets.add(req.socket);
      const create = req.method === 'POST';
      if (create) mostInFlight = Math.max(mostInFlight, ++inFlight);
      const out = forward({ host: hostname, port, method: req.method, path: req.url, headers: req.headers }, (up) => {
        const chunks: Buffer[] = [];
        up.on('data', (c: Buffer) => chunks.push(c));
        up.on('end', () => {
          // Held a moment: the creates sent meanwhile find every connection busy, and the pool opens another.
          setTimeout(() => {
            if (create) inFlight--;
            res.writeHead(up.statusCode ?? 502, up.headers);
            res.end(Buffer.concat(chunks));
          }, create ? 30 : 0);
        });
      });
      req.pipe(out);
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    dir = watchDir(mkdtempSync(join(tmpdir(), 'keyform-parallelism-')));
  });
  after(() =>
    finishE2e(emu, [dir], async () => {
      proxy.closeAllConnections();
      await new Promise((resolve) => proxy.close(resolve));
    }),
  );

  it('with --parallelism 16, up to 16 creates are in flight, each on its own connection', async () => {
    const keys: Record<string, unknown> = {};
    for (let i = 0; i < 48; i++) keys[`k${i}`] = { canonical: `par-${i}`, name: `Key ${i}`, rules: [{ action: 'organization:project:read', effect: 'allow' }] };
    writeFileSync(join(dir, 'main.tf.json'), JSON.stringify({ resource: { [TYPE]: keys } }));
    const url = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    const res = await runKeyform(['apply', '--auto-approve', '--parallelism', '16'], { cwd: dir, env: keyformEnv({ url, adminToken: emu.adminToken, organization: 'acme' }) });
    assert.equal(res.code, 0, res.stderr);
    assert.match(res.stdout, /Apply complete! Resources: 48 added/);
    assert.ok(mostInFlight > 10, `more creates at once than the default 10 connections allow (at most ${mostInFlight} were)`);
    assert.ok(mostInFlight <= 16, `never more than --parallelism (${mostInFlight} were)`);
    assert.ok(sockets.size > 10 && sockets.size <= 16, `as many connections as calls in flight, at most 16 (${sockets.size} were opened)`);
  });
});
