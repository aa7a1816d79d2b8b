/** The Cycloid API going down in the middle of an apply: killed (-9) and restarted on its data; apply rides it out. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { call } from '../support/api.js';
import { spawnEmulator, type EmulatorProcess } from '../support/process.js';
import { keyformEnv, runKeyform, spawnKeyform } from '../support/keyform.js';
import { addKnownTokens, assertNoLeaks, watchDir } from '../support/leaks.js';
import { LocalBackend, loadKey } from '../../src/state/index.js';

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
    try {
      // The emulator ran in a child process: the tokens to look for are its admin token and those in the state.
      await assertNoLeaks();
    } finally {
      for (const e of emulators) if (e.child.exitCode === null && e.child.signalCode === null) e.child.kill('SIGKILL');
      for (const d of dirs) rmSync(d, { recursive: true, force: true });
    }
  });

  it('retries through the outage and converges once the server is back on its data', async () => {
    const data = mkdtempSync(join(tmpdir(), 'keyform-crash-data-'));
    const work = watchDir(mkdtempSync(join(tmpdir(), 'keyform-crash-work-')));
    dirs.push(data, work);
    const port = String(await freePort());
    const first = await spawnEmulator(['--port', port, '--data-dir', data, '--quiet']);
    emulators.push(first);
    addKnownTokens([first.adminToken]);
    const resource: Record<string, unknown> = {};
    for (let i = 0; i < 40; i++) resource[`k${i}`] = { canonical: `crash-${i}`, name: `Crash key ${i}`, rules: [{ action: 'organization:project:read', effect: 'allow' }] };
    writeFileSync(join(work, 'main.tf.json'), JSON.stringify({ resource: { [TYPE]: resource } }));
    const env = keyformEnv({ url: first.url, adminToken: first.adminToken, organization: 'acme' });
    // Slow creates so the crash lands in the middle.
    await call(first.url, 'PUT', '/_emulator/faults', { token: first.adminToken, body: { faults: [{ method: 'POST', kind: 'latency', min_ms: 60, max_ms: 60 }] } });
    const apply = spawnKeyform(['apply', '--auto-approve', '--parallelism', '4', '--chdir', work], { env });
    const count = async (url: string, token: string) => ((await call(url, 'GET', '/organizations/acme/api_keys', { token })).body?.data ?? []).filter((k: { canonical: string }) => k.canonical.startsWith('crash-')).length;
    for (let i = 0; i < 400 && (await count(first.url, first.adminToken)) < 8; i++) await new Promise((r) => setTimeout(r, 25));
    first.child.kill('SIGKILL');
    await first.exited;
    await new Promise((r) => setTimeout(r, 700));
    const second = await spawnEmulator(['--port', port, '--data-dir', data, '--quiet']);
    emulators.push(second);
    assert.equal(second.adminToken, first.adminToken, 'the restarted server keeps its keys and tokens');
    const { code, stdout, stderr } = await apply.done;
    assert.equal(code, 0, (stdout + stderr).slice(-3000));
    assert.equal(await count(second.url, second.adminToken), 40, 'every key exactly once');
    assert.equal((await runKeyform(['plan', '--detailed-exitcode', '--chdir', work], { env })).code, 0, 'and the next plan has no changes');
    const state = await new LocalBackend(join(work, 'keyform.tfstate'), { key: await loadKey(work, env) }).read();
    const tokens = state!.resources.map((r) => r.instances[0]!.attributes['token'] as string);
    assert.equal(tokens.length, 40);
    addKnownTokens(tokens);
    second.child.kill('SIGTERM');
    await second.exited;
  });
});
