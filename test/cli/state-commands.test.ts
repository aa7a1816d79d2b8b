/** `keyform import`, `state list|show|rm|mv` and `force-unlock` against the emulator, as a user runs them. */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startEmulator, type EmulatorHandle } from '../../src/emulator/index.js';
import { emptyState, FileLocker, LocalBackend, loadKey, lockPathFor, newInstance, setInstance, type State } from '../../src/state/index.js';
import { call } from '../support/api.js';
import { keyformBin } from '../support/process.js';
import { finishE2e, recordRun, watchDir } from '../support/leaks.js';

interface Result {
  status: number | null;
  stdout: string;
  stderr: string;
}

const TYPE = 'cycloid_organization_api_key';

describe('cli: keyform import, state and force-unlock', () => {
  const root = watchDir(mkdtempSync(join(tmpdir(), 'keyform-state-')));
  const encryptionKey = randomBytes(32).toString('base64');
  let emu: EmulatorHandle;
  let env: NodeJS.ProcessEnv;

  before(async () => {
    emu = await startEmulator();
    env = { CY_API_URL: emu.url, CY_API_KEY: emu.adminToken, CY_ORG: 'acme', KEYFORM_ENCRYPTION_KEY: encryptionKey };
    for (const canonical of ['ci-deploy', 'ci-other']) {
      const res = await call(emu.url, 'POST', '/organizations/acme/api_keys', {
        token: emu.adminToken,
        body: { canonical, name: 'CI deploy', description: 'Deploys', rules: [{ action: 'organization:project:read', effect: 'allow' }] },
      });
      assert.ok(res.status < 300, res.text);
    }
  });
  after(() => finishE2e(emu, [root]));

  function keyform(args: string[], extra: NodeJS.ProcessEnv = {}): Promise<Result> {
    const base = { ...process.env };
    for (const k of ['KEYFORM_ENCRYPTION_KEY', 'CY_API_URL', 'CY_API_KEY', 'CY_ORG', 'FORCE_COLOR']) delete base[k];
    const child = spawn(process.execPath, [keyformBin, ...args], { env: { ...base, NO_COLOR: '1', ...env, ...extra }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    return new Promise((resolve) =>
      child.on('close', (status) => {
        recordRun(args, stdout, stderr);
        resolve({ status, stdout, stderr });
      }),
    );
  }

  /** A directory declaring `ci` exactly as the emulator's ci-deploy key is, and `spare`. */
  function workdir(): string {
    const dir = mkdtempSync(join(root, 'w-'));
    const ci = { canonical: 'ci-deploy', name: 'CI deploy', description: 'Deploys', rules: [{ action: 'organization:project:read', effect: 'allow' }] };
    writeFileSync(join(dir, 'main.tf.json'), JSON.stringify({ resource: { [TYPE]: { ci, spare: { ...ci, canonical: 'ci-other' } } } }, null, 2));
    return dir;
  }

  async function readState(dir: string): Promise<State | undefined> {
    const key = await loadKey(dir, { KEYFORM_ENCRYPTION_KEY: encryptionKey });
    return new LocalBackend(join(dir, 'keyform.tfstate'), { key }).read();
  }

  it('imports a key created outside keyform: in state with a null token, and plan then shows no change', async () => {
    const dir = workdir();
    const res = await keyform(['import', '--chdir', dir, `${TYPE}.ci`, 'acme/ci-deploy']);
    assert.equal(res.status, 0, res.stderr);
    assert.match(res.stdout, /Import successful! cycloid_organization_api_key\.ci ← acme\/ci-deploy/);
    assert.match(res.stdout, /has no token in state/);
    assert.match(res.stdout, /keyform apply --replace cycloid_organization_api_key\.ci/);
    assert.ok(!res.stdout.includes(emu.adminToken) && !res.stderr.includes(emu.adminToken));
    const state = await readState(dir);
    const instance = state?.resources.find((r) => r.name === 'ci')?.instances[0];
    assert.equal(instance?.attributes['canonical'], 'ci-deploy');
    assert.equal(instance?.attributes['organization_canonical'], 'acme');
    assert.equal(instance?.attributes['token'], null);
    assert.ok(!existsSync(lockPathFor(join(dir, 'keyform.tfstate'))), 'the lock is released');

    const bare = await keyform(['import', '--chdir', dir, `${TYPE}.spare`, 'ci-other']);
    assert.equal(bare.status, 0, bare.stderr);
    assert.match(bare.stdout, /← acme\/ci-other/, 'a bare canonical is in CY_ORG');

    const plan = await keyform(['plan', '--chdir', dir, '--detailed-exitcode']);
    assert.equal(plan.status, 0, `${plan.stdout}\n${plan.stderr}`);
  });

  it('refuses an undeclared address, a missing key and an address already managed, leaving the state as it was', async () => {
    const dir = workdir();
    assert.equal((await keyform(['import', '--chdir', dir, `${TYPE}.ci`, 'ci-deploy'])).status, 0);
    const before = readFileSync(join(dir, 'keyform.tfstate'));

    const undeclared = await keyform(['import', '--chdir', dir, `${TYPE}.nope`, 'ci-other']);
    assert.equal(undeclared.status, 1);
    assert.match(undeclared.stderr, /Error: cycloid_organization_api_key\.nope is not declared in the configuration/);
    assert.match(undeclared.stderr, /cycloid_organization_api_key\.ci, cycloid_organization_api_key\.spare/);

    const missing = await keyform(['import', '--chdir', dir, `${TYPE}.spare`, 'acme/no-such-key']);
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /Error: cannot import acme\/no-such-key: there is no API key no-such-key in organization acme/);

    const managed = await keyform(['import', '--chdir', dir, `${TYPE}.ci`, 'ci-other']);
    assert.equal(managed.status, 1);
    assert.match(managed.stderr, /cycloid_organization_api_key\.ci is already managed/);

    const twice = await keyform(['import', '--chdir', dir, `${TYPE}.spare`, 'ci-deploy']);
    assert.equal(twice.status, 1);
    assert.match(twice.stderr, /acme\/ci-deploy is already managed as cycloid_organization_api_key\.ci/);

    const badId = await keyform(['import', '--chdir', dir, `${TYPE}.spare`, 'a/b/c']);
    assert.equal(badId.status, 1);
    assert.match(badId.stderr, /CANONICAL or ORGANIZATION\/CANONICAL/);

    const args = await keyform(['import', '--chdir', dir, `${TYPE}.spare`]);
    assert.equal(args.status, 1);
    assert.match(args.stderr, /import needs ADDR and ID/);

    assert.deepEqual(readFileSync(join(dir, 'keyform.tfstate')), before, 'the state file is byte-for-byte unchanged');
    assert.ok(!existsSync(lockPathFor(join(dir, 'keyform.tfstate'))), 'no lock is left behind');
  });

  it('state list, show, mv and rm', async () => {
    const dir = workdir();
    assert.equal((await keyform(['import', '--chdir', dir, `${TYPE}.ci`, 'ci-deploy'])).status, 0);
    assert.equal((await keyform(['import', '--chdir', dir, `${TYPE}.spare`, 'ci-other'])).status, 0);

    const list = await keyform(['state', 'list', '--chdir', dir]);
    assert.equal(list.status, 0, list.stderr);
    assert.equal(list.stdout, `${TYPE}.ci\n${TYPE}.spare\n`);
    assert.equal((await keyform(['state', 'list', '--chdir', dir, `${TYPE}.spare`])).stdout, `${TYPE}.spare\n`);
    assert.equal((await keyform(['state', 'list', '--chdir', dir, TYPE])).stdout, `${TYPE}.ci\n${TYPE}.spare\n`);

    const show = await keyform(['state', 'show', '--chdir', dir, `${TYPE}.ci`]);
    assert.equal(show.status, 0, show.stderr);
    assert.match(show.stdout, /^# cycloid_organization_api_key\.ci:\nresource "cycloid_organization_api_key" "ci" \{\n/);
    assert.match(show.stdout, /\n {4}canonical +\s= "ci-deploy"\n/);
    assert.match(show.stdout, /\n {4}token +\s= null {2}# no token: imported or lost\n/);
    assert.match(show.stdout, /\n {12}action +\s= "organization:project:read"\n/);
    assert.match(show.stdout, /\n\}\n$/);

    const unknown = await keyform(['state', 'show', '--chdir', dir, `${TYPE}.nope`]);
    assert.equal(unknown.status, 1);
    assert.match(unknown.stderr, /cycloid_organization_api_key\.nope is not in the state \(it has: cycloid_organization_api_key\.ci, /);

    const mv = await keyform(['state', 'mv', '--chdir', dir, `${TYPE}.spare`, `${TYPE}.renamed`]);
    assert.equal(mv.status, 0, mv.stderr);
    assert.match(mv.stdout, /Move "cycloid_organization_api_key\.spare" to "cycloid_organization_api_key\.renamed"/);
    assert.equal((await keyform(['state', 'list', '--chdir', dir])).stdout, `${TYPE}.ci\n${TYPE}.renamed\n`);

    const clash = await keyform(['state', 'mv', '--chdir', dir, `${TYPE}.ci`, `${TYPE}.renamed`]);
    assert.equal(clash.status, 1);
    assert.match(clash.stderr, /is already in the state/);
    const absent = await keyform(['state', 'mv', '--chdir', dir, `${TYPE}.nope`, `${TYPE}.x`]);
    assert.equal(absent.status, 1);
    assert.match(absent.stderr, /cycloid_organization_api_key\.nope is not in the state/);

    const before = readFileSync(join(dir, 'keyform.tfstate'));
    const rmBad = await keyform(['state', 'rm', '--chdir', dir, `${TYPE}.ci`, `${TYPE}.nope`]);
    assert.equal(rmBad.status, 1);
    assert.match(rmBad.stderr, /cycloid_organization_api_key\.nope is not in the state/);
    assert.deepEqual(readFileSync(join(dir, 'keyform.tfstate')), before, 'nothing is removed when one address is unknown');

    const rm = await keyform(['state', 'rm', '--chdir', dir, `${TYPE}.renamed`]);
    assert.equal(rm.status, 0, rm.stderr);
    assert.match(rm.stdout, /^Removed cycloid_organization_api_key\.renamed\n/);
    assert.match(rm.stdout, /still exist in Cycloid/);
    assert.equal((await keyform(['state', 'list', '--chdir', dir])).stdout, `${TYPE}.ci\n`);
    const remote = await call(emu.url, 'GET', '/organizations/acme/api_keys/ci-other', { token: emu.adminToken });
    assert.equal(remote.status, 200, 'state rm never deletes the key');
  });

  it('state commands work when the configuration is broken, and refuse bad input clearly', async () => {
    const dir = workdir();
    assert.equal((await keyform(['import', '--chdir', dir, `${TYPE}.ci`, 'ci-deploy'])).status, 0);
    writeFileSync(join(dir, 'main.tf.json'), '{ "resource": ');
    assert.equal((await keyform(['state', 'list', '--chdir', dir])).stdout, `${TYPE}.ci\n`);
    const mv = await keyform(['state', 'mv', '--chdir', dir, `${TYPE}.ci`, `${TYPE}.moved`]);
    assert.equal(mv.status, 0, mv.stderr);

    const sub = await keyform(['state', 'push', '--chdir', dir]);
    assert.equal(sub.status, 1);
    assert.match(sub.stderr, /unknown subcommand 'state push'/);
    const addr = await keyform(['state', 'show', '--chdir', dir, 'not an address']);
    assert.equal(addr.status, 1);
    assert.match(addr.stderr, /is not a resource address/);
    const opt = await keyform(['state', 'list', '--colour']);
    assert.equal(opt.status, 1);
    assert.match(opt.stderr, /Unknown option '--colour'/);
  });

  it('force-unlock removes a lock only with its ID', async () => {
    const dir = mkdtempSync(join(root, 'lock-'));
    const statePath = join(dir, 'keyform.tfstate');
    const key = await loadKey(dir, { KEYFORM_ENCRYPTION_KEY: encryptionKey });
    await new LocalBackend(statePath, { key }).write(setInstance(emptyState(), TYPE, 'ci', undefined, newInstance(TYPE, { canonical: 'ci', token: null })));
    const lock = await new FileLocker(statePath).acquire({ operation: 'apply' }, { timeoutMs: 0 });

    const blocked = await keyform(['state', 'rm', '--chdir', dir, `${TYPE}.ci`]);
    assert.equal(blocked.status, 1);
    assert.match(blocked.stderr, new RegExp(`state is locked by ID ${lock.info.ID}`));

    const wrong = await keyform(['force-unlock', '--chdir', dir, 'not-the-id']);
    assert.equal(wrong.status, 1);
    assert.match(wrong.stderr, new RegExp(`has ID ${lock.info.ID}, not not-the-id: nothing was unlocked`));
    assert.ok(existsSync(lockPathFor(statePath)));
    const empty = await keyform(['force-unlock', '--chdir', dir, '']);
    assert.equal(empty.status, 1);
    assert.match(empty.stderr, /^keyform force-unlock: force-unlock needs a LOCK_ID, not an empty string/);
    assert.ok(existsSync(lockPathFor(statePath)));

    const right = await keyform(['force-unlock', '--chdir', dir, lock.info.ID]);
    assert.equal(right.status, 0, right.stderr);
    assert.match(right.stdout, /keyform state has been successfully unlocked!/);
    assert.ok(!existsSync(lockPathFor(statePath)));

    const again = await keyform(['force-unlock', '--chdir', dir, lock.info.ID]);
    assert.equal(again.status, 1);
    assert.match(again.stderr, /is not locked/);
  });
});
