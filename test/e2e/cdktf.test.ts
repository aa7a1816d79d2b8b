/**
 * The CDKTF example through the CLI, as a user runs it: `keyform plan --cdktf` synthesizes the app (its own tsc
 * step, then node), plans both stacks → apply → plan shows no changes → destroy leaves nothing. The example and the
 * bindings are copied into a temporary tree beside a link to this repository's node_modules, so the run writes
 * its build, cdktf.out and per-stack states there, not into the working copy. Then apps that fail.
 */
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startEmulator, type EmulatorHandle } from '../../src/emulator/index.js';
import { packageRoot } from '../../src/package-root.js';
import { call, client } from '../support/api.js';
import { keyformEnv, runKeyform } from '../support/keyform.js';
import { finishE2e, watchDir } from '../support/leaks.js';

const EXAMPLE_FILES = ['cdktf.json', 'main.ts', 'package.json', 'tsconfig.json'];

describe('e2e: a CDKTF app, stack by stack', { timeout: 60_000 }, () => {
  let emu: EmulatorHandle;
  let root: string;
  let app: string;
  let env: NodeJS.ProcessEnv;
  let admin: ReturnType<typeof client>;
  const kf = (...args: string[]) => runKeyform(args, { env, cwd: root });
  const canonicals = async () => ((await admin.get('/organizations/acme/api_keys')).body.data as { canonical: string }[]).map((k) => k.canonical).sort();
  const remote = async (canonical: string) => (await admin.get(`/organizations/acme/api_keys/${canonical}`)).body?.data;

  before(async () => {
    emu = await startEmulator();
    admin = client(emu.url, emu.adminToken);
    env = keyformEnv(emu);
    root = watchDir(mkdtempSync(join(tmpdir(), 'keyform-e2e-cdktf-')));
    app = join(root, 'examples', 'cdktf');
    mkdirSync(app, { recursive: true });
    for (const f of EXAMPLE_FILES) cpSync(join(packageRoot, 'examples', 'cdktf', f), join(app, f));
    cpSync(join(packageRoot, 'bindings'), join(root, 'bindings'), { recursive: true });
    symlinkSync(join(packageRoot, 'node_modules'), join(root, 'node_modules'), 'dir');
  });
  after(() => finishE2e(emu, [root]));

  it('plans both stacks, each under its heading (exit 2: changes present)', async () => {
    const res = await kf('plan', '--cdktf', 'examples/cdktf', '--detailed-exitcode');
    assert.equal(res.code, 2, res.stdout + res.stderr);
    assert.match(res.stdout, /^Synthesized 2 stacks \(audit, ci\) from examples\/cdktf in \d+\.\d s$/m);
    const audit = res.stdout.indexOf('=== Stack audit (examples/cdktf/cdktf.out/stacks/audit/cdk.tf.json) ===');
    const ci = res.stdout.indexOf('=== Stack ci (examples/cdktf/cdktf.out/stacks/ci/cdk.tf.json) ===');
    assert.ok(audit >= 0 && ci > audit, res.stdout);
    assert.match(res.stdout.slice(audit, ci), /Plan: 1 to add, 0 to change, 0 to destroy/);
    assert.match(res.stdout.slice(ci), /Plan: 3 to add, 0 to change, 0 to destroy/);
    assert.match(res.stdout.slice(ci), /\+ organization:credential:read on organization:acme:credential:deploy-\*/);
    assert.match(res.stdout, /Stacks:\n {2}audit {2}changes present\n {2}ci {5}changes present\n/);
    assert.deepEqual(await canonicals(), ['admin']);
  });

  it('applies: the keys exist as declared, the reference resolved, each stack in its own state, no token printed', async () => {
    const res = await kf('apply', '--cdktf', 'examples/cdktf', '--auto-approve');
    assert.equal(res.code, 0, res.stdout + res.stderr);
    assert.match(res.stdout, /Apply complete! Resources: 1 added, 0 changed, 0 destroyed\./);
    assert.match(res.stdout, /Apply complete! Resources: 3 added, 0 changed, 0 destroyed\./);
    assert.match(res.stdout, /deployer_token = <sensitive>/);
    assert.deepEqual(await canonicals(), ['admin', 'ci-deployer', 'ci-deployer-rotation', 'ci-reader', 'key-auditor']);
    const deployer = await remote('ci-deployer');
    assert.deepEqual(deployer.rules.map((r: { action: string; resources: string[] }) => [r.action, r.resources]).sort(), [
      ['organization:credential:read', ['organization:acme:credential:deploy-*']],
      ['organization:project:read', []],
    ]);
    assert.equal((await remote('ci-deployer-rotation')).description, `Rotates ci-deployer (key #${deployer.id})`);
    const ciState = JSON.parse(readFileSync(join(app, 'terraform.ci.tfstate'), 'utf8'));
    const auditState = JSON.parse(readFileSync(join(app, 'terraform.audit.tfstate'), 'utf8'));
    assert.deepEqual(ciState.resources.map((r: { name: string }) => r.name).sort(), ['deployer', 'reader', 'rotation']);
    assert.deepEqual(auditState.resources.map((r: { name: string }) => r.name), ['auditor']);
    assert.equal(existsSync(join(app, 'keyform.tfstate')), false);
    // The sensitive output: only `output --raw` prints it, from the stack's state; it authenticates.
    const token = (await kf('output', '--chdir', 'examples/cdktf', '--state', 'terraform.ci.tfstate', '--raw', 'deployer_token')).stdout;
    assert.equal(token.slice(-7), deployer.last_seven);
    assert.ok(!res.stdout.includes(token) && !res.stderr.includes(token));
    assert.equal((await call(emu.url, 'GET', '/organizations/acme/projects', { token })).status, 404, 'the token authenticates (404: no such route, not 401)');
  });

  it('then plans no changes in either stack (exit 0)', async () => {
    const res = await kf('plan', '--cdktf', 'examples/cdktf', '--detailed-exitcode');
    assert.equal(res.code, 0, res.stdout + res.stderr);
    assert.equal(res.stdout.match(/No changes\./g)?.length, 2, res.stdout);
  });

  it('destroys every key, dependent stacks first, and leaves nothing', async () => {
    const res = await kf('destroy', '--cdktf', 'examples/cdktf', '--auto-approve');
    assert.equal(res.code, 0, res.stdout + res.stderr);
    assert.match(res.stdout, /Destroy complete! Resources: 0 added, 0 changed, 3 destroyed\./);
    assert.match(res.stdout, /Destroy complete! Resources: 0 added, 0 changed, 1 destroyed\./);
    assert.deepEqual(await canonicals(), ['admin']);
    for (const stack of ['ci', 'audit']) {
      assert.deepEqual(JSON.parse(readFileSync(join(app, `terraform.${stack}.tfstate`), 'utf8')).resources, [], stack);
    }
  });

  it('GIVEN an app that fails THEN exit 1 with a diagnostic carrying its command and stderr, and nothing planned', async () => {
    const broken = join(root, 'broken');
    mkdirSync(broken);
    writeFileSync(join(broken, 'cdktf.json'), JSON.stringify({ app: `node -e "console.error('Error: Cannot find module ./gen/provider'); process.exit(7)"` }));
    const res = await kf('plan', '--cdktf', 'broken');
    assert.equal(res.code, 1);
    assert.match(res.stderr, /The CDKTF app failed: its command exited with code 7/);
    assert.match(res.stderr, /its stderr:\s+Error: Cannot find module \.\/gen\/provider/);
    assert.doesNotMatch(res.stdout, /=== Stack/);
  });

  it('GIVEN a type error in the app THEN exit 1 showing what tsc said', async () => {
    writeFileSync(join(app, 'main.ts'), readFileSync(join(app, 'main.ts'), 'utf8').replace("name: 'Key auditor',", "name: 42,"));
    const res = await kf('plan', '--cdktf', 'examples/cdktf');
    assert.equal(res.code, 1, res.stdout + res.stderr);
    assert.match(res.stderr, /The CDKTF app failed: its command exited with code 2/);
    assert.match(res.stderr, /main\.ts\(\d+,\d+\): error TS2322: Type 'number' is not assignable to type 'string'/);
  });

  it('GIVEN an app that hangs THEN it is stopped at KEYFORM_SYNTH_TIMEOUT, exit 1', async () => {
    const slow = join(root, 'slow');
    mkdirSync(slow);
    writeFileSync(join(slow, 'cdktf.json'), JSON.stringify({ app: 'node -e "setTimeout(() => {}, 60000)"' }));
    const started = Date.now();
    const res = await runKeyform(['plan', '--cdktf', 'slow'], { env: { ...env, KEYFORM_SYNTH_TIMEOUT: '500ms' }, cwd: root });
    assert.equal(res.code, 1);
    assert.ok(Date.now() - started < 10_000);
    assert.match(res.stderr, /The CDKTF app did not finish within 0\.5 s and was stopped/);
  });

  it('GIVEN stacks without a backend, with a relative one, and a failing prerequisite THEN states in DIR, a skip, exit 1', async () => {
    // A stand-in app (no cdktf) writing the manifest and cdk.tf.json files of three stacks; "broken" has a rule
    // the API would refuse, and "after" depends on it.
    const dir = join(root, 'stand-in');
    mkdirSync(dir);
    const key = (canonical: string, effect = 'allow') => ({ cycloid_organization_api_key: { k: { canonical, name: canonical, rules: [{ action: 'organization:project:read', effect }] } } });
    const stacks = {
      plain: { resource: key('plain-key') },
      relative: { terraform: { backend: { local: { path: 'states/relative.tfstate' } } }, resource: key('relative-key') },
      broken: { resource: key('broken-key', 'deny') },
      after: { resource: key('after-key') },
    };
    const script = [
      "const fs = require('fs'), path = require('path'), out = process.env.CDKTF_OUTDIR, stacks = {};",
      `for (const [name, config] of Object.entries(${JSON.stringify(stacks)})) {`,
      "  fs.mkdirSync(path.join(out, 'stacks', name), { recursive: true });",
      "  fs.writeFileSync(path.join(out, 'stacks', name, 'cdk.tf.json'), JSON.stringify({ provider: { cycloid: [{}] }, ...config }));",
      "  stacks[name] = { name, constructPath: name, synthesizedStackPath: 'stacks/' + name + '/cdk.tf.json', workingDirectory: 'stacks/' + name, dependencies: name === 'after' ? ['broken'] : [], annotations: [] };",
      '}',
      "fs.writeFileSync(path.join(out, 'manifest.json'), JSON.stringify({ version: '0.21.0', stacks }));",
    ].join('\n');
    writeFileSync(join(dir, 'app.js'), script);
    mkdirSync(join(dir, 'states'));
    writeFileSync(join(dir, 'cdktf.json'), JSON.stringify({ app: 'node app.js' }));
    const res = await kf('apply', '--cdktf', 'stand-in', '--auto-approve');
    assert.equal(res.code, 1, res.stdout + res.stderr);
    assert.match(res.stdout, /Stacks:\n {2}broken {4}failed\n {2}after {5}skipped\n {2}plain {5}ok\n {2}relative {2}ok\n/);
    assert.match(res.stderr, /=== Stack broken \(stand-in\/cdktf\.out\/stacks\/broken\/cdk\.tf\.json\) ===\n[\s\S]*Cycloid rules only allow/);
    assert.match(res.stderr, /=== Stack after [^\n]*===\nSkipped: stacks it depends on did not finish \(broken\)/);
    assert.ok(existsSync(join(dir, 'terraform.plain.tfstate')), 'no backend: DIR/terraform.<stack>.tfstate');
    assert.ok(existsSync(join(dir, 'states', 'relative.tfstate')), 'a relative backend path is relative to DIR');
    assert.ok(!existsSync(join(dir, 'cdktf.out', 'stacks', 'relative', 'states')));
    assert.deepEqual((await canonicals()).filter((c) => c !== 'admin'), ['plain-key', 'relative-key']);
    assert.equal((await kf('destroy', '--cdktf', 'stand-in', '--auto-approve')).code, 1, 'broken still fails to load');
    assert.deepEqual(await canonicals(), ['admin'], 'but the others are destroyed');
  });

  it('rejects options that do not apply to every stack', async () => {
    const res = await kf('plan', '--cdktf', 'examples/cdktf', '--target', 'cycloid_organization_api_key.reader');
    assert.equal(res.code, 1);
    assert.match(res.stderr, /--cdktf runs the command on every stack of the app: .*--target/);
  });
});
