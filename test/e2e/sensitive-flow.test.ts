/**
 * Sensitivity follows values through the configuration: a key's token (or a sensitive variable) read by a local,
 * and through it by another key's attribute, makes that attribute sensitive — "(sensitive value)" in plans,
 * encrypted in the state — and an output that reads any of them must be declared sensitive. Against the emulator,
 * through the CLI; the leak scan (finishE2e) looks for every issued token in everything keyform printed or wrote:
 * before this, a token copied into another key's description sat in the state file in clear.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startEmulator, type EmulatorHandle } from '../../src/emulator/index.js';
import { client } from '../support/api.js';
import { keyformEnv, runKeyform } from '../support/keyform.js';
import { addKnownTokens, finishE2e, watchDir } from '../support/leaks.js';

const config = (outputSensitive: boolean) => `
resource "cycloid_organization_api_key" "primary" {
  canonical = "primary-key"
  name      = "Primary key"
  rules     = [{ action = "organization:project:read", effect = "allow" }]
}

locals {
  pairing = "pairs with ${'$'}{cycloid_organization_api_key.primary.token}"
}

resource "cycloid_organization_api_key" "paired" {
  canonical   = "paired-key"
  name        = "Paired key"
  description = local.pairing
  rules       = [{ action = "organization:project:read", effect = "allow" }]
}

output "pairing" {
  value     = local.pairing
  sensitive = ${outputSensitive}
}
`;

describe('e2e: sensitivity follows values through locals and resources', { timeout: 120_000 }, () => {
  let emu: EmulatorHandle;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  const kf = (...args: string[]) => runKeyform([...args, '--chdir', dir], { env });

  before(async () => {
    emu = await startEmulator();
    dir = watchDir(mkdtempSync(join(tmpdir(), 'keyform-e2e-sensitive-flow-')));
    env = keyformEnv(emu);
  });
  after(() => finishE2e(emu, [dir]));

  it('an output reading a token through a local must be declared sensitive: exit 1, nothing applied', async () => {
    writeFileSync(join(dir, 'main.tf'), config(false));
    const res = await kf('apply', '--auto-approve');
    assert.equal(res.code, 1, res.stdout + res.stderr);
    assert.match(res.stderr, /Output "pairing" shows a sensitive value \(local\.pairing\): set "sensitive": true/);
    const keys = (await client(emu.url, emu.adminToken).get('/organizations/acme/api_keys')).body?.data as Array<{ canonical: string }>;
    assert.deepEqual(keys.map((k) => k.canonical).filter((c) => c !== 'admin'), [], 'no key was created');
  });

  it('declared sensitive: applied; the description fed by the token is sensitive in the plan and encrypted in the state', async () => {
    writeFileSync(join(dir, 'main.tf'), config(true));
    const plan = await kf('plan');
    assert.equal(plan.code, 0, plan.stderr);
    assert.match(plan.stdout, /\+ description\s+= \(sensitive value\)/);
    const apply = await kf('apply', '--auto-approve');
    assert.equal(apply.code, 0, apply.stdout + apply.stderr);
    const state = JSON.parse(readFileSync(join(dir, 'keyform.tfstate'), 'utf8')) as {
      resources: Array<{ name: string; instances: Array<{ attributes: Record<string, unknown>; sensitive_attributes: unknown[] }> }>;
      outputs: Record<string, { value: unknown; sensitive?: boolean }>;
    };
    const paired = state.resources.find((r) => r.name === 'paired')!.instances[0]!;
    assert.deepEqual(paired.sensitive_attributes, [[{ type: 'get_attr', value: 'description' }], [{ type: 'get_attr', value: 'token' }]]);
    assert.match(String(paired.attributes['description']), /^kf1:/, 'the description holding a token is a ciphertext at rest');
    assert.match(String(state.outputs['pairing']!.value), /^kf1:/);
    const again = await kf('plan', '--detailed-exitcode');
    assert.equal(again.code, 0, again.stdout + again.stderr);
    const show = await kf('state', 'show', 'cycloid_organization_api_key.paired');
    assert.equal(show.code, 0, show.stderr);
    assert.match(show.stdout, /description\s+= \(sensitive value\)/);
  });

  it('a canonical from a sensitive variable is never printed: progress lines and API errors say (sensitive value)', async () => {
    const canonical = 'secret-canonical-marker-k3j9';
    addKnownTokens([canonical]);
    const admin = client(emu.url, emu.adminToken);
    const named = `
variable "canon" {
  type      = string
  sensitive = true
}
resource "cycloid_organization_api_key" "named" {
  canonical = var.canon
  name      = "Named key"
  rules     = [{ action = "organization:project:read", effect = "allow" }]
}
`;
    const own = watchDir(mkdtempSync(join(tmpdir(), 'keyform-e2e-sensitive-canonical-')));
    writeFileSync(join(own, 'main.tf'), named);
    const run = (...args: string[]) => runKeyform([...args, '--chdir', own], { env: { ...env, TF_VAR_canon: canonical } });
    // Someone else's key holds the canonical: the create is refused, and the refusal names no canonical.
    const other = await admin.post('/organizations/acme/api_keys', { canonical, name: 'Someone else', rules: [{ action: 'organization:project:read', effect: 'allow' }] });
    assert.equal(other.status, 200);
    const refused = await run('apply', '--auto-approve');
    assert.equal(refused.code, 1, refused.stdout + refused.stderr);
    assert.match(refused.stderr, /named: create failed/);
    assert.match(refused.stderr, /\(sensitive value\)/);
    assert.equal((await admin.delete(`/organizations/acme/api_keys/${canonical}`)).status, 204);
    const applied = await run('apply', '--auto-approve');
    assert.equal(applied.code, 0, applied.stdout + applied.stderr);
    assert.match(applied.stdout, /named: Creation complete after [\d.]+s \[canonical=\(sensitive value\)\]/);
    assert.equal((await run('destroy', '--auto-approve')).code, 0);
  });

  it('destroy leaves nothing', async () => {
    const res = await kf('destroy', '--auto-approve');
    assert.equal(res.code, 0, res.stdout + res.stderr);
  });
});
