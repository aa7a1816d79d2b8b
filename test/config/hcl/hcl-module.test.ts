/**
 * An HCL module loads to the same model as its Terraform JSON twin: the same configuration hash, the same
 * resources and outputs, no diagnostics, and the same desired instances after evaluation.
 */
import { prepareModule } from '../../../src/config/context.js';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { desiredInstances } from '../../../src/config/evaluate.js';
import { loadConfigDir, loadConfigSources } from '../../../src/config/load.js';
import { validateModule } from '../../../src/config/validate.js';
import type { ConfigModule } from '../../../src/config/types.js';
import { fixture } from '../fixtures.js';

function load(dir: string): ConfigModule {
  const result = loadConfigDir(dir);
  assert.deepEqual(result.diagnostics, []);
  assert.ok(result.module);
  return result.module;
}

describe('an HCL module and its JSON twin', () => {
  const hcl = load(fixture('config', 'quickstart-hcl'));
  const json = load(fixture('config', 'quickstart'));

  it('reads both .tf files, sorted', () => assert.deepEqual(hcl.files, ['main.tf', 'outputs.tf']));

  it('has the same configuration hash', () => assert.equal(hcl.hash, json.hash));

  it('has the same resources, providers, outputs and backend (sources aside)', () => {
    const strip = (m: ConfigModule) => ({
      backend: m.backend?.path,
      providers: m.providers.map(({ source: _, ...p }) => p),
      resources: m.resources.map(({ source: _, ...r }) => r),
      outputs: m.outputs.map(({ source: _, ...o }) => o),
    });
    assert.deepEqual(strip(hcl), strip(json));
  });

  it('validates and evaluates to the same desired instances', () => {
    assert.deepEqual(validateModule(hcl), []);
    const [a, b] = [desiredInstances(prepareModule(hcl, { variables: new Map() })), desiredInstances(prepareModule(json, { variables: new Map() }))];
    assert.deepEqual(a.diagnostics, []);
    assert.deepEqual(
      a.instances.map(({ source: _, ...i }) => i),
      b.instances.map(({ source: _, ...i }) => i),
    );
  });

  it('keeps its hash through reformatting, and changes it with a value', () => {
    const dir = fixture('config', 'quickstart-hcl');
    const files = ['main.tf', 'outputs.tf'].map((file) => ({ file, text: readFileSync(join(dir, file), 'utf8') }));
    const hash = (edit: (text: string) => string) => loadConfigSources(dir, files.map((f) => ({ ...f, text: edit(f.text) }))).module!.hash;
    assert.equal(hash((t) => t), hcl.hash);
    assert.equal(hash((t) => t.replace(/ += /g, ' = ').replace(/\n/g, '\n\n# a comment\n')), hcl.hash);
    assert.notEqual(hash((t) => t.replace('"CI deploy"', '"CI deploy!"')), hcl.hash);
  });
});
