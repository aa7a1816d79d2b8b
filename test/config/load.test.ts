/** loadConfigDir: valid Terraform JSON and CDKTF directories load into the model; the hash ignores formatting. */
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { prepareModule } from '../../src/config/context.js';
import { desiredInstances } from '../../src/config/evaluate.js';
import { loadConfigDir, loadConfigSources } from '../../src/config/load.js';
import { validateModule } from '../../src/config/validate.js';
import type { ConfigModule } from '../../src/config/types.js';
import { isUnknown } from '../../src/values.js';
import { fixture } from './fixtures.js';

function load(dir: string): ConfigModule {
  const result = loadConfigDir(dir);
  assert.deepEqual(result.diagnostics, []);
  assert.ok(result.module);
  return result.module;
}

const KEY = 'cycloid_organization_api_key';

describe('loadConfigDir: quickstart (Terraform JSON)', () => {
  const module = load(fixture('config', 'quickstart'));

  it('reads the file, the backend and the provider', () => {
    assert.deepEqual(module.files, ['main.tf.json']);
    assert.equal(module.backend?.type, 'local');
    assert.equal(module.backend?.path, 'state/keyform.tfstate');
    assert.deepEqual(module.providers.map((p) => [p.name, p.alias, p.config]), [['cycloid', undefined, { default_organization: 'acme' }]]);
  });

  it('reads the three keys with their meta-arguments taken out of config', () => {
    assert.deepEqual(module.resources.map((r) => r.address), [`${KEY}.a`, `${KEY}.b`, `${KEY}.c`]);
    const [a, b, c] = module.resources;
    assert.deepEqual(Object.keys(a!.config), ['canonical', 'description', 'name', 'rules'], 'attributes, sorted');
    assert.deepEqual(a!.lifecycle, { preventDestroy: true, createBeforeDestroy: false, ignoreChanges: ['description'] });
    assert.equal(b!.config['description'], 'Reads what ${cycloid_organization_api_key.a.canonical} deploys');
    assert.deepEqual(b!.dependsOn, [`${KEY}.a`]);
    assert.equal(c!.lifecycle.createBeforeDestroy, true);
    assert.equal(a!.provider, 'cycloid');
  });

  it('knows the line of the block and of every attribute path', () => {
    const a = module.resources[0]!;
    assert.equal(a.source.file, 'main.tf.json');
    assert.equal(a.source.line, 16);
    assert.equal(a.source.pathLines?.get('rules[1].action'), 23);
    assert.equal(a.source.pathLines?.get('rules[1].resources[0]'), 25);
    assert.equal(a.source.pathLines?.get('lifecycle.prevent_destroy'), 28);
  });

  it('reads the outputs', () => {
    assert.deepEqual(
      module.outputs.map((o) => [o.name, o.sensitive, o.description]),
      [['deploy_token', true, 'Token of the CI deploy key'], ['read_only_canonical', false, undefined]],
    );
  });

  it('validates and evaluates without a diagnostic, references resolved in order', () => {
    assert.deepEqual(validateModule(module), []);
    const desired = desiredInstances(prepareModule(module, { variables: new Map() }));
    assert.deepEqual(desired.diagnostics, []);
    assert.deepEqual(desired.instances.map((i) => i.address), [`${KEY}.a`, `${KEY}.b`, `${KEY}.c`]);
    const b = desired.instances[1]!;
    assert.equal(b.values['description'], 'Reads what ci-deploy deploys');
    assert.deepEqual(b.dependsOn, [`${KEY}.a`]);
    assert.ok(isUnknown(desired.outputs[0]!.value), 'a token is known only after apply');
    assert.ok(isUnknown(desired.outputs[1]!.value), 'a canonical derived by the provider is unknown to the config alone');
  });
});

describe('loadConfigDir: cdk.tf.json (CDKTF synth)', () => {
  const module = load(fixture('config', 'cdktf'));

  it('ignores CDKTF metadata and reads aliased providers', () => {
    assert.deepEqual(module.files, ['cdk.tf.json']);
    assert.deepEqual(module.providers.map((p) => p.alias ?? '(default)'), ['(default)', 'eu']);
    const reader = module.resources.find((r) => r.name === 'reader')!;
    assert.equal(reader.provider, 'cycloid.eu');
    assert.deepEqual(reader.dependsOn, [`${KEY}.deploy`]);
    assert.deepEqual(reader.lifecycle.ignoreChanges, ['name']);
    assert.ok(!Object.hasOwn(reader.config, '//'));
  });

  it('evaluates, the dependency first', () => {
    assert.deepEqual(validateModule(module), []);
    const desired = desiredInstances(prepareModule(module, { variables: new Map() }));
    assert.deepEqual(desired.diagnostics, []);
    assert.deepEqual(desired.instances.map((i) => i.name), ['deploy', 'reader']);
    assert.equal(desired.instances[1]!.values['description'], 'CI deploy (read only)');
    assert.equal(desired.outputs[0]!.value, 'ci-deploy');
  });
});

