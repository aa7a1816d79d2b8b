/** `keyform init` and `keyform validate` as a user runs them: key file, .gitignore, summaries, JSON, --online. */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startEmulator, type EmulatorHandle } from '../../src/emulator/index.js';
import { keyformBin } from '../support/process.js';
import { finishE2e, recordRun, watchDir } from '../support/leaks.js';

interface Result {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs bin/keyform without blocking the event loop (the emulator runs in this process). */
function keyform(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Result> {
  const base = { ...process.env };
  for (const k of ['KEYFORM_ENCRYPTION_KEY', 'CY_API_URL', 'CY_API_KEY', 'CY_ORG', 'FORCE_COLOR']) delete base[k];
  const child = spawn(process.execPath, [keyformBin, ...args], { env: { ...base, NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
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

const key = (rules: Array<{ action: string; effect: string; resources?: string[] }>) => ({ name: 'CI deploy', canonical: 'ci-deploy', rules });

function config(resources: Record<string, unknown>, outputs: Record<string, unknown> = {}): string {
  return JSON.stringify({ resource: { cycloid_organization_api_key: resources }, ...(Object.keys(outputs).length ? { output: outputs } : {}) }, null, 2);
}

describe('cli: keyform init', () => {
  const root = mkdtempSync(join(tmpdir(), 'keyform-init-'));
  after(() => rmSync(root, { recursive: true, force: true }));

  it('creates the key file 0600, git-ignores .keyform/, summarizes the configuration, and is idempotent', async () => {
    const dir = mkdtempSync(join(root, 'w-'));
    writeFileSync(join(dir, 'main.tf.json'), config(
      { ci: key([{ action: 'organization:project:read', effect: 'allow' }]), ro: { name: 'Read only', rules: [{ action: 'organization:api_key:list', effect: 'allow' }] } },
      { last: { value: '${cycloid_organization_api_key.ci.last_seven}' } },
    ));
    const first = await keyform(['init', '--chdir', dir]);
    assert.equal(first.status, 0, first.stderr);
    assert.match(first.stdout, /Created the state encryption key \.keyform\/encryption\.key \(keep it safe/);
    assert.match(first.stdout, /keyform has been initialized in .*: 2 resources, 1 output\./);
    const keyPath = join(dir, '.keyform', 'encryption.key');
    assert.equal(statSync(keyPath).mode & 0o777, 0o600);
    const keyText = readFileSync(keyPath, 'utf8');
    assert.equal(Buffer.from(keyText.trim(), 'base64').length, 32);
    assert.ok(!first.stdout.includes(keyText.trim()), 'the key is never printed');
    assert.equal(readFileSync(join(dir, '.gitignore'), 'utf8'), '.keyform/\n');

    const second = await keyform(['init', '--chdir', dir]);
    assert.equal(second.status, 0, second.stderr);
    assert.match(second.stdout, /Found the existing encryption key/);
    assert.equal(readFileSync(keyPath, 'utf8'), keyText, 'the key is kept');
    assert.equal(readFileSync(join(dir, '.gitignore'), 'utf8'), '.keyform/\n', 'no second .gitignore line');
  });

  it('uses KEYFORM_ENCRYPTION_KEY when set, writing no key file', async () => {
    const dir = mkdtempSync(join(root, 'env-'));
    const res = await keyform(['init', '--chdir', dir], { KEYFORM_ENCRYPTION_KEY: randomBytes(32).toString('base64') });
    assert.equal(res.status, 0, res.stderr);
    assert.match(res.stdout, /from KEYFORM_ENCRYPTION_KEY: no key file is needed/);
    assert.match(res.stdout, /no configuration yet/);
    assert.ok(!existsSync(join(dir, '.keyform')));
  });

  it('exits 1 with the diagnostics on an invalid configuration (the key is still created)', async () => {
    const dir = mkdtempSync(join(root, 'bad-'));
    writeFileSync(join(dir, 'main.tf.json'), config({ ci: { ...key([{ action: 'organization:project:read', effect: 'allow' }]), nmae: 'typo' } }));
    const res = await keyform(['init', '--chdir', dir]);
    assert.equal(res.status, 1);
    assert.match(res.stderr, /Error: /);
    assert.match(res.stderr, /nmae/);
    assert.match(res.stderr, /main\.tf\.json/);
    assert.ok(existsSync(join(dir, '.keyform', 'encryption.key')));
  });

  it('refuses unknown options and a missing directory', async () => {
    const opt = await keyform(['init', '--colour']);
    assert.equal(opt.status, 1);
    assert.match(opt.stderr, /keyform init: Unknown option '--colour'/);
    const missing = await keyform(['init', '--chdir', join(root, 'nope')]);
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /^keyform init: --chdir .*nope: no such folder$/m);
    const help = await keyform(['init', '--help']);
    assert.equal(help.status, 0);
    assert.match(help.stdout, /^Usage: keyform init/);
  });
});

describe('cli: keyform validate', () => {
  const root = watchDir(mkdtempSync(join(tmpdir(), 'keyform-validate-')));
  let emu: EmulatorHandle;
  before(async () => {
    emu = await startEmulator();
  });
  after(() => finishE2e(emu, [root]));

  const write = (text: string): string => {
    const dir = mkdtempSync(join(root, 'w-'));
    writeFileSync(join(dir, 'main.tf.json'), text);
    return dir;
  };

  it('says Success! for a valid configuration, with no key and no API', async () => {
    const dir = write(config({ ci: key([{ action: 'organization:project:read', effect: 'allow' }]) }));
    const res = await keyform(['validate', '--chdir', dir]);
    assert.equal(res.status, 0, res.stderr);
    assert.equal(res.stdout, 'Success! The configuration is valid.\n');
    assert.equal(res.stderr, '');
  });

  it('prints every error with file, line, address and path, exit 1', async () => {
    const dir = write(config({ ci: key([{ action: 'organization:project:read', effect: 'permit' }]), other: { rules: [] } }));
    const res = await keyform(['validate', '--chdir', dir]);
    assert.equal(res.status, 1);
    assert.equal(res.stdout, '');
    assert.match(res.stderr, /on main\.tf\.json:\d+: cycloid_organization_api_key\.ci: rules\[0\]\.effect/);
    assert.match(res.stderr, /cycloid_organization_api_key\.other/);
  });

  it('--json has the shape of terraform validate -json', async () => {
    const good = await keyform(['validate', '--json', '--chdir', write(config({ ci: key([{ action: 'organization:project:read', effect: 'allow' }]) }))]);
    assert.equal(good.status, 0);
    assert.deepEqual(JSON.parse(good.stdout), { format_version: '1.0', valid: true, error_count: 0, warning_count: 0, diagnostics: [] });

    const bad = await keyform(['validate', '--json', '--chdir', write(config({ ci: key([{ action: 'organization:project:read', effect: 'permit' }]) }))]);
    assert.equal(bad.status, 1);
    const doc = JSON.parse(bad.stdout);
    assert.deepEqual(Object.keys(doc), ['format_version', 'valid', 'error_count', 'warning_count', 'diagnostics']);
    assert.equal(doc.valid, false);
    assert.ok(doc.error_count >= 1);
    assert.equal(doc.error_count + doc.warning_count, doc.diagnostics.length);
    const d = doc.diagnostics.find((x: { path?: string }) => x.path === 'rules[0].effect');
    assert.ok(d, bad.stdout);
    assert.equal(d.severity, 'error');
    assert.equal(d.address, 'cycloid_organization_api_key.ci');
    assert.equal(d.range.filename, 'main.tf.json');
    assert.equal(typeof d.range.start.line, 'number');
    assert.equal(typeof d.summary, 'string');
    assert.equal(typeof d.detail, 'string');

    const none = await keyform(['validate', '--json', '--chdir', mkdtempSync(join(root, 'empty-'))]);
    assert.equal(none.status, 1);
    assert.match(JSON.parse(none.stdout).diagnostics[0].summary, /No configuration files/);
  });

  it('--online warns on a misspelt action with the closest policy code, and on a glob matching nothing', async () => {
    const dir = write(config({
      ci: key([
        { action: 'organization:project:read', effect: 'allow' },
        { action: 'organization:projet:read', effect: 'allow' },
        { action: 'organization:api_key:*', effect: 'allow' },
        { action: 'organization:apikey:*', effect: 'allow' },
      ]),
    }));
    const env = { CY_API_URL: emu.url, CY_API_KEY: emu.adminToken, CY_ORG: 'acme' };
    const res = await keyform(['validate', '--online', '--chdir', dir], env);
    assert.equal(res.status, 0, res.stderr);
    assert.match(res.stdout, /Success! The configuration is valid, but there are 2 warnings\./);
    assert.match(res.stderr, /Warning: organization:projet:read matches no policy code of acme; did you mean organization:project:read\?/);
    assert.match(res.stderr, /on main\.tf\.json:\d+: cycloid_organization_api_key\.ci: rules\[1\]\.action/);
    assert.match(res.stderr, /Warning: organization:apikey:\* matches no policy code of acme/);
    assert.ok(!res.stderr.includes(emu.adminToken));

    const json = await keyform(['validate', '--online', '--json', '--chdir', dir], env);
    const doc = JSON.parse(json.stdout);
    assert.equal(doc.valid, true);
    assert.equal(doc.warning_count, 2);
    assert.deepEqual(doc.diagnostics.map((d: { path: string }) => d.path), ['rules[1].action', 'rules[3].action']);
    assert.match(doc.diagnostics[0].detail, /organization:project:read/);

    const offline = await keyform(['validate', '--chdir', dir]);
    assert.equal(offline.status, 0);
    assert.equal(offline.stderr, '', 'without --online nothing is fetched or warned');
  });

  it('an action from a sensitive variable that matches no policy code is warned about without being shown, in validate --online and in plan', async () => {
    const secret = 'organization:hunter2secret:read';
    const dir = mkdtempSync(join(root, 'sensitive-'));
    writeFileSync(join(dir, 'main.tf.json'), JSON.stringify({
      variable: { hidden_action: { type: 'string', sensitive: true } },
      resource: { cycloid_organization_api_key: { ci: key([{ action: '${var.hidden_action}', effect: 'allow' }]) } },
    }));
    const env = { CY_API_URL: emu.url, CY_API_KEY: emu.adminToken, CY_ORG: 'acme', TF_VAR_hidden_action: secret, KEYFORM_ENCRYPTION_KEY: randomBytes(32).toString('base64') };
    const validate = await keyform(['validate', '--online', '--chdir', dir], env);
    assert.equal(validate.status, 0, validate.stderr);
    assert.match(validate.stderr, /Warning: An action \(sensitive value\) matches no policy code of acme/);
    assert.match(validate.stderr, /cycloid_organization_api_key\.ci: rules\[0\]\.action/);
    const plan = await keyform(['plan', '--chdir', dir], env);
    assert.equal(plan.status, 0, plan.stderr);
    assert.match(plan.stdout + plan.stderr, /An action \(sensitive value\) matches no policy code of acme/);
    assert.match(plan.stdout, /Permission changes:[\s\S]*\+ \(sensitive value\) on \(sensitive value\)/, 'the grant is counted, its text hidden');
    const planFile = join(dir, 'saved.plan');
    const saved = await keyform(['plan', '--out', planFile, '--chdir', dir], env);
    assert.equal(saved.status, 0, saved.stderr);
    const shown = await keyform(['show', '--json', planFile, '--chdir', dir], env);
    assert.equal(shown.status, 0, shown.stderr);
    for (const r of [validate, plan, saved, shown]) {
      assert.ok(!(r.stdout + r.stderr).includes('hunter2secret'), `the sensitive action is shown:\n${r.stdout}${r.stderr}`);
    }
    assert.ok(!readFileSync(planFile).includes('hunter2secret'), 'the plan file holds the sensitive action in clear');
  });

  it('--online without API settings is an error naming them', async () => {
    const dir = write(config({ ci: key([{ action: 'organization:project:read', effect: 'allow' }]) }));
    const res = await keyform(['validate', '--online', '--chdir', dir]);
    assert.equal(res.status, 1);
    assert.match(res.stderr, /CY_API_URL/);
  });
});
