import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { stacksOf } from '../../src/cdktf/index.js';

const stack = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  constructPath: name,
  synthesizedStackPath: `stacks/${name}/cdk.tf.json`,
  workingDirectory: `stacks/${name}`,
  dependencies: [],
  annotations: [],
  ...extra,
});

describe('cdktf manifest: stacks', () => {
  it('GIVEN independent stacks THEN they come by name, each with its directory, file and default state', () => {
    const r = stacksOf('/p/cdktf.out', [stack('web'), stack('api')]);
    assert.deepEqual(r.diagnostics, []);
    assert.deepEqual(r.stacks, [
      { name: 'api', dir: '/p/cdktf.out/stacks/api', file: '/p/cdktf.out/stacks/api/cdk.tf.json', dependencies: [], defaultStatePath: 'terraform.api.tfstate' },
      { name: 'web', dir: '/p/cdktf.out/stacks/web', file: '/p/cdktf.out/stacks/web/cdk.tf.json', dependencies: [], defaultStatePath: 'terraform.web.tfstate' },
    ]);
  });

  it('GIVEN dependencies (by construct path) THEN a stack comes after those it depends on', () => {
    const r = stacksOf('/p/out', [stack('a', { dependencies: ['c'] }), stack('b'), stack('c', { dependencies: ['b'] })]);
    assert.deepEqual(r.stacks?.map((s) => s.name), ['b', 'c', 'a']);
    assert.deepEqual(r.stacks?.find((s) => s.name === 'a')?.dependencies, ['c']);
  });

  it('GIVEN a cycle or an unknown dependency THEN errors, and no stacks', () => {
    const cycle = stacksOf('/p/out', [stack('a', { dependencies: ['b'] }), stack('b', { dependencies: ['a'] })]);
    assert.equal(cycle.stacks, undefined);
    assert.match(cycle.diagnostics[0]!.summary, /cycle: a → b → a/);
    const unknown = stacksOf('/p/out', [stack('a', { dependencies: ['ghost'] })]);
    assert.match(unknown.diagnostics[0]!.summary, /depends on ghost/);
  });

  it('GIVEN annotations THEN errors fail the synthesis, warnings are kept, info is dropped', () => {
    const annotations = [
      { constructPath: 'ci/key', level: '@cdktf/info', message: 'fyi' },
      { constructPath: 'ci/key', level: '@cdktf/warn', message: 'careful' },
    ];
    const warned = stacksOf('/p/out', [stack('ci', { annotations })]);
    assert.equal(warned.stacks?.length, 1);
    assert.deepEqual(warned.diagnostics, [{ severity: 'warning', summary: 'Stack ci: [ci/key] careful' }]);
    const failed = stacksOf('/p/out', [stack('ci', { annotations: [...annotations, { constructPath: 'ci', level: '@cdktf/error', message: 'broken' }] })]);
    assert.equal(failed.stacks, undefined);
    assert.ok(failed.diagnostics.some((d) => d.severity === 'error' && d.summary === 'Stack ci: [ci] broken'));
  });

  it('GIVEN HCL output or a path outside the output directory THEN an error naming the stack or entry', () => {
    const hcl = stacksOf('/p/out', [stack('ci', { synthesizedStackPath: 'stacks/ci/cdk.tf' })]);
    assert.match(hcl.diagnostics[0]!.summary, /Stack ci was synthesized as stacks\/ci\/cdk\.tf: keyform reads Terraform JSON/);
    for (const bad of ['../elsewhere/cdk.tf.json', '/etc/cdk.tf.json']) {
      const r = stacksOf('/p/out', [stack('ci', { synthesizedStackPath: bad })]);
      assert.equal(r.stacks, undefined, bad);
      assert.match(r.diagnostics[0]!.summary, /cannot read/);
    }
  });
});
