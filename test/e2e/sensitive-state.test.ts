/**
 * Sensitivity that comes from the configuration (rules fed by a `sensitive = true` variable) is recorded in the
 * state's `sensitive_attributes`, encrypted at rest, and honoured once the configuration is gone: the delete of
 * such a key, `state show`, drift and saved plans never print its rules. Against the emulator, through the CLI.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startEmulator, type EmulatorHandle } from '../../src/emulator/index.js';
import { client } from '../support/api.js';
import { keyformEnv, runKeyform, type RunResult } from '../support/keyform.js';
import { addKnownTokens, finishE2e, watchDir } from '../support/leaks.js';

const TYPE = 'cycloid_organization_api_key';
// The secret parts of the rules: the leak scan looks for them (like tokens) in everything keyform prints or writes.
const SECRET = 'VaultSecretMarker_q7Zx9Lm2Kp4w';
const SECRET_AFTER_DRIFT = 'ConsoleSecretMarker_R5tY8uI1oP3a';
addKnownTokens([SECRET, SECRET_AFTER_DRIFT]);
const RULES_TYPE = 'list(object({ action = string, effect = string, resources = list(string) }))';
const secretRules = (marker: string) => [{ action: 'organization:project:read', effect: 'allow', resources: [`organization:acme:project:${marker}`] }];

interface Options {
  vault?: boolean;
  /** The variable feeding the `switch` key's rules is sensitive. */
  switchSensitive?: boolean;
}

function config(o: Options = {}): string {
  const resources: Record<string, unknown> = {
    plain: { canonical: 'plain-key', name: 'Plain key', rules: [{ action: 'organization:api_key:read', effect: 'allow' }] },
  };
  if (o.vault ?? true) resources['vault'] = { canonical: 'vault-reader', name: 'Vault reader', rules: '${var.secret_rules}' };
  if (o.switchSensitive !== undefined) resources['switch'] = { canonical: 'switch-key', name: 'Switch key', rules: '${var.switch_rules}' };
  return JSON.stringify({
    variable: {
      // Its value comes from TF_VAR_secret_rules (see keyformEnv below): no file of the test holds it.
      secret_rules: { sensitive: true, type: RULES_TYPE },
      switch_rules: { sensitive: o.switchSensitive ?? false, default: [{ action: 'organization:project:list', effect: 'allow', resources: ['organization:acme:project:switchable-project'] }] },
    },
    provider: { cycloid: {} },
    resource: { [TYPE]: resources },
  }, null, 2);
}

interface StateInstance {
  attributes: Record<string, unknown>;
  sensitive_attributes: unknown[];
}

