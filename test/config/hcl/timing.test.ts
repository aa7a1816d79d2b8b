/**
 * Timing (logs only): 10,000 keys written in HCL — one file, and 100 files — load, validate and evaluate; the
 * 2,500-key run beside it shows the growth is linear. bench/config-load.ts compares with hcl2json and JSON.
 */
import { prepareModule } from '../../../src/config/context.js';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { desiredInstances } from '../../../src/config/evaluate.js';
import { loadConfigDir } from '../../../src/config/load.js';
import { validateModule } from '../../../src/config/validate.js';

const KEY = 'cycloid_organization_api_key';

function key(i: number): string {
  const extra = i % 10 === 5 ? `  depends_on = [${KEY}.k${i - 5}]\n  lifecycle {\n    ignore_changes = [description]\n  }\n` : '';
  const description = i === 0 ? '"first"' : `"after \${${KEY}.k${i - 1}.name} (#\${${KEY}.k${i - 1}.id})"`;
  return `resource "${KEY}" "k${i}" {\n  name        = "Key number ${i}"\n${i % 2 === 0 ? `  canonical   = "key-${i}"\n` : ''}  description = ${description}\n  rules = [\n    { action = "organization:project:read", effect = "allow" },\n    {\n      action    = "organization:credential:read"\n      effect    = "allow"\n      resources = ["organization:acme:credential:cy-${i}-*"]\n    },\n  ]\n${extra}}\n\n`;
}

function run(n: number, files: number): { load: number; rest: number } {
  const dir = mkdtempSync(join(tmpdir(), 'keyform-hcl-timing-'));
  try {
    writeFileSync(join(dir, 'main.tf'), 'provider "cycloid" {\n  default_organization = "acme"\n}\n');
    const per = Math.ceil(n / files);
    for (let f = 0; f < files; f++) {
      let text = '';
      for (let i = f * per; i < Math.min(n, (f + 1) * per); i++) text += key(i);
      writeFileSync(join(dir, `keys-${f}.tf`), text);
    }
    const t0 = performance.now();
    const loaded = loadConfigDir(dir);
    const t1 = performance.now();
    assert.deepEqual(loaded.diagnostics, []);
    assert.deepEqual(validateModule(loaded.module!), []);
    const desired = desiredInstances(prepareModule(loaded.module!, { variables: new Map() }));
    assert.deepEqual(desired.diagnostics, []);
    assert.equal(desired.instances.length, n);
    return { load: t1 - t0, rest: performance.now() - t1 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('HCL timing', () => {
  it('loads 10,000 keys written in HCL (logged)', () => {
    run(500, 1); // warm-up
    for (const [n, files] of [[2_500, 1], [10_000, 1], [10_000, 100]] as const) {
      const t = run(n, files);
      console.log(`hcl timing: ${n} keys in ${files} file(s): load ${t.load.toFixed(0)} ms, validate + evaluate ${t.rest.toFixed(0)} ms`);
    }
  });
});