describe('configuration hash', () => {
  const text = JSON.stringify({
    resource: { [KEY]: { a: { name: 'Key A', rules: [{ action: 'a:b', effect: 'allow' }] }, b: { rules: [{ effect: 'allow', action: 'c:d' }], name: 'Key B' } } },
  });
  const hash = (sources: Array<{ file: string; text: string }>) => loadConfigSources('/x', sources).module!.hash;
  const base = hash([{ file: 'main.tf.json', text }]);

  it('is a SHA-256 in hex', () => assert.match(base, /^[0-9a-f]{64}$/));
  it('ignores whitespace and key order', () => {
    const reordered = JSON.stringify({ resource: { [KEY]: { b: { name: 'Key B', rules: [{ action: 'c:d', effect: 'allow' }] }, a: { rules: [{ effect: 'allow', action: 'a:b' }], name: 'Key A' } } } }, null, 4);
    assert.equal(hash([{ file: 'main.tf.json', text: reordered }]), base);
  });
  it('ignores which file a block is in', () => {
    const one = JSON.stringify({ resource: { [KEY]: { a: { name: 'Key A', rules: [{ action: 'a:b', effect: 'allow' }] } } } });
    const two = JSON.stringify({ resource: { [KEY]: { b: { name: 'Key B', rules: [{ action: 'c:d', effect: 'allow' }] } } } });
    assert.equal(hash([{ file: 'x.tf.json', text: two }, { file: 'y.tf.json', text: one }]), base);
  });
  it('changes with any value, and with rule order', () => {
    assert.notEqual(hash([{ file: 'main.tf.json', text: text.replace('Key A', 'Key a') }]), base);
    const swapped = JSON.stringify({ resource: { [KEY]: { a: { name: 'Key A', rules: [{ action: 'a:b', effect: 'allow' }, { action: 'x:y', effect: 'allow' }] } } } });
    const swapped2 = JSON.stringify({ resource: { [KEY]: { a: { name: 'Key A', rules: [{ action: 'x:y', effect: 'allow' }, { action: 'a:b', effect: 'allow' }] } } } });
    assert.notEqual(hash([{ file: 'm.tf.json', text: swapped }]), hash([{ file: 'm.tf.json', text: swapped2 }]));
  });
});

describe('loadConfigDir: the directory', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'keyform-config-'));
  after(() => rmSync(tmp, { recursive: true, force: true }));

  it('says which directory and which files it looked for when there are none', () => {
    const dir = join(tmp, 'empty');
    mkdirSync(dir);
    writeFileSync(join(dir, 'main.tf.txt'), 'resource "x" "y" {}\n');
    writeFileSync(join(dir, '.hidden.tf'), 'resource "x" "y" {}\n');
    const result = loadConfigDir(dir);
    assert.equal(result.module, undefined);
    assert.equal(result.diagnostics.length, 1);
    assert.equal(result.diagnostics[0]!.severity, 'error');
    assert.ok(result.diagnostics[0]!.summary.includes(dir));
    assert.match(result.diagnostics[0]!.summary, /\*\.tf, \*\.tf\.json or cdk\.tf\.json/);
  });

  it('reports a directory that does not exist', () => {
    const result = loadConfigDir(join(tmp, 'nope'));
    assert.match(result.diagnostics[0]?.summary ?? '', /Cannot read the configuration directory .*does not exist/);
  });

  it('reads *.tf.json and *.tf sorted by name, ignoring hidden files and subdirectories', () => {
    const dir = join(tmp, 'mixed');
    mkdirSync(join(dir, 'sub.tf.json'), { recursive: true });
    const key = (n: string) => JSON.stringify({ resource: { [KEY]: { [n]: { name: `Key ${n}`, rules: [{ action: 'a:b', effect: 'allow' }] } } } });
    writeFileSync(join(dir, 'b.tf.json'), key('b'));
    writeFileSync(join(dir, 'a.tf.json'), key('a'));
    writeFileSync(join(dir, '.hidden.tf.json'), '{');
    writeFileSync(join(dir, '.hidden.tf'), 'not HCL {');
    mkdirSync(join(dir, 'sub.tf'));
    writeFileSync(join(dir, 'main.tf'), `resource "${KEY}" "c" {\n  name  = "Key c"\n  rules = [{ action = "a:b", effect = "allow" }]\n}\n`);
    const module = load(dir);
    assert.deepEqual(module.files, ['a.tf.json', 'b.tf.json', 'main.tf']);
    assert.deepEqual(module.resources.map((r) => `${r.source.file}:${r.name}`), ['a.tf.json:a', 'b.tf.json:b', 'main.tf:c']);
  });
});
