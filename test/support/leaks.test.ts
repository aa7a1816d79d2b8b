/**
 * The suite's secret scan finds what is planted: a token in a file deep in a watched directory, only its last 20
 * characters in a plan file, a token in a run's output, a state file readable by others — and its message names
 * none of the tokens. The one exception, the stdout of `output --raw NAME`, is not scanned.
 */
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startEmulator, type EmulatorHandle } from '../../src/emulator/index.js';
import { call } from './api.js';
import { keyformEnv, runKeyform } from './keyform.js';
import { assertNoLeaks, findTokens, mustBePrivate, recordRun, scanForLeaks, watchDir } from './leaks.js';

const TYPE = 'cycloid_organization_api_key';

describe('findTokens', () => {
  const token = 'eyJhbGciOiJIUzI1NiJ9.eyJraWQiOiJhYmMifQ.c2lnbmF0dXJlLW9mLXRoZS10b2tlbi1oZXJl';
  const bySuffix = new Map([[token.slice(-20), token]]);

  it('finds a whole token, and says where', () => {
    assert.deepEqual(findTokens(`x ${token} y`, 'here', bySuffix), [{ where: 'here', kind: 'token', lastSeven: token.slice(-7), offset: 2 }]);
  });

  it('finds the last 20 characters alone, inside a longer run of token characters too', () => {
    const [f] = findTokens(`"token_tail":"abc${token.slice(-20)}"`, 'here', bySuffix);
    assert.equal(f!.kind, 'suffix');
    assert.equal(f!.offset, 17);
  });

  it('does not count 19 characters, or the token cut before its end', () => {
    assert.deepEqual(findTokens(token.slice(-19), 'here', bySuffix), []);
    assert.deepEqual(findTokens(token.slice(0, -1), 'here', bySuffix), []);
  });

  it('reports a token once per place, however often it appears there', () => {
    assert.equal(findTokens(`${token}\n${token}`, 'here', bySuffix).length, 1);
  });

  it('knows which files must be private', () => {
    for (const n of ['keyform.tfstate', 'keyform.tfstate.backup', 'keyform.tfstate.journal', 'keyform.tfstate.journal.orphaned-2026', 'terraform.ci.tfstate', '.keyform.tfstate.lock.info', 'encryption.key', 'saved.plan', 'keyform.tfstate.tmp-1-ab']) {
      assert.ok(mustBePrivate(n), n);
    }
    for (const n of ['main.tf.json', 'cdk.tf.json', 'terraform.tfvars', 'planets.txt']) assert.ok(!mustBePrivate(n), n);
  });
});

describe('assertNoLeaks on a real run, with leaks planted', { timeout: 120_000 }, () => {
  let emu: EmulatorHandle;
  let dir: string;
  let token: string;

  before(async () => {
    emu = await startEmulator();
    dir = watchDir(mkdtempSync(join(tmpdir(), 'keyform-leaks-')));
    writeFileSync(join(dir, 'main.tf.json'), JSON.stringify({
      resource: { [TYPE]: { ci: { canonical: 'ci-key', name: 'CI key', rules: [{ action: 'organization:project:read', effect: 'allow' }] } } },
      output: { ci_token: { value: `\${${TYPE}.ci.token}`, sensitive: true } },
    }));
    const env = keyformEnv(emu);
    const applied = await runKeyform(['apply', '--auto-approve', '--chdir', dir], { env });
    assert.equal(applied.code, 0, applied.stderr);
    assert.equal((await runKeyform(['plan', '--out', join(dir, 'saved.plan'), '--chdir', dir], { env })).code, 0);
    token = (await runKeyform(['output', '--raw', 'ci_token', '--chdir', dir], { env })).stdout;
    assert.ok(emu.issuedTokens().includes(token), 'the emulator reports the token it issued');
  });
  after(async () => {
    await emu.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const rejectsNaming = (pattern: RegExp) => async () =>
    assert.rejects(assertNoLeaks(emu), (err: Error) => {
      assert.match(err.message, pattern);
      assert.ok(!err.message.includes(token) && !err.message.includes(token.slice(-20)), 'the failure never shows the token');
      return true;
    });

  it('passes on what keyform wrote, the output of `output --raw` included', async () => {
    const report = await assertNoLeaks(emu);
    assert.ok(report.tokens >= 2, `${report.tokens} tokens`);
    assert.ok(report.outputs >= 5 && report.files >= 3, JSON.stringify(report));
  });

  it('fails on a token planted in a file deep in the directory', async () => {
    mkdirSync(join(dir, '.keyform', 'logs'), { recursive: true });
    const log = join(dir, '.keyform', 'logs', 'debug.log');
    writeFileSync(log, `request sent with Bearer ${token}\n`);
    await rejectsNaming(new RegExp(`a token \\(…${token.slice(-7)}\\) in ${log} at offset 25`))();
    unlinkSync(log);
    await assertNoLeaks(emu);
  });

  it('fails on the last 20 characters of a token in a plan file', async () => {
    writeFileSync(join(dir, 'partial.plan'), `{"hint":"${token.slice(-20)}"}\n`, { mode: 0o600 });
    await rejectsNaming(/the last 20 characters of a token .* in .*partial\.plan at offset 9/)();
    unlinkSync(join(dir, 'partial.plan'));
  });

  it('fails on a state file readable by others', async () => {
    chmodSync(join(dir, 'keyform.tfstate'), 0o644);
    await rejectsNaming(/state or key files readable by others:\n.*keyform\.tfstate \(mode 644\)/)();
    chmodSync(join(dir, 'keyform.tfstate'), 0o600);
    await assertNoLeaks(emu);
  });

  it('scans outputs: a token on stderr, even of `output --raw`, fails; on the stdout of `output --raw` it does not', async () => {
    const clean = scanForLeaks([token], { outputs: [], roots: [] });
    assert.equal(clean.findings.length, 0);
    recordRun(['output', '--raw', 'ci_token'], token, '');
    await assertNoLeaks(emu);
    recordRun(['output', '--raw', 'ci_token'], token, `warning: ${token}`);
    await rejectsNaming(/a token .* in keyform output --raw ci_token \(stderr\)/)();
  });

  it('and a token on the stdout of any other command fails', async () => {
    recordRun(['apply', '--auto-approve'], `created: ${token}`, '');
    await rejectsNaming(/in keyform apply --auto-approve \(stdout\)/)();
  });
});
