/** buildGraph: topological and stable order, edges from references and depends_on, cycles with their path. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildGraph } from '../../src/config/graph.js';
import { loadConfigSources } from '../../src/config/load.js';
import type { ConfigModule } from '../../src/config/types.js';

const KEY = 'cycloid_organization_api_key';

function moduleOf(resources: Record<string, Record<string, unknown>>, outputs: Record<string, unknown> = {}): ConfigModule {
  const body: Record<string, unknown> = {};
  for (const [name, extra] of Object.entries(resources)) body[name] = { name: `Key ${name}`, rules: [{ action: 'a:b', effect: 'allow' }], ...extra };
  const text = JSON.stringify({ resource: { [KEY]: body }, ...(Object.keys(outputs).length ? { output: outputs } : {}) });
  const loaded = loadConfigSources('/x', [{ file: 'main.tf.json', text }]);
  assert.deepEqual(loaded.diagnostics, []);
  return loaded.module!;
}

const ref = (name: string, attr = 'id') => `\${${KEY}.${name}.${attr}}`;

describe('buildGraph', () => {
  it('orders dependencies first and otherwise keeps declaration order', () => {
    const g = buildGraph(moduleOf({ c: { description: ref('b') }, a: {}, b: { depends_on: [`${KEY}.a`] }, d: {} }, { out: { value: ref('c') } }));
    assert.deepEqual(g.order, [`${KEY}.a`, `${KEY}.b`, `${KEY}.c`, `${KEY}.d`, 'output.out']);
    assert.deepEqual(g.diagnostics, []);
  });

  it('has an edge per referenced or depended-on resource, in every nested string', () => {
    const g = buildGraph(moduleOf({ a: {}, b: {}, c: { rules: [{ action: 'a:b', effect: 'allow', resources: [`x:${ref('a', 'canonical')}`] }], depends_on: [`\${${KEY}.b}`] } }));
    assert.deepEqual([...g.edges.get(`${KEY}.c`)!].sort(), [`${KEY}.a`, `${KEY}.b`]);
    assert.deepEqual([...g.edges.get(`${KEY}.a`)!], []);
  });

  it('leaves undeclared targets out (validation reports them)', () => {
    const g = buildGraph(moduleOf({ a: { description: ref('zz') } }));
    assert.deepEqual([...g.edges.get(`${KEY}.a`)!], []);
  });

  it('reports each cycle once, from the member declared first', () => {
    const g = buildGraph(moduleOf({ a: { description: ref('b') }, b: { description: ref('c') }, c: { description: ref('a') }, d: { description: ref('d') } }));
    assert.deepEqual(g.diagnostics.map((d) => d.summary), [
      `Cycle: ${KEY}.a → ${KEY}.b → ${KEY}.c → ${KEY}.a`,
      `Cycle: ${KEY}.d → ${KEY}.d`,
    ]);
    assert.equal(g.order.length, 4, 'every node is still ordered');
  });

  it('handles a chain of 10,000 resources without recursion', () => {
    const resources: Record<string, Record<string, unknown>> = {};
    for (let i = 0; i < 10_000; i++) resources[`k${i}`] = i === 0 ? {} : { description: ref(`k${i - 1}`) };
    const g = buildGraph(moduleOf(resources));
    assert.equal(g.order[0], `${KEY}.k0`);
    assert.equal(g.order[9_999], `${KEY}.k9999`);
  });
});
