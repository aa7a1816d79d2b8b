/** `.tfvars` files: `name = value` lines, values in the model's form (as hcl2json converts them), blocks refused. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseTfvars } from '../../../src/config/hcl/index.js';
import { ours, theirs } from './reference.js';

describe('parseTfvars', () => {
  const text = '# prod\nenv      = "prod"\nreplicas = 3\ntags     = { team = "ci", cost = 1 }\nnames    = ["a", "b"]\nprefix   = "${var.env}-"\n__proto__ = 1\n';

  it('reads values and the line of each name', () => {
    const result = parseTfvars('prod.tfvars', text);
    assert.ok('values' in result, JSON.stringify(result));
    assert.deepEqual(Object.keys(result.values), ['env', 'replicas', 'tags', 'names', 'prefix', '__proto__']);
    assert.deepEqual(result.values['tags'], { team: 'ci', cost: 1 });
    assert.equal(result.values['prefix'], '${var.env}-');
    assert.equal(Object.getOwnPropertyDescriptor(result.values, '__proto__')?.value, 1);
    assert.equal(result.lines['env'], 2);
    assert.equal(result.lines['names'], 5);
  });

  it('gives the values hcl2json gives', async () => {
    const reference = await theirs(text);
    const result = parseTfvars('prod.tfvars', text);
    assert.ok('ok' in reference && 'values' in result);
    assert.deepStrictEqual(ours(text), reference);
    assert.deepStrictEqual(JSON.parse(JSON.stringify(result.values)), JSON.parse(JSON.stringify(reference.ok)));
  });

  it('refuses blocks', () => {
    const result = parseTfvars('x.tfvars', 'a = 1\n\nvariable "x" {}\n');
    assert.deepEqual(result, { error: { line: 3, column: 1, message: 'Blocks are not allowed in a variables file: found a "variable" block; a .tfvars file holds only name = value lines' } });
  });

  it('reports syntax errors', () => {
    const result = parseTfvars('x.tfvars', 'a = \n');
    assert.ok('error' in result && result.error.line === 1);
  });
});
