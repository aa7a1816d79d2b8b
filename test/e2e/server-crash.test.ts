/** The Cycloid API going down in the middle of an apply: killed (-9) and restarted on its data; apply rides it out. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { spawn } from 'node:child_process';
import { call } from '../support/api.js';
import { keyformBin, spawnEmulator, type EmulatorProcess } from '../support/process.js';
import { keyformEnv } from '../support/keyform.js';

const TYPE = 'cycloid_organization_api_key';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

describe('e2e: the API crashes mid-apply', { timeout: 180_000 }, () => {
  const dirs: string[] = [];
  const emulators: EmulatorProcess[] = [];
  after(async () => {
    for (const e of emulators) if (e.child.exitCode === null && e.child.signalCode === null) e.child.kill('SIGKILL');
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('retries through the outage and converges once the server is back on its data', async () => {
    const data = mkdtempSync(join(tmpdir(), 'keyform-crash-data-'));
    const work = mkdtempSync(join(tmpdir(), 'keyform-crash-work-'));
    dirs.push(data, work);
    const port = String(await freePort());
    const first = await spawnEmulator(['--port', port, '--data-dir', data, '--quiet']);
    emulators.push(first);
    const resource: Record<string, unknown> = {};
    for (let i = 0; i < 40; i++) resource[`k${i}`] = { canonical: `crash-${i}`, name: `Crash key ${i}`, rules: [{ action: 'organization:project:read', effect: 'allow' }] };
    writeFileSync(join(work, 'main.tf.json'), JSON.stringify({ resource: { [TYPE]: resource } }));
    const env = keyformEnv({ url: first.url, adminToken: first.adminToken, organization: 'acme' });
    // Slow creates so the crash lands in the middle.
    await call(first.url, 'PUT', '/_emulator/faults', { token: first.adminToken, body: { faults: [{ method: 'POST', kind: 'latency', min_ms: 60, max_ms: 60 }] } });
    const apply = spawn(process.execPath, [keyformBin, 'apply', '--auto-approve', '--parallelism', '4', '--chdir', work], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    apply.stdout.on('data', (d) => (output += d));
    apply.stderr.on('data', (d) => (output += d));
    const done = new Promise<number | null>((resolve) => apply.on('close', resolve));
    const count = async (url: string, token: string) => ((await call(url, 'GET', '/organizations/acme/api_keys', { token })).body?.data ?? []).filter((k: { canonical: string }) => k.canonical.startsWith('crash-')).length;
    for (let i = 0; i < 400 && (await count(first.url, first.adminToken)) < 8; i++) await new Promise((r) => setTimeout(r, 25));
    first.child.kill('SIGKILL');
    await first.exited;
    await new Promise((r) => setTimeout(r, 700));
    const second = await spawnEmulator(['--port', port, '--data-dir', data, '--quiet']);
    emulators.push(second);
    assert.equal(second.adminToken, first.adminToken, 'the restarted server keeps its keys and tokens');
    const code = await done;
    assert.equal(code, 0, output.slice(-3000));
    assert.equal(await count(second.url, second.adminToken), 40, 'every key exactly once');
    const plan = spawn(process.execPath, [keyformBin, 'plan', '--detailed-exitcode', '--chdir', work], { env, stdio: 'ignore' });
    assert.equal(await new Promise((resolve) => plan.on('close', resolve)), 0, 'and the next plan has no changes');
    second.child.kill('SIGTERM');
    await second.exited;
  });
});
