/**
 * What CI and shells do to a running keyform: SIGTERM on cancel, a reader that goes away (`keyform plan | head -1`:
 * EPIPE), an output on a full disk (/dev/full: ENOSPC). Each time: exit 1, a message that says what happened and no
 * stack, the lock released and no journal left, and the state holding every key the API has (with its token).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startEmulator, type EmulatorHandle } from '../../src/emulator/index.js';
import { call } from '../support/api.js';
import { keyformEnv, runKeyform, spawnKeyform } from '../support/keyform.js';
import { finishE2e, recordRun, watchDir } from '../support/leaks.js';
import { keyformBin } from '../support/process.js';
import { tinyServer } from '../provider/helpers.js';

const TYPE = 'cycloid_organization_api_key';

function keys(n: number, prefix: string): string {
  const resource: Record<string, unknown> = {};
  for (let i = 0; i < n; i++) {
    resource[`${prefix.replace(/-/g, '_')}_${i}`] = { canonical: `${prefix}-${i}`, name: `${prefix} key ${i}`, rules: [{ action: 'organization:project:read', effect: 'allow' }] };
  }
  return JSON.stringify({ resource: { [TYPE]: resource } });
}

describe('e2e: signals and failing output', { timeout: 300_000 }, () => {
  let emu: EmulatorHandle;
  const dirs: string[] = [];
  const workdir = (config: string) => {
    const d = watchDir(mkdtempSync(join(tmpdir(), 'keyform-interrupts-')));
    dirs.push(d);
    writeFileSync(join(d, 'main.tf.json'), config);
    return d;
  };
  before(async () => {
    emu = await startEmulator();
  });
  after(() => finishE2e(emu, dirs));

  const remote = async (prefix: string) => {
    const res = await call(emu.url, 'GET', '/organizations/acme/api_keys', { token: emu.adminToken });
    return (res.body.data as Array<{ canonical: string; last_seven: string }>).filter((k) => k.canonical.startsWith(`${prefix}-`));
  };
  const noStack = (text: string) => assert.doesNotMatch(text, /unexpected error|Unhandled 'error' event|\n\s+at /, text);

  /** No lock and no journal left; the state records exactly the keys the API has, each with the live key's token. */
  async function consistent(dir: string, prefix: string, env: NodeJS.ProcessEnv): Promise<number> {
    assert.deepEqual(readdirSync(dir).filter((f) => /lock|journal/.test(f)), [], 'the lock is released and no journal is left');
    const live = await remote(prefix);
    const shown = await runKeyform(['show', '--json', '--chdir', dir], { env });
    assert.equal(shown.code, 0, shown.stderr);
    const recorded = (JSON.parse(shown.stdout).values?.root_module?.resources ?? []) as Array<{ values: { canonical: string; last_seven: string } }>;
    assert.deepEqual(recorded.map((r) => r.values.canonical).sort(), live.map((k) => k.canonical).sort(), 'every key the API has is in the state, and no other');
    for (const r of recorded) assert.equal(live.find((k) => k.canonical === r.values.canonical)?.last_seven, r.values.last_seven, `${r.values.canonical}: the state holds the live key`);
    const planned = await runKeyform(['plan', '--chdir', dir], { env });
    assert.doesNotMatch(planned.stdout, /interrupted while creating|token was never recorded/, 'no key was left without its token');
    return live.length;
  }

  it('SIGTERM (a CI cancel) mid-apply is an interrupt: calls in flight finish and are recorded, exit 1, no orphan', async () => {
    const dir = workdir(keys(50, 'termed'));
    const env = keyformEnv(emu);
    emu.faults.set([{ method: 'POST', path: '/organizations/*/api_keys', kind: 'latency', min_ms: 100, max_ms: 100 }], 1);
    try {
      const run = spawnKeyform(['apply', '--auto-approve', '--parallelism', '3', '--chdir', dir], { env });
      for (let i = 0; i < 400 && (await remote('termed')).length < 3; i++) await new Promise((r) => setTimeout(r, 50));
      run.child.kill('SIGTERM');
      const { code, stdout, stderr } = await run.done;
      assert.equal(code, 1, stderr);
      assert.match(stderr, /Interrupt received \(SIGTERM\): no new changes will start/);
      assert.match(stdout, /Apply interrupted/);
      noStack(stderr);
      const made = await consistent(dir, 'termed', env);
      assert.ok(made >= 3 && made < 50, `${made} keys made before SIGTERM`);
    } finally {
      emu.faults.clear();
    }
    const rest = await runKeyform(['apply', '--auto-approve', '--chdir', dir], { env });
    assert.equal(rest.code, 0, rest.stderr);
    assert.equal(await consistent(dir, 'termed', env), 50);
  });

  it('a second SIGTERM does not wait for slow calls in flight: exit 1 at once, lock released; the next apply converges', async () => {
    const dir = workdir(keys(12, 'twice'));
    const env = keyformEnv(emu);
    // Slow creates: the first signal waits for them; the second must not.
    emu.faults.set([{ method: 'POST', path: '/organizations/*/api_keys', kind: 'latency', min_ms: 3000, max_ms: 3000 }], 1);
    try {
      const run = spawnKeyform(['apply', '--auto-approve', '--parallelism', '4', '--chdir', dir], { env });
      for (let i = 0; i < 600 && !/Creating\.\.\./.test(run.stdout()); i++) await new Promise((r) => setTimeout(r, 50));
      run.child.kill('SIGTERM');
      for (let i = 0; i < 600 && !/Interrupt received/.test(run.stderr()); i++) await new Promise((r) => setTimeout(r, 50));
      run.child.kill('SIGTERM');
      const { code, stderr } = await run.done;
      assert.equal(code, 1, stderr);
      assert.match(stderr, /Interrupt received \(SIGTERM\): no new changes will start; waiting for the calls in flight to finish and be recorded \(interrupt again to exit at once\)/);
      assert.match(stderr, /Second interrupt \(SIGTERM\): exiting now, without waiting for the calls in flight/);
      noStack(stderr);
      assert.deepEqual(readdirSync(dir).filter((f) => f.includes('lock')), [], 'the lock is released');
    } finally {
      emu.faults.clear();
    }
    const rest = await runKeyform(['apply', '--auto-approve', '--chdir', dir], { env });
    assert.equal(rest.code, 0, rest.stdout.slice(-1500) + rest.stderr);
    assert.equal(await consistent(dir, 'twice', env), 12, 'each key once, none orphaned');
  });

  it('SIGTERM while the plan waits on the API: stops at once, says so, and releases the state lock', async () => {
    const dir = workdir(keys(3, 'stalled'));
    const stalled = await tinyServer(() => undefined); // takes every request and never answers
    try {
      const run = spawnKeyform(['plan', '--chdir', dir], { env: keyformEnv(emu, { CY_API_URL: stalled.url }) });
      for (let i = 0; i < 600 && stalled.requests() === 0; i++) await new Promise((r) => setTimeout(r, 50));
      assert.ok(stalled.requests() > 0, 'the refresh started');
      assert.ok(readdirSync(dir).some((f) => f.includes('lock')), 'the lock is held meanwhile');
      run.child.kill('SIGTERM');
      const { code, stderr } = await run.done;
      assert.equal(code, 1, stderr);
      assert.match(stderr, /Interrupt received \(SIGTERM\): stopped, the state lock released/);
      noStack(stderr);
      assert.deepEqual(readdirSync(dir), ['main.tf.json'], 'no lock left');
    } finally {
      await stalled.close();
    }
  });

  it('plan | head -1 of 500 keys: the closed pipe is said in one line, exit 1, no stack, no lock left', async () => {
    const dir = workdir(keys(500, 'piped-plan'));
    const run = spawnKeyform(['plan', '--chdir', dir], { env: keyformEnv(emu) });
    run.child.stdout.once('data', () => run.child.stdout.destroy());
    const { code, stderr } = await run.done;
    assert.equal(code, 1, stderr);
    assert.match(stderr, /^keyform plan: could not write to standard output: the reading end was closed \(EPIPE\); the output is incomplete$/m);
    noStack(stderr);
    assert.deepEqual(readdirSync(dir), ['main.tf.json'], 'no lock left');
  });

  it('apply --auto-approve | head -1: stops cleanly or finishes, and records every key it made', async () => {
    const dir = workdir(keys(50, 'piped-apply'));
    const env = keyformEnv(emu);
    emu.faults.set([{ method: 'POST', path: '/organizations/*/api_keys', kind: 'latency', min_ms: 50, max_ms: 50 }], 1);
    try {
      const run = spawnKeyform(['apply', '--auto-approve', '--chdir', dir], { env });
      run.child.stdout.once('data', () => run.child.stdout.destroy());
      const { code, stderr } = await run.done;
      assert.equal(code, 1, stderr);
      assert.match(stderr, /could not write to standard output: the reading end was closed \(EPIPE\)/);
      noStack(stderr);
      await consistent(dir, 'piped-apply', env);
    } finally {
      emu.faults.clear();
    }
  });

  it('stdout on a full disk (/dev/full): plan and apply fail with ENOSPC in words, the state consistent', { skip: !existsSync('/dev/full') }, async () => {
    const dir = workdir(keys(20, 'full-disk'));
    const env = keyformEnv(emu);
    for (const args of [['plan'], ['apply', '--auto-approve']]) {
      const full = openSync('/dev/full', 'w');
      try {
        const child = spawn(process.execPath, [keyformBin, ...args, '--chdir', dir], { env, stdio: ['ignore', full, 'pipe'] });
        let stderr = '';
        child.stderr!.on('data', (d) => (stderr += d));
        const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
        recordRun(args, '', stderr);
        assert.equal(code, 1, `${args[0]}: ${stderr}`);
        assert.match(stderr, new RegExp(`keyform ${args[0]}: could not write to standard output: no space left on the device \\(ENOSPC\\)`));
        noStack(stderr);
      } finally {
        closeSync(full);
      }
    }
    await consistent(dir, 'full-disk', env);
  });
});
