/**
 * The whole life of managed keys against the emulator, through the CLI: create → no changes → update in place →
 * rules change replaces (new token works, old one is revoked) → import → drift detected and reverted → destroy.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startEmulator, type EmulatorHandle } from '../../src/emulator/index.js';
import { call, client } from '../support/api.js';
import { keyformEnv, runKeyform } from '../support/keyform.js';
import { finishE2e, watchDir } from '../support/leaks.js';

const TYPE = 'cycloid_organization_api_key';

function config(keys: Record<string, Record<string, unknown>>, outputs: Record<string, unknown> = {}) {
  return JSON.stringify({ provider: { cycloid: {} }, resource: { [TYPE]: keys }, ...(Object.keys(outputs).length ? { output: outputs } : {}) }, null, 2);
}

describe('e2e: the life of managed API keys', { timeout: 240_000 }, () => {
  let emu: EmulatorHandle;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let admin: ReturnType<typeof client>;
  const kf = (...args: string[]) => runKeyform([...args, '--chdir', dir], { env });
  const write = (text: string) => writeFileSync(join(dir, 'main.tf.json'), text);
  const remote = async (canonical: string) => (await admin.get(`/organizations/acme/api_keys/${canonical}`)).body?.data;
  const stateText = () => readFileSync(join(dir, 'keyform.tfstate'), 'utf8');
  const outputRaw = async (name: string) => (await kf('output', '--raw', name)).stdout;

  before(async () => {
    emu = await startEmulator();
    admin = client(emu.url, emu.adminToken);
    dir = watchDir(mkdtempSync(join(tmpdir(), 'keyform-e2e-')));
    env = keyformEnv(emu);
  });
  after(() => finishE2e(emu, [dir]));

  const deploy = { canonical: 'ci-deploy', name: 'CI deploy', description: 'deploys', rules: [{ action: 'organization:project:read', effect: 'allow' }] };
  const tokenOutput = { deploy_token: { value: `\${${TYPE}.deploy.token}`, sensitive: true } };

  it('creates keys: tokens in state only encrypted, remote matches', async () => {
    write(config({ deploy, reader: { name: 'Key reader', rules: [{ action: 'organization:api_key:read', effect: 'allow' }] } }, tokenOutput));
    const res = await kf('apply', '--auto-approve');
    assert.equal(res.code, 0, res.stderr);
    assert.match(res.stdout, /Apply complete! Resources: 2 added, 0 changed, 0 destroyed/);
    // The plan is written while the first calls go out; what apply prints still comes after it, in order.
    const at = (text: string) => res.stdout.indexOf(text);
    assert.ok(at('Plan: 2 to add') > at('keyform will perform the following actions:'), res.stdout);
    assert.ok(at(': Creating...') > at('Plan: 2 to add'), res.stdout);
    assert.ok(at('Apply complete!') > at(': Creation complete'), res.stdout);
    const key = await remote('ci-deploy');
    assert.equal(key.name, 'CI deploy');
    assert.equal(key.description, 'deploys');
    assert.equal((await remote('key-reader')).name, 'Key reader');
    assert.equal(statSync(join(dir, 'keyform.tfstate')).mode & 0o777, 0o600);
    const token = await outputRaw('deploy_token');
    assert.match(token, /^[\w-]+\.[\w-]+\.[\w-]+$/);
    assert.equal(token.slice(-7), key.last_seven);
    assert.ok(!stateText().includes(token), 'the token is not in the state file in clear');
    assert.ok(!res.stdout.includes(token) && !res.stderr.includes(token), 'apply never prints the token');
    assert.equal((await call(emu.url, 'GET', '/organizations/acme/projects', { token })).status, 404, 'the token authenticates (the route does not exist, so 404 not 401)');
  });

  it('then plans no changes (exit 0 with --detailed-exitcode)', async () => {
    const res = await kf('plan', '--detailed-exitcode');
    assert.equal(res.code, 0, res.stdout + res.stderr);
    assert.match(res.stdout, /No changes/);
  });

  it('updates name and description in place, keeping the token', async () => {
    const before = await outputRaw('deploy_token');
    write(config({ deploy: { ...deploy, name: 'CI deploy (prod)', description: 'deploys prod' }, reader: { name: 'Key reader', rules: [{ action: 'organization:api_key:read', effect: 'allow' }] } }, tokenOutput));
    const plan = await kf('plan', '--detailed-exitcode');
    assert.equal(plan.code, 2);
    assert.match(plan.stdout, /will be updated in place/);
    const res = await kf('apply', '--auto-approve');
    assert.equal(res.code, 0, res.stderr);
    assert.match(res.stdout, /0 added, 1 changed, 0 destroyed/);
    assert.equal((await remote('ci-deploy')).name, 'CI deploy (prod)');
    assert.equal(await outputRaw('deploy_token'), before);
  });

  it('replaces the key when its rules change: the new token works, the old one gets 401', async () => {
    const oldToken = await outputRaw('deploy_token');
    const wider = { ...deploy, name: 'CI deploy (prod)', description: 'deploys prod', rules: [{ action: 'organization:project:read', effect: 'allow' }, { action: 'organization:api_key:list', effect: 'allow' }] };
    write(config({ deploy: wider, reader: { name: 'Key reader', rules: [{ action: 'organization:api_key:read', effect: 'allow' }] } }, tokenOutput));
    const plan = await kf('plan');
    assert.match(plan.stdout, /must be replaced/);
    assert.match(plan.stdout, /rules are immutable in the Cycloid API/);
    assert.match(plan.stdout, /\+ organization:api_key:list/);
    const res = await kf('apply', '--auto-approve');
    assert.equal(res.code, 0, res.stderr);
    assert.match(res.stdout, /1 added, 0 changed, 1 destroyed/);
    const newToken = await outputRaw('deploy_token');
    assert.notEqual(newToken, oldToken);
    assert.equal((await call(emu.url, 'GET', '/organizations/acme/api_keys', { token: newToken })).status, 200);
    assert.equal((await call(emu.url, 'GET', '/organizations/acme/api_keys', { token: oldToken })).status, 401);
  });

  it('imports an unmanaged key (with no token), and then plans no change for it', async () => {
    await admin.post('/organizations/acme/api_keys', { canonical: 'legacy', name: 'Legacy key', description: 'made by hand', owner: 'bob', rules: [{ action: 'organization:project:read', effect: 'allow' }] });
    const keys = {
      deploy: { ...deploy, name: 'CI deploy (prod)', description: 'deploys prod', rules: [{ action: 'organization:project:read', effect: 'allow' }, { action: 'organization:api_key:list', effect: 'allow' }] },
      reader: { name: 'Key reader', rules: [{ action: 'organization:api_key:read', effect: 'allow' }] },
      legacy: { canonical: 'legacy', name: 'Legacy key', description: 'made by hand', owner: 'bob', rules: [{ action: 'organization:project:read', effect: 'allow' }] },
    };
    write(config(keys, tokenOutput));
    const drift = await kf('drift', '--unmanaged', '--json');
    assert.equal(drift.code, 2);
    assert.ok(JSON.parse(drift.stdout).unmanaged.some((u: { identity: string }) => u.identity === 'acme/legacy'));
    const imported = await kf('import', `${TYPE}.legacy`, 'acme/legacy');
    assert.equal(imported.code, 0, imported.stderr);
    const plan = await kf('plan', '--detailed-exitcode');
    assert.equal(plan.code, 0, plan.stdout + plan.stderr);
  });

  it('detects a change made outside keyform as drift (exit 2), and apply reverts it', async () => {
    await admin.put('/organizations/acme/api_keys/ci-deploy', { name: 'Renamed in the console' });
    const drift = await kf('drift');
    assert.equal(drift.code, 2);
    assert.match(drift.stdout, /has changed/);
    assert.match(drift.stdout, /Renamed in the console/);
    const res = await kf('apply', '--auto-approve');
    assert.equal(res.code, 0, res.stderr);
    assert.equal((await remote('ci-deploy')).name, 'CI deploy (prod)');
    assert.equal((await remote('ci-deploy')).description, 'deploys prod');
    assert.equal((await kf('drift')).code, 0);
  });

  it('recreates a key deleted outside keyform', async () => {
    await admin.delete('/organizations/acme/api_keys/key-reader');
    const plan = await kf('plan');
    assert.match(plan.stdout, /has been deleted/);
    assert.equal((await kf('apply', '--auto-approve')).code, 0);
    assert.equal((await remote('key-reader')).name, 'Key reader');
  });

  it('refuses a saved plan once the state has moved on', async () => {
    write(config({ deploy: { ...deploy, name: 'Stale plan', rules: [{ action: 'organization:project:read', effect: 'allow' }, { action: 'organization:api_key:list', effect: 'allow' }] }, reader: { name: 'Key reader', rules: [{ action: 'organization:api_key:read', effect: 'allow' }] }, legacy: { canonical: 'legacy', name: 'Legacy key', description: 'made by hand', owner: 'bob', rules: [{ action: 'organization:project:read', effect: 'allow' }] } }, tokenOutput));
    const planFile = join(dir, 'saved.plan');
    assert.equal((await kf('plan', '--out', planFile)).code, 0);
    assert.ok(!readFileSync(planFile, 'utf8').includes(await outputRaw('deploy_token')), 'no token in the plan file');
    await kf('apply', '--auto-approve', '--target', `${TYPE}.deploy`);
    const stale = await kf('apply', planFile);
    assert.equal(stale.code, 1);
    assert.match(stale.stderr, /stale/);
  });

  it('applies a plan saved before any state existed (plan in one CI job, apply in the next), once', async () => {
    const first = mkdtempSync(join(dir, 'first-')); // inside the watched directory: scanned for leaks, removed after
    const inFirst = (...args: string[]) => runKeyform([...args, '--chdir', first], { env });
    writeFileSync(join(first, 'main.tf.json'), config({ first: { canonical: 'first-plan', name: 'First plan', rules: [{ action: 'organization:project:read', effect: 'allow' }] } }));
    const planFile = join(first, 'first.plan');
    assert.equal((await inFirst('plan', '--out', planFile)).code, 0);
    assert.ok(!existsSync(join(first, 'keyform.tfstate')), 'plan writes no state');
    const shown = await inFirst('show', planFile);
    assert.equal(shown.code, 0, shown.stderr);
    assert.match(shown.stdout, /Plan: 1 to add/);
    const applied = await inFirst('apply', planFile);
    assert.equal(applied.code, 0, applied.stderr);
    assert.equal((await remote('first-plan')).name, 'First plan');
    const planLineage = (JSON.parse(readFileSync(planFile, 'utf8')) as { plan: { lineage: string } }).plan.lineage;
    assert.equal((JSON.parse(readFileSync(join(first, 'keyform.tfstate'), 'utf8')) as { lineage: string }).lineage, planLineage, 'the new state takes the plan\'s lineage');
    const again = await inFirst('apply', planFile);
    assert.equal(again.code, 1, 'the same plan is not applied twice');
    assert.match(again.stderr, /stale/);
    assert.equal((await inFirst('destroy', '--auto-approve')).code, 0);
  });

  it('destroy leaves nothing it managed', async () => {
    const res = await kf('destroy', '--auto-approve');
    assert.equal(res.code, 0, res.stderr);
    for (const canonical of ['ci-deploy', 'key-reader', 'legacy']) assert.equal(await remote(canonical), undefined, `${canonical} is gone`);
    assert.equal((await remote('admin')).canonical, 'admin', 'what keyform did not manage is untouched');
    assert.equal((await kf('state', 'list')).stdout.trim(), '');
  });

  it('without a terminal, apply refuses to run unapproved', async () => {
    const res = await kf('apply');
    assert.equal(res.code, 1);
    assert.match(res.stderr, /--auto-approve/);
  });
});
