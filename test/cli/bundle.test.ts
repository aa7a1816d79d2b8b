/**
 * bin/keyform runs the bundle, dist/cli/ (main.js and its chunks), which holds keyform's dependencies (undici, ajv): copied
 * with only package.json and schemas/ beside it — no node_modules anywhere above — it still plans and applies.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startEmulator, type EmulatorHandle } from '../../src/emulator/index.js';
import { packageRoot } from '../../src/package-root.js';
import { finishE2e, recordRun, watchDir } from '../support/leaks.js';

describe('cli: the bundled command line', () => {
  const base = mkdtempSync(join(tmpdir(), 'keyform-bundle-'));
  const installed = join(base, 'keyform');
  let emu: EmulatorHandle;

  before(async () => {
    mkdirSync(join(installed, 'bin'), { recursive: true });
    copyFileSync(join(packageRoot, 'bin', 'keyform'), join(installed, 'bin', 'keyform'));
    cpSync(join(packageRoot, 'dist', 'cli'), join(installed, 'dist', 'cli'), { recursive: true });
    copyFileSync(join(packageRoot, 'package.json'), join(installed, 'package.json'));
    cpSync(join(packageRoot, 'schemas'), join(installed, 'schemas'), { recursive: true });
    emu = await startEmulator();
  });
  after(() => finishE2e(emu, [base]));

  const env = { ...process.env, CY_API_URL: '', CY_API_KEY: '', CY_ORG: 'acme', KEYFORM_ENCRYPTION_KEY: randomBytes(32).toString('base64'), NO_COLOR: '1' };
  const keyform = (args: string[]) =>
    new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [join(installed, 'bin', 'keyform'), ...args], { env: { ...env, CY_API_URL: emu.url, CY_API_KEY: emu.adminToken }, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      child.on('close', (status) => {
        recordRun(args, stdout, stderr);
        resolve({ status, stdout, stderr });
      });
    });

  it('prints the version of the package.json beside it', async () => {
    const { version } = JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as { version: string };
    const res = await keyform(['version']);
    assert.equal(res.status, 0, res.stderr);
    assert.equal(res.stdout, `keyform ${version}\n`);
  });

  it('applies a key against the API, then plans no changes', async () => {
    const dir = watchDir(join(base, 'work'));
    mkdirSync(dir);
    const rules = [{ action: 'organization:project:read', effect: 'allow' }];
    writeFileSync(join(dir, 'main.tf.json'), JSON.stringify({ resource: { cycloid_organization_api_key: { ci: { name: 'CI deploy', canonical: 'ci-deploy', rules } } } }));
    const apply = await keyform(['apply', '--auto-approve', '--chdir', dir]);
    assert.equal(apply.status, 0, apply.stderr);
    assert.match(apply.stdout, /1 added, 0 changed, 0 destroyed/);
    const plan = await keyform(['plan', '--detailed-exitcode', '--chdir', dir]);
    assert.equal(plan.status, 0, plan.stdout + plan.stderr);
    assert.match(plan.stdout, /No changes/);
  });

  it('reports an invalid configuration with its path, exit 1', async () => {
    const dir = join(base, 'bad');
    mkdirSync(dir);
    writeFileSync(join(dir, 'main.tf.json'), JSON.stringify({ resource: { cycloid_organization_api_key: { ci: { name: 'CI deploy', rules: [{ action: 'organization:project:read', effect: 'deny' }] } } } }));
    const res = await keyform(['validate', '--chdir', dir]);
    assert.equal(res.status, 1, res.stdout);
    assert.match(res.stdout + res.stderr, /cycloid_organization_api_key\.ci/);
    assert.match(res.stdout + res.stderr, /effect/);
  });
});
