/**
 * Apply under the conditions CI meets: a held lock, injected API faults and lost answers, and Ctrl-C in the
 * middle. Each time the state is consistent and the next run converges.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startEmulator, type EmulatorHandle } from '../../src/emulator/index.js';
import { FileLocker, LocalBackend, loadKey } from '../../src/state/index.js';
import { call } from '../support/api.js';
import { keyformEnv, runKeyform, spawnKeyform } from '../support/keyform.js';
import { assertNoLeaks, watchDir } from '../support/leaks.js';

const TYPE = 'cycloid_organization_api_key';

function keys(n: number, prefix: string) {
  const resource: Record<string, unknown> = {};
  for (let i = 0; i < n; i++) {
    resource[`${prefix.replace(/-/g, '_')}_${i}`] = { canonical: `${prefix}-${i}`, name: `${prefix} key ${i}`, rules: [{ action: 'organization:project:read', effect: 'allow' }] };
  }
  return JSON.stringify({ resource: { [TYPE]: resource } });
}

async function remoteCanonicals(emu: EmulatorHandle, prefix: string): Promise<string[]> {
  const res = await call(emu.url, 'GET', '/organizations/acme/api_keys', { token: emu.adminToken });
  return res.body.data.map((k: { canonical: string }) => k.canonical).filter((c: string) => c.startsWith(`${prefix}-`)).sort();
}

describe('e2e: apply safety', { timeout: 240_000 }, () => {
  let emu: EmulatorHandle;
  const dirs: string[] = [];
  const workdir = (config: string) => {
    const d = watchDir(mkdtempSync(join(tmpdir(), 'keyform-safety-')));
    dirs.push(d);
    writeFileSync(join(d, 'main.tf.json'), config);
    return d;
  };
  before(async () => {
    emu = await startEmulator();
  });
  after(async () => {
    try {
      await assertNoLeaks(emu);
    } finally {
      await emu.close();
      for (const d of dirs) rmSync(d, { recursive: true, force: true });
    }
  });

  it('a second run fails at once naming the lock holder, or waits with --lock-timeout', async () => {
    const dir = workdir(keys(1, 'locked'));
    const env = keyformEnv(emu);
    const lock = await new FileLocker(join(dir, 'keyform.tfstate')).acquire({ operation: 'apply' }, { timeoutMs: 0 });
    const refused = await runKeyform(['plan', '--chdir', dir], { env });
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, new RegExp(`state is locked by ID ${lock.info.ID}`));
    assert.match(refused.stderr, /apply by /);
    // The lock is released only once the second run says it is waiting: no race with a slow start.
    const waiting = spawnKeyform(['plan', '--chdir', dir, '--lock-timeout', '60s'], { env });
    for (let i = 0; i < 600 && !waiting.stderr().includes('Waiting for the state lock'); i++) await new Promise((r) => setTimeout(r, 50));
    assert.match(waiting.stderr(), /Waiting for the state lock held by/);
    await lock.release();
    const waited = await waiting.done;
    assert.equal(waited.code, 0, waited.stderr);
  });

  it('converges under 503s, 429s, resets and lost answers: no duplicate, every token in state', async () => {
    const dir = workdir(keys(40, 'faulty'));
    const env = keyformEnv(emu);
    emu.faults.set([
      { method: 'POST', path: '/organizations/*/api_keys', kind: 'status', status: 503, retry_after: 0, probability: 0.15 },
      { method: 'POST', path: '/organizations/*/api_keys', kind: 'drop_after_commit', probability: 0.1 },
      { method: 'POST', path: '/organizations/*/api_keys', kind: 'status', status: 429, retry_after: 0, probability: 0.1 },
      { method: 'GET', path: '/organizations/*/api_keys/*', kind: 'reset', probability: 0.1 },
      { method: 'GET', path: '/organizations/*/api_keys', kind: 'status', status: 502, probability: 0.2 },
    ], 11);
    try {
      let res = await runKeyform(['apply', '--auto-approve', '--chdir', dir], { env });
      for (let attempt = 0; attempt < 3 && res.code !== 0; attempt++) res = await runKeyform(['apply', '--auto-approve', '--chdir', dir], { env });
      assert.equal(res.code, 0, res.stdout.slice(-2000) + res.stderr);
    } finally {
      emu.faults.clear();
    }
    const remote = await remoteCanonicals(emu, 'faulty');
    assert.deepEqual(remote, Array.from({ length: 40 }, (_, i) => `faulty-${i}`).sort(), 'each key exactly once');
    const plan = await runKeyform(['plan', '--detailed-exitcode', '--chdir', dir], { env });
    assert.equal(plan.code, 0, plan.stdout);
    const show = JSON.parse((await runKeyform(['show', '--json', '--chdir', dir], { env })).stdout);
    const listed = (await call(emu.url, 'GET', '/organizations/acme/api_keys', { token: emu.adminToken })).body.data as Array<{ canonical: string; last_seven: string }>;
    for (const r of show.values.root_module.resources) {
      assert.equal(r.values.token, null, 'show --json never prints a token');
      assert.equal(r.sensitive_values.token, true);
      assert.equal(listed.find((k) => k.canonical === r.values.canonical)?.last_seven, r.values.last_seven);
    }
  });

  it('apply --json streams one event per line, failures as apply_errored and diagnostic events', async () => {
    const dir = workdir(keys(2, 'events'));
    const env = keyformEnv(emu);
    const ok = await runKeyform(['apply', '--auto-approve', '--json', '--chdir', dir], { env });
    assert.equal(ok.code, 0, ok.stderr);
    const types = ok.stdout.trim().split('\n').map((l) => JSON.parse(l).type);
    assert.equal(types[0], 'version');
    for (const t of ['planned_change', 'apply_start', 'apply_complete', 'change_summary', 'outputs']) assert.ok(types.includes(t), `${t} in ${types.join(',')}`);
    writeFileSync(join(dir, 'main.tf.json'), keys(3, 'events'));
    emu.faults.set([{ method: 'POST', path: '/organizations/*/api_keys', kind: 'status', status: 500 }], 1);
    try {
      const failed = await runKeyform(['apply', '--auto-approve', '--json', '--chdir', dir], { env });
      assert.equal(failed.code, 1);
      const events = failed.stdout.trim().split('\n').map((l) => JSON.parse(l));
      assert.ok(events.some((e) => e.type === 'apply_errored' && e.hook.resource.addr === `${TYPE}.events_2`));
      assert.ok(events.some((e) => e.type === 'diagnostic' && e.diagnostic.severity === 'error'));
    } finally {
      emu.faults.clear();
    }
  });

  it('Ctrl-C lets calls in flight finish, records them, exits 1; the next apply completes the rest', async () => {
    const dir = workdir(keys(30, 'interrupted'));
    const env = keyformEnv(emu);
    emu.faults.set([{ method: 'POST', path: '/organizations/*/api_keys', kind: 'latency', min_ms: 150, max_ms: 150 }], 1);
    try {
      const run = spawnKeyform(['apply', '--auto-approve', '--parallelism', '2', '--chdir', dir], { env });
      // Interrupt once a few keys exist (bounded: at most 20 s of polling).
      for (let i = 0; i < 400; i++) {
        if ((await remoteCanonicals(emu, 'interrupted')).length >= 4) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      run.child.kill('SIGINT');
      const { code, stdout, stderr } = await run.done;
      assert.equal(code, 1);
      assert.match(stderr, /Interrupt received/);
      assert.match(stdout, /Apply interrupted/);
      const created = await remoteCanonicals(emu, 'interrupted');
      assert.ok(created.length >= 4 && created.length < 30, `${created.length} keys created before the interrupt`);
      const listed = await runKeyform(['state', 'list', '--chdir', dir], { env });
      assert.equal(listed.stdout.trim().split('\n').length, created.length, 'every key created is recorded in state');
    } finally {
      emu.faults.clear();
    }
    const rest = await runKeyform(['apply', '--auto-approve', '--chdir', dir], { env });
    assert.equal(rest.code, 0, rest.stderr);
    assert.equal((await remoteCanonicals(emu, 'interrupted')).length, 30);
  });

  it('kill -9 mid-apply: the next apply resolves pending creates and converges, no orphan, every token valid', async () => {
    const dir = workdir(keys(30, 'killed'));
    const env = keyformEnv(emu);
    emu.faults.set([{ method: 'POST', path: '/organizations/*/api_keys', kind: 'latency', min_ms: 100, max_ms: 100 }], 1);
    try {
      for (const threshold of [3, 12]) {
        const run = spawnKeyform(['apply', '--auto-approve', '--parallelism', '4', '--chdir', dir], { env });
        for (let i = 0; i < 400; i++) {
          if ((await remoteCanonicals(emu, 'killed')).length >= threshold) break;
          await new Promise((r) => setTimeout(r, 25));
        }
        run.child.kill('SIGKILL');
        await run.done;
      }
    } finally {
      emu.faults.clear();
    }
    const res = await runKeyform(['apply', '--auto-approve', '--chdir', dir], { env });
    assert.equal(res.code, 0, res.stdout.slice(-1500) + res.stderr);
    assert.deepEqual(await remoteCanonicals(emu, 'killed'), Array.from({ length: 30 }, (_, i) => `killed-${i}`).sort(), 'each key once, none orphaned');
    const plan = await runKeyform(['plan', '--detailed-exitcode', '--chdir', dir], { env });
    assert.equal(plan.code, 0, plan.stdout);
    const listed = (await call(emu.url, 'GET', '/organizations/acme/api_keys', { token: emu.adminToken })).body.data as Array<{ canonical: string; last_seven: string }>;
    const state = JSON.parse((await runKeyform(['show', '--json', '--chdir', dir], { env })).stdout);
    assert.equal(state.values.root_module.resources.length, 30);
    for (const r of state.values.root_module.resources) {
      assert.equal(listed.find((k) => k.canonical === r.values.canonical)?.last_seven, r.values.last_seven, `${r.address}: the state holds the live key's token`);
    }
    const stored = await new LocalBackend(join(dir, 'keyform.tfstate'), { key: await loadKey(dir, env) }).read();
    for (const resource of stored!.resources) {
      const token = resource.instances[0]!.attributes['token'] as string;
      const res = await call(emu.url, 'GET', '/organizations/acme/api_keys', { token });
      assert.notEqual(res.status, 401, `${resource.name}: its token in state authenticates`);
    }
  });
  it('a pending create whose canonical now holds a key it did not make (other rules): plan, apply and destroy stop naming it, and touch nothing', async () => {
    const address = `${TYPE}.taken`;
    const dir = workdir(JSON.stringify({ resource: { [TYPE]: { taken: { canonical: 'pending-taken', name: 'Pending taken', rules: [{ action: 'organization:project:read', effect: 'allow' }] } } } }));
    // The create is carried out but its answer dropped, and the lookup that would tell fails: the outcome is unknown,
    // so the create stays pending in state — as after a kill -9 between the POST and its answer.
    const env = keyformEnv(emu, { KEYFORM_API_RETRIES: '0' });
    emu.faults.set([
      { method: 'POST', path: '/organizations/*/api_keys', kind: 'drop_after_commit', times: 1 },
      { method: 'GET', path: '/organizations/*/api_keys/*', kind: 'status', status: 500 },
    ], 1);
    try {
      const interrupted = await runKeyform(['apply', '--auto-approve', '--chdir', dir], { env });
      assert.equal(interrupted.code, 1, interrupted.stdout + interrupted.stderr);
    } finally {
      emu.faults.clear();
    }
    assert.match(readFileSync(join(dir, 'keyform.tfstate'), 'utf8'), /"status": "pending_create"/);
    // Meanwhile someone deletes that key and makes their own under the same canonical, with other rules.
    assert.equal((await call(emu.url, 'DELETE', '/organizations/acme/api_keys/pending-taken', { token: emu.adminToken })).status, 204);
    const theirs = await call(emu.url, 'POST', '/organizations/acme/api_keys', { token: emu.adminToken, body: { canonical: 'pending-taken', name: 'Pending taken', rules: [{ action: 'organization:credential:read', effect: 'allow' }] } });
    assert.equal(theirs.status, 200);
    const stateBefore = readFileSync(join(dir, 'keyform.tfstate'));
    for (const args of [['plan'], ['apply', '--auto-approve'], ['destroy', '--auto-approve']]) {
      const res = await runKeyform([...args, '--chdir', dir], { env });
      const said = (res.stdout + res.stderr).replace(/\s+/g, ' ');
      assert.equal(res.code, 1, `${args[0]}: ${res.stdout}${res.stderr}`);
      assert.match(said, /Error: An interrupted create.s canonical acme\/pending-taken is taken by a key it did not make/, `${args[0]}: ${res.stdout}${res.stderr}`);
      assert.match(said, new RegExp(`${address.replace('.', '\\.')}`), args[0]);
      assert.match(said, /rules: \[\{"action":"organization:project:read","effect":"allow","resources":\[\]\}\] recorded, \[\{"action":"organization:credential:read","effect":"allow","resources":\[\]\}\] found/, args[0]);
      assert.match(said, /keyform will not touch it/, args[0]);
      const now = await call(emu.url, 'GET', '/organizations/acme/api_keys/pending-taken', { token: emu.adminToken });
      assert.equal(now.body.data.id, theirs.body.data.id, `${args[0]}: their key is still there, the same one`);
      assert.deepEqual(now.body.data.rules.map((r: { action: string }) => r.action), ['organization:credential:read']);
      assert.ok(readFileSync(join(dir, 'keyform.tfstate')).equals(stateBefore), `${args[0]}: the state is unchanged`);
    }
    assert.deepEqual(await remoteCanonicals(emu, 'pending'), ['pending-taken'], 'no other key made');
    // The way out the diagnostic gives: drop the pending record; planning works again.
    assert.equal((await runKeyform(['state', 'rm', address, '--chdir', dir], { env })).code, 0);
    const replanned = await runKeyform(['plan', '--chdir', dir], { env });
    assert.equal(replanned.code, 0, replanned.stderr);
  });
});
