/**
 * Variables, count and for_each through the CLI against the emulator: instances are created under their
 * addresses, a smaller count deletes exactly the instances past the end, a for_each key removed deletes only
 * that key, variables come from --var, --var-file and TF_VAR_, a sensitive variable never prints, and a saved
 * plan is refused when a variable changed.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startEmulator, type EmulatorHandle } from '../../src/emulator/index.js';
import { client } from '../support/api.js';
import { keyformEnv, runKeyform } from '../support/keyform.js';
import { finishE2e, watchDir } from '../support/leaks.js';

const TYPE = 'cycloid_organization_api_key';

const MODULE = {
  provider: { cycloid: {} },
  variable: {
    env: { type: 'string', validation: [{ condition: '${contains(["dev", "prod"], var.env)}', error_message: 'env must be dev or prod.' }] },
    readers: { type: 'number', default: 3 },
    teams: { type: 'map(string)', default: { web: 'web-*', db: 'db-*' } },
    note: { type: 'string', default: 'none', sensitive: true },
  },
  locals: { prefix: 'kf-${var.env}' },
  resource: {
    [TYPE]: {
      reader: { count: '${var.readers}', name: '${local.prefix} reader ${count.index}', description: '${var.note}', rules: [{ action: 'organization:project:read', effect: 'allow' }] },
      team: {
        for_each: '${var.teams}',
        name: '${local.prefix} team ${each.key}',
        rules: [{ action: 'organization:project:read', effect: 'allow', resources: ['organization:acme:project:${each.value}'] }],
      },
    },
  },
  output: { reader_canonicals: { value: `\${${TYPE}.reader[*].canonical}` }, web_token: { value: `\${${TYPE}.team["web"].token}`, sensitive: true } },
};

describe('e2e: variables, count and for_each', { timeout: 240_000 }, () => {
  let emu: EmulatorHandle;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let admin: ReturnType<typeof client>;
  const kf = (...args: string[]) => runKeyform([...args, '--chdir', dir], { env });
  const remoteNames = async () =>
    ((await admin.get('/organizations/acme/api_keys?page_size=1000')).body.data as Array<{ name: string }>)
      .map((k) => k.name)
      .filter((n) => n.startsWith('kf-'))
      .sort();

  before(async () => {
    emu = await startEmulator();
    admin = client(emu.url, emu.adminToken);
    dir = watchDir(mkdtempSync(join(tmpdir(), 'keyform-e2e-lang-')));
    env = keyformEnv(emu, { TF_VAR_env: 'dev' });
    writeFileSync(join(dir, 'main.tf.json'), JSON.stringify(MODULE, null, 2));
  });
  after(() => finishE2e(emu, [dir]));

  it('creates every instance under its address', async () => {
    const res = await kf('apply', '--auto-approve', '--var', 'note=s3cr3t-note');
    assert.equal(res.code, 0, res.stderr);
    assert.match(res.stdout, /Apply complete! Resources: 5 added/);
    for (const a of ['reader[0]', 'reader[1]', 'reader[2]', 'team["db"]', 'team["web"]']) assert.ok(res.stdout.includes(`${TYPE}.${a}`), `${a} in ${res.stdout}`);
    assert.ok(!res.stdout.includes('s3cr3t-note') && !res.stderr.includes('s3cr3t-note'), 'a sensitive variable is never printed');
    assert.deepEqual(await remoteNames(), ['kf-dev reader 0', 'kf-dev reader 1', 'kf-dev reader 2', 'kf-dev team db', 'kf-dev team web']);
    const list = await kf('state', 'list');
    assert.deepEqual(list.stdout.trim().split('\n'), [`${TYPE}.reader[0]`, `${TYPE}.reader[1]`, `${TYPE}.reader[2]`, `${TYPE}.team["db"]`, `${TYPE}.team["web"]`]);
    const out = await kf('output', '--json');
    assert.deepEqual(JSON.parse(out.stdout).reader_canonicals.value, ['kf-dev-reader-0', 'kf-dev-reader-1', 'kf-dev-reader-2']);
    assert.match((await kf('output', '--raw', 'web_token')).stdout, /^[\w-]+\.[\w-]+\.[\w-]+$/);
  });

  it('plans no changes with the same inputs', async () => {
    const res = await kf('plan', '--detailed-exitcode', '--var', 'note=s3cr3t-note');
    assert.equal(res.code, 0, res.stdout + res.stderr);
  });

  it('a smaller count deletes the last instances only; a removed for_each key deletes that key only', async () => {
    writeFileSync(join(dir, 'smaller.tfvars.json'), JSON.stringify({ readers: 1, teams: { web: 'web-*' } }));
    const plan = await kf('plan', '--var-file', 'smaller.tfvars.json', '--var', 'note=s3cr3t-note');
    assert.equal(plan.code, 0, plan.stderr);
    assert.match(plan.stdout, /Plan: 0 to add, 0 to change, 3 to destroy/);
    for (const gone of ['reader[1]', 'reader[2]', 'team["db"]']) assert.match(plan.stdout, new RegExp(`${TYPE}\\.${gone.replace(/[[\]"]/g, '\\$&')} will be destroyed`));
    const res = await kf('apply', '--auto-approve', '--var-file', 'smaller.tfvars.json', '--var', 'note=s3cr3t-note');
    assert.equal(res.code, 0, res.stderr);
    assert.deepEqual(await remoteNames(), ['kf-dev reader 0', 'kf-dev team web']);
  });

  it('rejects a variable that fails its validation, touching nothing', async () => {
    const res = await kf('plan', '--var', 'env=staging');
    assert.equal(res.code, 1);
    assert.match(res.stderr, /Invalid value for variable "env": env must be dev or prod\./);
    assert.match(res.stderr, /main\.tf\.json:\d+/);
  });

  it('refuses a saved plan when a variable changed since', async () => {
    const planFile = join(dir, 'next.plan');
    const made = await kf('plan', '--out', planFile, '--var-file', 'smaller.tfvars.json', '--var', 'readers=2');
    assert.equal(made.code, 0, made.stderr);
    const refused = await kf('apply', planFile, '--var-file', 'smaller.tfvars.json', '--var', 'readers=3');
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /configuration changed|stale|no longer/i);
    const applied = await kf('apply', planFile, '--var-file', 'smaller.tfvars.json', '--var', 'readers=2');
    assert.equal(applied.code, 0, applied.stderr);
    assert.deepEqual(await remoteNames(), ['kf-dev reader 0', 'kf-dev reader 1', 'kf-dev team web']);
  });

  it('imports into an instance address, and refuses an instance the configuration does not have', async () => {
    const vars = ['--var-file', 'smaller.tfvars.json', '--var', 'readers=2'];
    assert.equal((await kf('state', 'rm', `${TYPE}.reader[1]`)).code, 0);
    const wrong = await kf('import', `${TYPE}.reader[5]`, 'acme/kf-dev-reader-1', ...vars);
    assert.equal(wrong.code, 1);
    assert.match(wrong.stderr, /reader\[5\] is not an instance of the configuration: it has .*reader\[0\], .*reader\[1\]/);
    const ok = await kf('import', `${TYPE}.reader[1]`, 'acme/kf-dev-reader-1', ...vars);
    assert.equal(ok.code, 0, ok.stderr);
    assert.match((await kf('state', 'list')).stdout, /reader\[1\]/);
  });

  it('destroys every instance', async () => {
    const res = await kf('destroy', '--auto-approve', '--var-file', 'smaller.tfvars.json', '--var', 'readers=2');
    assert.equal(res.code, 0, res.stderr);
    assert.deepEqual(await remoteNames(), []);
  });
});
