/**
 * A signal while a command opens its workspace — the state lock already taken, the state still being read — stops
 * the command with the lock released. It used to exit at once with the lock left behind (it is released only by
 * force-unlock, or by the next run on the same host once it sees the holder is gone). A large state (20,000 keys)
 * makes the read long enough for the signal to land in it.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { emptyState, LocalBackend, loadKey, lockPathFor, newInstance, setInstance, type State } from '../../src/state/index.js';
import { keyformBin } from '../support/process.js';
import { recordRun } from '../support/leaks.js';

const TYPE = 'cycloid_organization_api_key';
const KEYS = 20_000;

describe('e2e: an interrupt while the workspace opens', { timeout: 120_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'keyform-e2e-interrupt-open-'));
  const statePath = join(dir, 'keyform.tfstate');
  // No API is called before the signal: the address answers nothing.
  const env = { ...process.env, CY_API_URL: 'http://127.0.0.1:9', CY_API_KEY: 'unused', CY_ORG: 'acme', KEYFORM_ENCRYPTION_KEY: 'Yk9lTm9vY2hlY2tzdW1rZXlmb3JtMDEyMzQ1Njc4OTA=', NO_COLOR: '1' };

  before(async () => {
    writeFileSync(join(dir, 'main.tf.json'), JSON.stringify({ resource: {} }));
    // Imported keys (no token): one resource built, then copied (setInstance per key would copy the list each time).
    const one = setInstance(emptyState(), TYPE, 'k0', undefined, newInstance(TYPE, { canonical: 'k0', name: 'Key 0', organization_canonical: 'acme', token: null }));
    const model = one.resources[0]!;
    const state: State = {
      ...one,
      resources: Array.from({ length: KEYS }, (_, i) => ({
        ...model,
        name: `k${i}`,
        instances: [{ ...model.instances[0]!, attributes: { ...model.instances[0]!.attributes, canonical: `k${i}`, name: `Key ${i}` } }],
      })),
    };
    await new LocalBackend(statePath, { key: await loadKey(dir, env) }).write(state);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('SIGTERM once the lock is taken: exit 1, "the state lock released", no lock file left', async () => {
    const lockPath = lockPathFor(statePath);
    const child = spawn(process.execPath, [keyformBin, 'plan', '--chdir', dir], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    // The lock file appears when the lock is taken; the state (several MB) is read after it.
    const deadline = Date.now() + 30_000;
    let sent = false;
    while (Date.now() < deadline && child.exitCode === null) {
      if (existsSync(lockPath)) {
        child.kill('SIGTERM');
        sent = true;
        break;
      }
      await new Promise((r) => setImmediate(r));
    }
    const code = await exited;
    recordRun(['plan'], stdout, stderr);
    assert.ok(sent, `the lock file never appeared: ${stderr}`);
    assert.equal(code, 1, stderr);
    assert.match(stderr, /Interrupt received \(SIGTERM\): stopped, the state lock released\./);
    assert.ok(!existsSync(lockPath), 'the lock file is gone');
  });
});
