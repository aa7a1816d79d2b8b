/**
 * A file-system failure is the user's to mend, not a keyform bug: a state path that is a folder, a backend path
 * under a file, an unwritable plan file — each is one sentence naming the path and the reason, exit 1, no stack
 * trace, and nothing left behind (no lock, no state, no journal).
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { after, describe, it } from 'node:test';
import { runKeyform } from '../support/keyform.js';

describe('cli: file-system errors', () => {
  const root = mkdtempSync(join(tmpdir(), 'keyform-fs-errors-'));
  after(() => rmSync(root, { recursive: true, force: true }));
  // No API is needed: each command fails before its first call (the URL points nowhere that answers).
  const env = { ...process.env, CY_API_URL: 'http://127.0.0.1:9', CY_API_KEY: 'unused', CY_ORG: 'acme', KEYFORM_ENCRYPTION_KEY: 'Yk9lTm9vY2hlY2tzdW1rZXlmb3JtMDEyMzQ1Njc4OTA=', NO_COLOR: '1' };
  const work = (name: string, config: unknown): string => {
    const dir = join(root, name);
    mkdirSync(dir);
    writeFileSync(join(dir, 'main.tf.json'), JSON.stringify(config));
    return dir;
  };
  const noStack = (text: string) => assert.doesNotMatch(text, /unexpected error|\n\s+at /, text);

  it('a state path that is a folder: named, exit 1, the lock released', async () => {
    const dir = work('state-is-folder', { resource: {} });
    mkdirSync(join(dir, 'keyform.tfstate'));
    for (const args of [['plan'], ['apply', '--auto-approve'], ['refresh'], ['state', 'list']]) {
      const res = await runKeyform([...args, '--chdir', dir], { env });
      assert.equal(res.code, 1, `${args.join(' ')}: ${res.stderr}`);
      assert.match(res.stderr, new RegExp(`cannot read the state file ${join(dir, 'keyform.tfstate').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: it is a folder, not a file`));
      noStack(res.stderr);
    }
    assert.deepEqual(readdirSync(dir).sort(), ['keyform.tfstate', 'main.tf.json'], 'no lock, journal or backup left');
  });

  it('a backend path under a file: the path and the reason, exit 1', async () => {
    const dir = work('under-a-file', { terraform: { backend: { local: { path: 'blocker/keyform.tfstate' } } }, resource: {} });
    writeFileSync(join(dir, 'blocker'), 'a file, not a folder\n');
    const res = await runKeyform(['apply', '--auto-approve', '--chdir', dir], { env });
    assert.equal(res.code, 1, res.stderr);
    assert.match(res.stderr, /Cannot open .*blocker\/\.keyform\.tfstate\.lock\.info[^:]*: a part of the path is a file, not a folder \(ENOTDIR\)/);
    noStack(res.stderr);
    assert.deepEqual(readdirSync(dir).sort(), ['blocker', 'main.tf.json']);
  });

  it('a plan file that cannot be written: the path and the reason, exit 1', async () => {
    const dir = work('plan-out', { resource: {} });
    mkdirSync(join(dir, 'out.plan'));
    const res = await runKeyform(['plan', '--out', join(dir, 'out.plan'), '--refresh=false', '--chdir', dir], { env });
    assert.equal(res.code, 1, res.stderr);
    assert.match(res.stderr, /out\.plan/);
    assert.match(res.stderr, /it is a folder, not a file \(EISDIR\)|not a file/);
    noStack(res.stderr);
  });

  // A FIFO at one of these paths used to block the read forever (no writer ever comes): refused at once now.
  it('a FIFO as the state, journal, lock or key file is refused, not waited on', { timeout: 60_000 }, async () => {
    const cases: Array<{ path: string; what: RegExp; noKey?: boolean }> = [
      { path: 'keyform.tfstate', what: /cannot read the state file .*keyform\.tfstate: it is not a regular file \(a FIFO, socket or device\)/ },
      { path: 'keyform.tfstate.journal', what: /cannot read the journal .*keyform\.tfstate\.journal: it is not a regular file \(a FIFO, socket or device\)/ },
      { path: '.keyform.tfstate.lock.info', what: /cannot read the lock file .*\.keyform\.tfstate\.lock\.info: it is not a regular file \(a FIFO, socket or device\)/ },
      { path: '.keyform/encryption.key', what: /cannot read the state encryption key file .*encryption\.key: it is not a regular file \(a FIFO, socket or device\)/, noKey: true },
    ];
    for (const [i, c] of cases.entries()) {
      const dir = work(`fifo-${i}`, { resource: {} });
      mkdirSync(join(dir, '.keyform'));
      const made = spawnSync('mkfifo', [join(dir, c.path)]);
      assert.equal(made.status, 0, `mkfifo: ${made.stderr}`);
      const { KEYFORM_ENCRYPTION_KEY: _unused, ...noKeyEnv } = env;
      const res = await runKeyform(['plan', '--chdir', dir], { env: c.noKey ? noKeyEnv : env });
      assert.equal(res.code, 1, `${c.path}: ${res.stderr}`);
      assert.match(res.stderr, c.what);
      noStack(res.stderr);
    }
  });

  it('a plan file or key file that is a folder says so', async () => {
    const dir = work('folders', { resource: {} });
    mkdirSync(join(dir, 'saved.plan'));
    const show = await runKeyform(['show', join(dir, 'saved.plan'), '--chdir', dir], { env });
    assert.equal(show.code, 1, show.stderr);
    assert.match(show.stderr, /saved\.plan is not a keyform plan file: it is a folder, not a file/);
    const missing = await runKeyform(['show', join(dir, 'none.plan'), '--chdir', dir], { env });
    assert.match(missing.stderr, /none\.plan is not a keyform plan file: no such file/);
    mkdirSync(join(dir, '.keyform', 'encryption.key'), { recursive: true });
    const { KEYFORM_ENCRYPTION_KEY: _unused, ...noKeyEnv } = env;
    const plan = await runKeyform(['plan', '--chdir', dir], { env: noKeyEnv });
    assert.equal(plan.code, 1, plan.stderr);
    assert.match(plan.stderr, /cannot read the state encryption key file .*encryption\.key: it is a folder, not a file/);
    noStack(show.stderr + missing.stderr + plan.stderr);
  });
});
