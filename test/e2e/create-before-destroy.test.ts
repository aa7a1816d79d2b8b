/**
 * create_before_destroy when the delete of the old key does not happen: the old key is kept in the state as a
 * deposed object (not orphaned), the next plan shows its deletion, and the next apply revokes it. The failure is
 * injected with the emulator's fault rules: every DELETE of the old key answers 500.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startEmulator, type EmulatorHandle } from '../../src/emulator/index.js';
import { deposedObjects, LocalBackend, loadKey } from '../../src/state/index.js';
import { call } from '../support/api.js';
import { keyformEnv, runKeyform } from '../support/keyform.js';

const TYPE = 'cycloid_organization_api_key';

function config(canonical: string, actions: string[]): string {
  const rot = { canonical, name: 'Rotated key', rules: actions.map((action) => ({ action, effect: 'allow' })), lifecycle: { create_before_destroy: true } };
  return JSON.stringify({ resource: { [TYPE]: { rot } } }, null, 2);
}

describe('e2e: create_before_destroy keeps the old key as a deposed object until it is deleted', { timeout: 120_000 }, () => {
  let emu: EmulatorHandle;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  const kf = (...args: string[]) => runKeyform([...args, '--chdir', dir], { env });
  const canonicals = async () =>
    ((await call(emu.url, 'GET', '/organizations/acme/api_keys', { token: emu.adminToken })).body.data as Array<{ canonical: string }>).map((k) => k.canonical).filter((c) => c.startsWith('rot-')).sort();
  const stored = async () => (await new LocalBackend(join(dir, 'keyform.tfstate'), { key: await loadKey(dir, env) }).read())!;
  const authenticates = async (token: string) => (await call(emu.url, 'GET', '/organizations/acme/api_keys', { token })).status !== 401;

  before(async () => {
    emu = await startEmulator();
    dir = mkdtempSync(join(tmpdir(), 'keyform-cbd-'));
    env = keyformEnv(emu);
  });
  after(async () => {
    await emu.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a failed delete leaves the old key deposed in state; the next plan and apply delete it; nothing is orphaned', async () => {
    writeFileSync(join(dir, 'main.tf.json'), config('rot-v1', ['organization:project:read']));
    const created = await kf('apply', '--auto-approve');
    assert.equal(created.code, 0, created.stderr);
    const oldToken = (await stored()).resources[0]!.instances[0]!.attributes['token'] as string;
    assert.ok(await authenticates(oldToken));

    // New rules and canonical: a create-then-delete replacement, whose delete of rot-v1 fails.
    writeFileSync(join(dir, 'main.tf.json'), config('rot-v2', ['organization:project:read', 'organization:credential:read']));
    emu.faults.set([{ method: 'DELETE', path: '/organizations/*/api_keys/rot-v1', kind: 'status', status: 500 }], 1);
    let failed;
    try {
      failed = await kf('apply', '--auto-approve');
    } finally {
      emu.faults.clear();
    }
    assert.equal(failed.code, 1, failed.stdout + failed.stderr);
    assert.match(failed.stderr, /cycloid_organization_api_key\.rot: delete failed/);
    assert.deepEqual(await canonicals(), ['rot-v1', 'rot-v2'], 'the replacement exists, the old key is still there');

    const state = await stored();
    const deposed = deposedObjects(state);
    assert.equal(deposed.length, 1, 'the old key is in the state as a deposed object');
    assert.equal(deposed[0]!.address, `${TYPE}.rot`);
    assert.match(deposed[0]!.deposed, /^[0-9a-f]{8}$/);
    assert.equal(deposed[0]!.instance.attributes['canonical'], 'rot-v1');
    assert.equal(deposed[0]!.instance.attributes['token'], oldToken, 'with its token, still encrypted at rest');
    const current = state.resources[0]!.instances.find((i) => i.deposed === undefined)!;
    assert.equal(current.attributes['canonical'], 'rot-v2');

    // The emulator's admin key is the only key nobody manages: the old key is managed (deposed), not orphaned.
    const unmanaged = async () => {
      const report = JSON.parse((await kf('drift', '--unmanaged', '--json')).stdout) as { drift: unknown[]; unmanaged: Array<{ identity: string }> };
      assert.deepEqual(report.drift, []);
      return report.unmanaged.map((u) => u.identity);
    };
    assert.deepEqual(await unmanaged(), ['acme/admin']);

    const key = deposed[0]!.deposed;
    const plan = await kf('plan', '--detailed-exitcode');
    assert.equal(plan.code, 2, plan.stderr);
    assert.ok(plan.stdout.includes(`# ${TYPE}.rot (deposed object ${key}) will be destroyed`), plan.stdout);
    assert.match(plan.stdout, /Plan: 0 to add, 0 to change, 1 to destroy/);
    assert.ok(!plan.stdout.includes(oldToken));
    // plan --json: the version event line, then the plan in the shape of terraform show -json.
    const planJson = (await kf('plan', '--json')).stdout;
    const json = JSON.parse(planJson.slice(planJson.indexOf('\n') + 1));
    const changes = json.resource_changes.filter((c: { change: { actions: string[] } }) => c.change.actions.join() !== 'no-op');
    assert.deepEqual(changes.map((c: { address: string; deposed?: string; change: { actions: string[] } }) => [c.address, c.deposed, c.change.actions]), [[`${TYPE}.rot`, key, ['delete']]]);

    const cleaned = await kf('apply', '--auto-approve');
    assert.equal(cleaned.code, 0, cleaned.stdout + cleaned.stderr);
    assert.match(cleaned.stdout, /Resources: 0 added, 0 changed, 1 destroyed/);
    assert.deepEqual(await canonicals(), ['rot-v2'], 'the old key is deleted');
    assert.equal(await authenticates(oldToken), false, 'and its token revoked');
    assert.deepEqual(deposedObjects(await stored()), []);
    const again = await kf('plan', '--detailed-exitcode');
    assert.equal(again.code, 0, again.stdout);
    assert.deepEqual(await unmanaged(), ['acme/admin']);
  });

  it('a create_before_destroy replacement that completes leaves no deposed object', async () => {
    writeFileSync(join(dir, 'main.tf.json'), config('rot-v3', ['organization:project:read']));
    const res = await kf('apply', '--auto-approve');
    assert.equal(res.code, 0, res.stdout + res.stderr);
    assert.deepEqual(await canonicals(), ['rot-v3']);
    assert.deepEqual(deposedObjects(await stored()), []);
  });
});
