/**
 * `keyform output` and `keyform show` on a state written here (no apply needed): sensitive values stay out of
 * every output except `output --raw NAME`; a saved plan that was tampered with is refused.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { writePlanFile } from '../../src/engine/plan-file.js';
import type { Plan } from '../../src/plan/types.js';
import { emptyState, LocalBackend, loadKey, newInstance, setInstance, type State } from '../../src/state/index.js';
import { UNKNOWN } from '../../src/values.js';
import { keyformBin } from '../support/process.js';

interface Result {
  status: number | null;
  stdout: string;
  stderr: string;
}

const TYPE = 'cycloid_organization_api_key';
const TOKEN = `kf-test-token-${randomBytes(12).toString('hex')}`;
const encryptionKey = randomBytes(32).toString('base64');

function keyform(args: string[]): Promise<Result> {
  const base = { ...process.env };
  for (const k of ['KEYFORM_ENCRYPTION_KEY', 'CY_API_URL', 'CY_API_KEY', 'CY_ORG', 'FORCE_COLOR']) delete base[k];
  const child = spawn(process.execPath, [keyformBin, ...args], { env: { ...base, NO_COLOR: '1', KEYFORM_ENCRYPTION_KEY: encryptionKey }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((resolve) => child.on('close', (status) => resolve({ status, stdout, stderr })));
}

const values = { id: 7, organization_canonical: 'acme', canonical: 'ci-deploy', name: 'CI deploy', description: '', owner: 'alice', rules: [{ action: 'organization:project:read', effect: 'allow', resources: [] }], last_seven: TOKEN.slice(-7), token: TOKEN };

describe('cli: keyform output and show', () => {
  const dir = mkdtempSync(join(tmpdir(), 'keyform-output-'));
  let state: State;
  before(async () => {
    let s = setInstance(emptyState(), TYPE, 'ci', undefined, newInstance(TYPE, values));
    s = {
      ...s,
      outputs: {
        ci_token: { value: TOKEN, sensitive: true },
        last_seven: { value: TOKEN.slice(-7) },
        canonicals: { value: ['ci-deploy', 'other'] },
      },
    };
    const key = await loadKey(dir, { KEYFORM_ENCRYPTION_KEY: encryptionKey });
    state = await new LocalBackend(join(dir, 'keyform.tfstate'), { key }).write(s);
    assert.ok(!readFileSync(join(dir, 'keyform.tfstate'), 'utf8').includes(TOKEN), 'the token is encrypted at rest');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('output lists every output, sensitive ones as <sensitive>', async () => {
    const res = await keyform(['output', '--chdir', dir]);
    assert.equal(res.status, 0, res.stderr);
    assert.equal(res.stdout, `canonicals = [\n  "ci-deploy",\n  "other",\n]\nci_token = <sensitive>\nlast_seven = "${TOKEN.slice(-7)}"\n`);
    assert.ok(!res.stdout.includes(TOKEN) && !res.stderr.includes(TOKEN));
  });

  it('output --json has terraform output -json shape with sensitive values null', async () => {
    const res = await keyform(['output', '--json', '--chdir', dir]);
    assert.equal(res.status, 0, res.stderr);
    assert.ok(!res.stdout.includes(TOKEN));
    assert.deepEqual(JSON.parse(res.stdout), {
      canonicals: { sensitive: false, type: ['tuple', ['string', 'string']], value: ['ci-deploy', 'other'] },
      ci_token: { sensitive: true, type: 'string', value: null },
      last_seven: { sensitive: false, type: 'string', value: TOKEN.slice(-7) },
    });
  });

  it('output NAME: the value; a sensitive one as <sensitive> with a hint; --raw NAME prints the token exactly', async () => {
    const plain = await keyform(['output', '--chdir', dir, 'last_seven']);
    assert.equal(plain.stdout, `"${TOKEN.slice(-7)}"\n`);
    const sensitive = await keyform(['output', '--chdir', dir, 'ci_token']);
    assert.equal(sensitive.status, 0);
    assert.equal(sensitive.stdout, '<sensitive>\n');
    assert.match(sensitive.stderr, /use keyform output --raw ci_token to print it/);
    const raw = await keyform(['output', '--raw', '--chdir', dir, 'ci_token']);
    assert.equal(raw.status, 0, raw.stderr);
    assert.equal(raw.stdout, TOKEN, 'no quotes, no newline');
    const json = await keyform(['output', '--json', '--chdir', dir, 'canonicals']);
    assert.deepEqual(JSON.parse(json.stdout), ['ci-deploy', 'other']);
    const jsonSensitive = await keyform(['output', '--json', '--chdir', dir, 'ci_token']);
    assert.equal(jsonSensitive.stdout, 'null\n', '--raw NAME is the only way to print a token');
    assert.ok(!jsonSensitive.stderr.includes(TOKEN));
    const rawList = await keyform(['output', '--raw', '--chdir', dir, 'canonicals']);
    assert.equal(rawList.status, 1);
    assert.match(rawList.stderr, /--raw prints only strings, numbers and bools/);
  });

  it('output refuses an unknown NAME, naming the known ones, and bad flag combinations', async () => {
    const res = await keyform(['output', '--chdir', dir, 'nope']);
    assert.equal(res.status, 1);
    assert.match(res.stderr, /no output "nope" in the state \(it has: canonicals, ci_token, last_seven\)/);
    const both = await keyform(['output', '--raw', '--json', '--chdir', dir, 'ci_token']);
    assert.equal(both.status, 1);
    assert.match(both.stderr, /--raw and --json cannot be used together/);
    assert.equal(both.stdout, '');
    const noName = await keyform(['output', '--raw', '--chdir', dir]);
    assert.equal(noName.status, 1);
    assert.match(noName.stderr, /--raw needs an output NAME/);
  });

  it('show prints the state without secrets', async () => {
    const res = await keyform(['show', '--chdir', dir]);
    assert.equal(res.status, 0, res.stderr);
    assert.ok(!res.stdout.includes(TOKEN));
    assert.match(res.stdout, /^# cycloid_organization_api_key\.ci:\nresource "cycloid_organization_api_key" "ci" \{\n/);
    assert.match(res.stdout, /\n {4}token +\s= \(sensitive value\)\n/);
    assert.match(res.stdout, /\nOutputs:\n\ncanonicals = \[/);
    assert.match(res.stdout, /\nci_token = <sensitive>\n/);
    const stateShow = await keyform(['state', 'show', '--chdir', dir, `${TYPE}.ci`]);
    assert.ok(!stateShow.stdout.includes(TOKEN));
    assert.match(stateShow.stdout, /token +\s= \(sensitive value\)/);
  });

  it('show --json has terraform state JSON shape with sensitive values null', async () => {
    const res = await keyform(['show', '--json', '--chdir', dir]);
    assert.equal(res.status, 0, res.stderr);
    assert.ok(!res.stdout.includes(TOKEN));
    const doc = JSON.parse(res.stdout);
    assert.equal(doc.format_version, '1.0');
    assert.equal(typeof doc.terraform_version, 'string');
    assert.deepEqual(doc.values.outputs.ci_token, { sensitive: true, type: 'string', value: null });
    assert.deepEqual(doc.values.outputs.last_seven, { sensitive: false, type: 'string', value: TOKEN.slice(-7) });
    const [r] = doc.values.root_module.resources;
    assert.deepEqual(
      { ...r, values: undefined },
      { address: `${TYPE}.ci`, mode: 'managed', type: TYPE, name: 'ci', provider_name: 'registry.terraform.io/cycloidio/cycloid', schema_version: r.schema_version, values: undefined, sensitive_values: { token: true } },
    );
    assert.deepEqual(r.values, { ...values, token: null });
  });

  it('show PLANFILE renders a saved plan, and refuses one that was tampered with', async () => {
    const plan: Plan = {
      formatVersion: 1,
      keyformVersion: '0.1.0',
      mode: 'normal',
      lineage: state.lineage,
      serial: state.serial,
      configHash: '',
      changes: [{
        address: `${TYPE}.new`,
        type: TYPE,
        name: 'new',
        action: 'create',
        after: { canonical: 'new-key', name: 'New key', organization_canonical: 'acme', rules: [], token: UNKNOWN, id: UNKNOWN },
        reason: 'not in the state',
        replacePaths: [],
        changedAttributes: ['canonical', 'name'],
        sensitive: ['token'],
        dependsOn: [],
        createBeforeDestroy: false,
      }],
      drift: [],
      outputs: [],
      targets: [],
      replace: [],
      diagnostics: [],
    };
    const path = join(dir, 'saved.plan');
    writePlanFile(path, plan, await loadKey(dir, { KEYFORM_ENCRYPTION_KEY: encryptionKey }));

    const human = await keyform(['show', '--chdir', dir, 'saved.plan']);
    assert.equal(human.status, 0, human.stderr);
    assert.match(human.stdout, /# cycloid_organization_api_key\.new will be created/);
    assert.match(human.stdout, /"new-key"/);
    const json = await keyform(['show', '--json', '--chdir', dir, path]);
    assert.equal(json.status, 0, json.stderr);
    const doc = JSON.parse(json.stdout);
    assert.equal(doc.resource_changes[0].address, `${TYPE}.new`);
    assert.deepEqual(doc.resource_changes[0].change.actions, ['create']);

    writeFileSync(path, readFileSync(path, 'utf8').replace('new-key', 'evil-key'));
    const tampered = await keyform(['show', '--chdir', dir, 'saved.plan']);
    assert.equal(tampered.status, 1);
    assert.equal(tampered.stdout, '');
    assert.match(tampered.stderr, /was changed after it was made/);

    const missing = await keyform(['show', '--chdir', dir, 'nope.plan']);
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /is not a keyform plan file/);
  });
});
