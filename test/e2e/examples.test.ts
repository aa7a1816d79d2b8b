/**
 * The examples the README points at, run for real against the emulator: each is validated, planned, applied,
 * planned again (no changes), and destroyed, leaving nothing in the organization. examples/hcl and
 * examples/json are the same module in two syntaxes: they must create the same keys. (examples/cdktf has its
 * own end-to-end test.)
 */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { startEmulator, type EmulatorHandle } from '../../src/emulator/index.js';
import { client } from '../support/api.js';
import { keyformEnv, runKeyform } from '../support/keyform.js';
import { finishE2e, watchDir } from '../support/leaks.js';

const examples = fileURLToPath(new URL('../../../examples/', import.meta.url));

interface RemoteKey {
  canonical: string;
  name: string;
  description: string;
  rules: Array<{ action: string; effect: string; resources?: string[] }>;
}

describe('e2e: the examples', { timeout: 300_000 }, () => {
  let emu: EmulatorHandle;
  let work: string;
  let admin: ReturnType<typeof client>;
  /** The keys each example created, with their rules, to compare the two syntaxes. */
  const created = new Map<string, RemoteKey[]>();
  const remoteKeys = async (): Promise<RemoteKey[]> => {
    const keys = (await admin.get('/organizations/acme/api_keys?page_size=1000')).body.data as RemoteKey[];
    return keys
      .filter((k) => k.canonical !== 'admin' && !k.canonical.startsWith('admin'))
      .map((k) => ({ canonical: k.canonical, name: k.name, description: k.description, rules: k.rules.map((r) => ({ action: r.action, effect: r.effect, ...(r.resources?.length ? { resources: r.resources } : {}) })) }))
      .sort((a, b) => (a.canonical < b.canonical ? -1 : 1));
  };

  before(async () => {
    emu = await startEmulator();
    admin = client(emu.url, emu.adminToken);
    work = watchDir(mkdtempSync(join(tmpdir(), 'keyform-examples-')));
  });
  after(() => finishE2e(emu, [work]));

  for (const name of ['quickstart', 'json', 'hcl']) {
    it(`examples/${name}: validate, plan, apply, no changes, destroy`, async () => {
      const dir = join(work, name);
      cpSync(join(examples, name), dir, { recursive: true, filter: (src) => !src.endsWith('.tfstate') && !src.includes('.keyform') });
      const env = keyformEnv(emu);
      const kf = (...args: string[]) => runKeyform([...args, '--chdir', dir], { env });
      const before = (await remoteKeys()).length;
      const validate = await kf('validate');
      assert.equal(validate.code, 0, validate.stdout + validate.stderr);
      const plan = await kf('plan', '--detailed-exitcode');
      assert.equal(plan.code, 2, plan.stdout + plan.stderr);
      assert.doesNotMatch(plan.stderr, /Warning/, 'no policy warning: every action of the examples exists');
      const apply = await kf('apply', '--auto-approve');
      assert.equal(apply.code, 0, apply.stdout + apply.stderr);
      const keys = await remoteKeys();
      assert.ok(keys.length > before, 'keys were created');
      created.set(name, keys);
      const again = await kf('plan', '--detailed-exitcode');
      assert.equal(again.code, 0, `a second plan has no changes:\n${again.stdout}${again.stderr}`);
      const destroy = await kf('destroy', '--auto-approve');
      assert.equal(destroy.code, 0, destroy.stdout + destroy.stderr);
      assert.equal((await remoteKeys()).length, before, 'destroy leaves nothing behind');
    });
  }

  it('examples/hcl and examples/json create the same keys', () => {
    assert.ok(created.has('hcl') && created.has('json'));
    assert.deepEqual(created.get('hcl'), created.get('json'));
  });
});