describe('e2e: sensitivity from the configuration is recorded in the state', { timeout: 240_000 }, () => {
  let emu: EmulatorHandle;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let admin: ReturnType<typeof client>;
  const kf = (...args: string[]) => runKeyform([...args, '--chdir', dir], { env });
  const write = (o?: Options) => writeFileSync(join(dir, 'main.tf.json'), config(o));
  const stateText = () => readFileSync(join(dir, 'keyform.tfstate'), 'utf8');
  const instance = (name: string): StateInstance | undefined => {
    const state = JSON.parse(stateText()) as { resources: Array<{ name: string; instances: StateInstance[] }> };
    return state.resources.find((r) => r.name === name)?.instances[0];
  };
  const rulesPath = [{ type: 'get_attr', value: 'rules' }];
  // plan --json: the version event line, then the plan in the shape of terraform show -json.
  const planJson = (res: RunResult) => JSON.parse(res.stdout.slice(res.stdout.indexOf('\n') + 1)) as {
    resource_changes: Array<{ address: string; change: { actions: string[]; before: Record<string, unknown>; before_sensitive: Record<string, unknown> } }>;
  };
  const noSecret = (res: RunResult, what: string) => {
    for (const s of [SECRET, SECRET_AFTER_DRIFT]) assert.ok(!res.stdout.includes(s) && !res.stderr.includes(s), `${what} prints no sensitive rule text`);
  };

  before(async () => {
    emu = await startEmulator();
    admin = client(emu.url, emu.adminToken);
    dir = watchDir(mkdtempSync(join(tmpdir(), 'keyform-e2e-sensitive-')));
    env = keyformEnv(emu, { TF_VAR_secret_rules: JSON.stringify(secretRules(SECRET)) });
  });
  after(() => finishE2e(emu, [dir]));

  it('apply records rules from a sensitive variable in sensitive_attributes, encrypted in the state file', async () => {
    write();
    const res = await kf('apply', '--auto-approve');
    assert.equal(res.code, 0, res.stdout + res.stderr);
    noSecret(res, 'apply');
    const vault = instance('vault')!;
    assert.deepEqual(vault.sensitive_attributes, [rulesPath, [{ type: 'get_attr', value: 'token' }]]);
    assert.match(String(vault.attributes['rules']), /^kf1:/, 'the rules are a ciphertext at rest');
    assert.ok(!stateText().includes(SECRET), 'the rule text is not in the state file in clear');
    // A key whose rules are not sensitive keeps them readable, and only the schema's token is marked.
    const plain = instance('plain')!;
    assert.deepEqual(plain.sensitive_attributes, [[{ type: 'get_attr', value: 'token' }]]);
    assert.ok(Array.isArray(plain.attributes['rules']));
    assert.equal((await admin.get('/organizations/acme/api_keys/vault-reader')).body?.data?.rules?.[0]?.resources?.[0], `organization:acme:project:${SECRET}`);
  });

  it('then plans no changes and finds no drift (the encrypted rules are read back, not compared as ciphertext)', async () => {
    const plan = await kf('plan', '--detailed-exitcode');
    assert.equal(plan.code, 0, plan.stdout + plan.stderr);
    assert.match(plan.stdout, /No changes/);
    const drift = await kf('drift');
    assert.equal(drift.code, 0, drift.stdout + drift.stderr);
    const show = await kf('state', 'show', `${TYPE}.vault`);
    assert.equal(show.code, 0, show.stderr);
    assert.match(show.stdout, /rules\s+= \(sensitive value\)/);
    noSecret(show, 'state show');
  });

  it('a key replaced outside keyform shows as drift without the old or new rules, and apply replaces it back', async () => {
    assert.equal((await admin.delete('/organizations/acme/api_keys/vault-reader')).status < 300, true);
    const made = await admin.post('/organizations/acme/api_keys', { canonical: 'vault-reader', name: 'Vault reader', rules: secretRules(SECRET_AFTER_DRIFT) });
    assert.ok(made.status < 300, JSON.stringify(made.body));
    const drift = await kf('drift');
    assert.equal(drift.code, 2, drift.stdout + drift.stderr);
    assert.match(drift.stdout, /vault has been replaced outside keyform/);
    assert.match(drift.stdout, /rules\s+= \(sensitive value\)/);
    noSecret(drift, 'drift');
    const json = await kf('plan', '--json');
    noSecret(json, 'plan --json');
    const change = planJson(json).resource_changes.find((c) => c.address === `${TYPE}.vault`)!;
    assert.equal(change.change.before['rules'], null);
    assert.equal(change.change.before_sensitive['rules'], true);
    // A saved plan holds the drift's rules encrypted, shows none, and applies.
    const planFile = join(dir, 'drift.plan');
    assert.equal((await kf('plan', '--out', planFile)).code, 0);
    const saved = readFileSync(planFile, 'utf8');
    assert.ok(!saved.includes(SECRET) && !saved.includes(SECRET_AFTER_DRIFT), 'the plan file holds no rule text in clear');
    const show = await kf('show', planFile);
    assert.equal(show.code, 0, show.stderr);
    assert.match(show.stdout, /vault has been replaced outside keyform/);
    noSecret(show, 'show');
    const res = await kf('apply', planFile);
    assert.equal(res.code, 0, res.stdout + res.stderr);
    noSecret(res, 'apply');
    assert.equal((await admin.get('/organizations/acme/api_keys/vault-reader')).body?.data?.rules?.[0]?.resources?.[0], `organization:acme:project:${SECRET}`);
    assert.deepEqual(instance('vault')!.sensitive_attributes[0], rulesPath);
    assert.equal((await kf('plan', '--detailed-exitcode')).code, 0);
  });

  it('removed from the configuration, its delete is planned and shown without rule text (human, JSON, saved plan)', async () => {
    write({ vault: false });
    const plan = await kf('plan', '--detailed-exitcode');
    assert.equal(plan.code, 2, plan.stdout + plan.stderr);
    assert.match(plan.stdout, /vault will be destroyed/);
    assert.match(plan.stdout, /rules\s+= \(sensitive value\)/);
    assert.match(plan.stdout, /\(sensitive value\)/);
    noSecret(plan, 'plan');
    // The permission view counts the revoked rule, without its text.
    assert.match(plan.stdout, /Permission changes:[\s\S]*vault \(will be destroyed\):\n {4}- \(sensitive value\) on \(sensitive value\)\n/);
    assert.ok(!plan.stdout.includes('organization:acme:project:'), plan.stdout);
    const json = await kf('plan', '--json');
    assert.equal(json.code, 0, json.stderr);
    noSecret(json, 'plan --json');
    const del = planJson(json).resource_changes.find((c) => c.address === `${TYPE}.vault`)!;
    assert.deepEqual(del.change.actions, ['delete']);
    assert.equal(del.change.before['rules'], null);
    assert.equal(del.change.before_sensitive['rules'], true);
    assert.equal(del.change.before['name'], 'Vault reader', 'what is not sensitive is shown');
    const show = await kf('state', 'show', `${TYPE}.vault`);
    assert.equal(show.code, 0, show.stderr);
    assert.match(show.stdout, /rules\s+= \(sensitive value\)/, 'state show hides the rules with the configuration gone');
    noSecret(show, 'state show');
    const planFile = join(dir, 'del.plan');
    const saved = await kf('plan', '--out', planFile);
    assert.equal(saved.code, 0, saved.stderr);
    assert.ok(!readFileSync(planFile, 'utf8').includes(SECRET), 'the plan file holds no rule text in clear');
    for (const args of [['show', planFile], ['show', '--json', planFile]]) {
      const show = await kf(...args);
      assert.equal(show.code, 0, show.stderr);
      assert.match(show.stdout, /vault/);
      noSecret(show, args.join(' '));
    }
    const res = await kf('apply', planFile);
    assert.equal(res.code, 0, res.stdout + res.stderr);
    noSecret(res, 'apply');
    assert.match(res.stdout, /0 added, 0 changed, 1 destroyed/);
    assert.equal((await admin.get('/organizations/acme/api_keys/vault-reader')).status, 404);
    assert.equal(instance('vault'), undefined);
  });

  it('the state follows the configuration: a variable made non-sensitive is no longer marked after apply, and again when made sensitive', async () => {
    write({ vault: false, switchSensitive: true });
    assert.equal((await kf('apply', '--auto-approve')).code, 0);
    assert.deepEqual(instance('switch')!.sensitive_attributes[0], rulesPath);
    assert.match(String(instance('switch')!.attributes['rules']), /^kf1:/);

    write({ vault: false, switchSensitive: false });
    // No value changes: the plan is a no-op, as it was before keyform recorded sensitivity; apply updates the record.
    const plan = await kf('plan', '--detailed-exitcode');
    assert.equal(plan.code, 0, plan.stdout + plan.stderr);
    const res = await kf('apply', '--auto-approve');
    assert.equal(res.code, 0, res.stdout + res.stderr);
    assert.match(res.stdout, /0 added, 0 changed, 0 destroyed/);
    assert.deepEqual(instance('switch')!.sensitive_attributes, [[{ type: 'get_attr', value: 'token' }]]);
    assert.ok(Array.isArray(instance('switch')!.attributes['rules']), 'the rules are stored in clear again');
    const serial = (JSON.parse(stateText()) as { serial: number }).serial;
    assert.equal((await kf('apply', '--auto-approve')).code, 0);
    assert.equal((JSON.parse(stateText()) as { serial: number }).serial, serial, 'once recorded, another apply writes nothing');

    write({ vault: false, switchSensitive: true });
    assert.equal((await kf('apply', '--auto-approve')).code, 0);
    assert.deepEqual(instance('switch')!.sensitive_attributes[0], rulesPath);
    assert.match(String(instance('switch')!.attributes['rules']), /^kf1:/);
    assert.equal((await kf('plan', '--detailed-exitcode')).code, 0);
  });

  it('a state of the previous version (rules of a sensitive variable not recorded) reads and plans as before; apply then records them', async () => {
    // The previous version wrote such a state: rules in clear, only the token marked. Made here by applying with the
    // variable not sensitive, then making it sensitive.
    write({ vault: false, switchSensitive: false });
    assert.equal((await kf('apply', '--auto-approve')).code, 0);
    assert.ok(Array.isArray(instance('switch')!.attributes['rules']));
    write({ vault: false, switchSensitive: true });
    const plan = await kf('plan', '--detailed-exitcode');
    assert.equal(plan.code, 0, plan.stdout + plan.stderr);
    assert.match(plan.stdout, /No changes/);
    assert.ok(!plan.stdout.includes('switchable-project'));
    const refresh = await kf('refresh');
    assert.equal(refresh.code, 0, refresh.stderr);
    assert.equal((await kf('drift')).code, 0);
    const res = await kf('apply', '--auto-approve');
    assert.equal(res.code, 0, res.stdout + res.stderr);
    assert.deepEqual(instance('switch')!.sensitive_attributes[0], rulesPath);
    assert.ok(!stateText().includes('switchable-project'), 'the rules are encrypted at rest from then on');
  });

  it('state mv keeps the recorded sensitive paths; import records those of the configuration', async () => {
    const recorded = instance('switch')!;
    assert.equal((await kf('state', 'mv', `${TYPE}.switch`, `${TYPE}.moved`)).code, 0);
    assert.deepEqual(instance('moved')!.sensitive_attributes, recorded.sensitive_attributes);
    assert.match(String(instance('moved')!.attributes['rules']), /^kf1:/);
    assert.equal((await kf('state', 'mv', `${TYPE}.moved`, `${TYPE}.switch`)).code, 0);
    assert.equal((await kf('plan', '--detailed-exitcode')).code, 0);

    assert.equal((await kf('state', 'rm', `${TYPE}.switch`)).code, 0);
    const imported = await kf('import', `${TYPE}.switch`, 'acme/switch-key');
    assert.equal(imported.code, 0, imported.stdout + imported.stderr);
    assert.deepEqual(instance('switch')!.sensitive_attributes[0], rulesPath);
    assert.ok(!stateText().includes('switchable-project'), 'imported rules from a sensitive variable are encrypted at once');
    assert.equal((await kf('plan', '--detailed-exitcode')).code, 0);
  });
});
