/**
 * Damaged or foreign files handed to keyform through the CLI: a state that is truncated, not JSON, of a future
 * version, or holds a bad ciphertext; a wrong or missing encryption key; a saved plan that was tampered with, or
 * made for a state of another lineage. Each time plan, apply and output exit 1 with a message naming the problem
 * and no stack trace, no API write is made (plan and apply may already have started listing the organization's keys
 * while the state was read: a read changes nothing), and the state on disk (and its backup) is byte-for-byte the same.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startEmulator, type EmulatorHandle } from '../../src/emulator/index.js';
import { keyformEnv, runKeyform, type RunResult } from '../support/keyform.js';
import { assertNoLeaks, watchDir } from '../support/leaks.js';

const TYPE = 'cycloid_organization_api_key';

const CONFIG = JSON.stringify({
  resource: { [TYPE]: { ci: { canonical: 'ci-key', name: 'CI key', rules: [{ action: 'organization:project:read', effect: 'allow' }] } } },
  output: { ci_token: { value: `\${${TYPE}.ci.token}`, sensitive: true }, ci_canonical: { value: `\${${TYPE}.ci.canonical}` } },
});

describe('e2e: damaged state, wrong keys and foreign plans', { timeout: 240_000 }, () => {
  let emu: EmulatorHandle;
  let root: string;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let requests = 0;
  /** The good state and backup, written by two applies. */
  let good: Buffer;
  let goodBackup: Buffer;
  const statePath = () => join(dir, 'keyform.tfstate');
  const kf = (args: string[], extra: NodeJS.ProcessEnv = {}) => runKeyform([...args, '--chdir', dir], { env: { ...env, ...extra } });

  before(async () => {
    // Count the requests that could change something: anything but a GET.
    emu = await startEmulator({ log: (line) => void (/"method":"GET"/.test(line) ? undefined : requests++) });
    root = watchDir(mkdtempSync(join(tmpdir(), 'keyform-hostile-state-')));
    dir = join(root, 'w');
    env = keyformEnv(emu);
    mkdirSync(dir);
    writeFileSync(join(dir, 'main.tf.json'), CONFIG);
    assert.equal((await kf(['apply', '--auto-approve'])).code, 0);
    writeFileSync(join(dir, 'main.tf.json'), CONFIG.replace('"CI key"', '"CI key (renamed)"'));
    const second = await kf(['apply', '--auto-approve']);
    assert.equal(second.code, 0, second.stderr);
    good = readFileSync(statePath());
    goodBackup = readFileSync(`${statePath()}.backup`);
  });
  after(async () => {
    try {
      await assertNoLeaks(emu);
    } finally {
      await emu.close();
      rmSync(root, { recursive: true, force: true });
    }
  });

  /** Runs plan, apply and output on `state` (written 0600 in place of the good one); each must be refused. */
  async function refusedEverywhere(state: Buffer, says: RegExp, extra: NodeJS.ProcessEnv = {}): Promise<void> {
    writeFileSync(statePath(), state, { mode: 0o600 });
    for (const args of [['plan'], ['apply', '--auto-approve'], ['output', 'ci_canonical']]) {
      const before = requests;
      const res = await kf(args, extra);
      refused(res, says, args.join(' '));
      assert.equal(requests - before, 0, `${args[0]}: no API write`);
      assert.ok(readFileSync(statePath()).equals(state), `${args[0]}: the state file is unchanged`);
      assert.ok(readFileSync(`${statePath()}.backup`).equals(goodBackup), `${args[0]}: the backup is unchanged`);
    }
    writeFileSync(statePath(), good, { mode: 0o600 });
  }

  function refused(res: RunResult, says: RegExp, what: string): void {
    assert.equal(res.code, 1, `${what}: exit ${res.code}\n${res.stdout}${res.stderr}`);
    assert.match(res.stderr.replace(/\s+/g, ' '), says, `${what}:\n${res.stderr}`);
    assert.doesNotMatch(res.stderr, /\n\s+at .*:\d+:\d+\)?\n/, `${what}: a stack trace`);
  }

  it('a truncated state', async () => {
    await refusedEverywhere(good.subarray(0, Math.floor(good.length / 2)), /Error: .*keyform\.tfstate is truncated: it ends in the middle of its JSON/);
    await refusedEverywhere(Buffer.alloc(0), /keyform\.tfstate is truncated: it ends before any content \(empty file\)/);
  });

  it('a state that is not JSON', async () => {
    await refusedEverywhere(Buffer.from('<<<<<<< HEAD\n{"version": 4}\n=======\n'), /keyform\.tfstate is not valid JSON: syntax error at line 1, column 1/);
  });

  it('a state of a future version', async () => {
    const future = JSON.parse(good.toString('utf8'));
    future.version = 5;
    await refusedEverywhere(Buffer.from(JSON.stringify(future, null, 2)), /has state format version 5: it was written by a newer keyform .*upgrade keyform/);
  });

  it('a state with a damaged ciphertext', async () => {
    const text = good.toString('utf8');
    const m = /"kf1:([A-Za-z0-9_-]{40})/.exec(text);
    assert.ok(m, 'the state holds an encrypted token');
    const flipped = m[1]!.slice(0, 30) + (m[1]![30] === 'A' ? 'B' : 'A') + m[1]!.slice(31);
    await refusedEverywhere(Buffer.from(text.replace(m[1]!, flipped)), /Error: cannot decrypt output ci_token in \S+keyform\.tfstate: the ciphertext is damaged or was altered/);
  });

  it('a wrong KEYFORM_ENCRYPTION_KEY, and none at all', async () => {
    await refusedEverywhere(good, /keyform\.tfstate was encrypted with key id [0-9a-f]+, but the key in use \(from KEYFORM_ENCRYPTION_KEY\) has id [0-9a-f]+: use the key this state was written with/, { KEYFORM_ENCRYPTION_KEY: randomBytes(32).toString('base64') });
    await refusedEverywhere(good, /Error: no state encryption key: run `keyform init` to create \.keyform\/encryption\.key, or set KEYFORM_ENCRYPTION_KEY/, { KEYFORM_ENCRYPTION_KEY: '' });
    // And `output --raw` cannot be talked into printing anything with the wrong key.
    const raw = await kf(['output', '--raw', 'ci_token'], { KEYFORM_ENCRYPTION_KEY: randomBytes(32).toString('base64') });
    refused(raw, /but the key in use \(from KEYFORM_ENCRYPTION_KEY\) has id/, 'output --raw');
    assert.equal(raw.stdout, '');
  });

  it('a saved plan that was tampered with is refused, and nothing is applied', async () => {
    writeFileSync(join(dir, 'main.tf.json'), CONFIG.replace('"CI key"', '"CI key (planned)"'));
    const planFile = join(dir, 'change.plan');
    assert.equal((await kf(['plan', '--out', planFile])).code, 0);
    const text = readFileSync(planFile, 'utf8');
    assert.ok(text.includes('CI key (planned)'));
    assert.match(text, /"mac": "[0-9a-f]{64}"/);
    const changed = /tampered\.plan was changed after it was made, or made with another encryption key: it is refused/;
    const unreadable = /tampered\.plan is not a keyform plan file/;
    for (const [what, tampered, says] of [
      ['a value changed', text.replace('CI key (planned)', 'CI key (hijacked)'), changed],
      ['the mac replaced', text.replace(/"mac": "[0-9a-f]{64}"/, `"mac": "${'0'.repeat(64)}"`), changed],
      ['cut short', text.slice(0, text.length / 2), unreadable],
      ['not a plan', '{"hello": "world"}\n', unreadable],
    ] as const) {
      const path = join(dir, 'tampered.plan');
      writeFileSync(path, tampered, { mode: 0o600 });
      const before = requests;
      const res = await kf(['apply', path]);
      refused(res, says, `apply (${what})`);
      assert.equal(requests - before, 0, `${what}: no API request`);
      assert.ok(readFileSync(statePath()).equals(good), `${what}: the state is unchanged`);
    }
    writeFileSync(join(dir, 'main.tf.json'), CONFIG.replace('"CI key"', '"CI key (renamed)"'));
  });

  it('a saved plan made for a state of another lineage is refused, and nothing is applied', async () => {
    // Another working directory with the same configuration and key: its own state, its own lineage.
    const other = join(root, 'other');
    mkdirSync(other);
    writeFileSync(join(other, 'main.tf.json'), CONFIG.replace('ci-key', 'ci-other').replace('"CI key"', '"CI other"'));
    writeFileSync(join(dir, 'main.tf.json'), CONFIG.replace('ci-key', 'ci-other').replace('"CI key"', '"CI other"'));
    const planFile = join(root, 'foreign.plan');
    assert.equal((await runKeyform(['plan', '--out', planFile, '--chdir', other], { env })).code, 0);
    const before = requests;
    const res = await kf(['apply', planFile]);
    refused(res, /foreign\.plan was made for another state \(lineage \S+, this state's is \S+\): run plan again/, 'apply foreign plan');
    assert.equal(requests - before, 0, 'no API request');
    assert.ok(readFileSync(statePath()).equals(good), 'the state is unchanged');
    writeFileSync(join(dir, 'main.tf.json'), CONFIG.replace('"CI key"', '"CI key (renamed)"'));
  });

  it('and the good state still plans no changes', async () => {
    const res = await kf(['plan', '--detailed-exitcode']);
    assert.equal(res.code, 0, res.stdout + res.stderr);
    assert.ok(readFileSync(statePath()).equals(good));
  });
});
