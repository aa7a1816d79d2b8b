/**
 * Timing (logs only): 10,000 keys with references, depends_on and outputs must load, validate and evaluate in
 * well under a second. The 2,500-key run beside it shows the growth is linear, not quadratic.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { prepareModule } from '../../src/config/context.js';
import { desiredInstances } from '../../src/config/evaluate.js';
import { loadConfigDir } from '../../src/config/load.js';
import { validateModule } from '../../src/config/validate.js';

const KEY = 'cycloid_organization_api_key';

function configText(n: number): string {
  const keys: Record<string, unknown> = {};
  for (let i = 0; i < n; i++) {
    keys[`k${i}`] = {
      name: `Key number ${i}`,
      ...(i % 2 === 0 ? { canonical: `key-${i}` } : {}),
      description: i === 0 ? 'first' : `after \${${KEY}.k${i - 1}.name} (#\${${KEY}.k${i - 1}.id})`,
      rules: [
        { action: 'organization:project:read', effect: 'allow' },
        { action: 'organization:credential:read', effect: 'allow', resources: [`organization:acme:credential:cy-${i}-*`] },
      ],
      ...(i % 10 === 5 ? { depends_on: [`${KEY}.k${i - 5}`], lifecycle: { ignore_changes: ['description'] } } : {}),
    };
  }
  const outputs: Record<string, unknown> = {};
  for (let i = 0; i < n; i += 100) outputs[`o${i}`] = { value: `\${${KEY}.k${i}.canonical}` };
  return JSON.stringify({ terraform: { backend: { local: { path: 'x.tfstate' } } }, provider: { cycloid: { default_organization: 'acme' } }, resource: { [KEY]: keys }, output: outputs }, null, 2);
}

function run(n: number): { load: number; validate: number; evaluate: number } {
  const dir = mkdtempSync(join(tmpdir(), 'keyform-timing-'));
  try {
    writeFileSync(join(dir, 'main.tf.json'), configText(n));
    const t0 = performance.now();
    const loaded = loadConfigDir(dir);
    const t1 = performance.now();
    assert.deepEqual(loaded.diagnostics, []);
    const diags = validateModule(loaded.module!);
    const t2 = performance.now();
    assert.deepEqual(diags, []);
    const desired = desiredInstances(prepareModule(loaded.module!, { variables: new Map() }));
    const t3 = performance.now();
    assert.deepEqual(desired.diagnostics, []);
    assert.equal(desired.instances.length, n);
    return { load: t1 - t0, validate: t2 - t1, evaluate: t3 - t2 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('timing', () => {
  it('loads, validates and evaluates 10,000 keys (logged)', () => {
    run(500); // warm-up: JIT and the schema file
    for (const n of [2_500, 10_000]) {
      const t = run(n);
      const total = t.load + t.validate + t.evaluate;
      console.log(`config timing: ${n} keys: load ${t.load.toFixed(0)} ms, validate ${t.validate.toFixed(0)} ms, evaluate ${t.evaluate.toFixed(0)} ms, total ${total.toFixed(0)} ms`);
    }
  });
});
