/**
 * Property: whatever JSON (valid-looking or not, with `${` in its strings, hostile keys, duplicates) or text is
 * fed to the loader, validator and evaluator, they answer with a result or diagnostics — never an exception.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { prepareModule } from '../../src/config/context.js';
import { desiredInstances } from '../../src/config/evaluate.js';
import { buildGraph } from '../../src/config/graph.js';
import { loadConfigSources } from '../../src/config/load.js';
import { validateModule } from '../../src/config/validate.js';
import type { Diagnostic } from '../../src/diagnostics.js';

/** A JSON tree whose objects are entry lists, so duplicate and `__proto__` keys survive serialisation. */
type Tree = null | boolean | number | string | Tree[] | { entries: Array<[string, Tree]> };

function serialise(t: Tree): string {
  if (Array.isArray(t)) return `[${t.map(serialise).join(',')}]`;
  if (t !== null && typeof t === 'object') return `{${t.entries.map(([k, v]) => `${JSON.stringify(k)}:${serialise(v)}`).join(',')}}`;
  return JSON.stringify(t);
}

const FRAGMENTS = ['${', '}', '$${', '%{', '%%{', '~', '"', '\\', '.', '[', ']', '(', ')', '*', ',', '?', ':', '==', '+', '{', ' ', '0', '1', '-',
  'cycloid_organization_api_key', '.a', '.b', '.k', 'name', 'canonical', 'token', 'rules', 'var', 'local', 'upper', 'for', 'x', '"${', '...'];
const templateish = fc.array(fc.constantFrom(...FRAGMENTS), { maxLength: 12 }).map((parts) => parts.join(''));
const text = fc.oneof(templateish, fc.string(), fc.constantFrom('allow', 'deny', 'organization:**', 'ci-deploy', 'cycloid_organization_api_key.a', 'cycloid.eu', 'all'));
const KEYS = ['name', 'canonical', 'description', 'owner', 'organization_canonical', 'rules', 'action', 'effect', 'resources', 'token', 'id', 'depends_on',
  'lifecycle', 'ignore_changes', 'prevent_destroy', 'provider', 'count', 'for_each', 'alias', 'value', 'sensitive', '//', '__proto__', 'constructor', 'toString', 'a', 'b'];
const key = fc.oneof(fc.constantFrom(...KEYS), fc.string({ maxLength: 8 }));

const { tree } = fc.letrec<{ tree: Tree }>((tie) => ({
  tree: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true })),
    text,
    fc.array(tie('tree'), { maxLength: 4 }),
    fc.array(fc.tuple(key, tie('tree')), { maxLength: 5 }).map((entries) => ({ entries })),
  ),
}));

const obj = (entries: Array<[string, Tree]>): Tree => ({ entries });
const body = fc.array(fc.tuple(key, tree), { maxLength: 7 }).map(obj);
const resourceType = fc.oneof(fc.constant('cycloid_organization_api_key'), fc.constantFrom('cycloid_organisation_api_key', 'aws_instance', '__proto__'), fc.string({ maxLength: 6 }));
const resources = fc.array(fc.tuple(resourceType, fc.array(fc.tuple(fc.constantFrom('a', 'b', 'k', '__proto__', '1x'), fc.oneof(body, tree)), { maxLength: 4 }).map(obj)), { maxLength: 2 }).map(obj);
const topKey = fc.constantFrom('resource', 'output', 'provider', 'terraform', 'variable', 'locals', 'data', 'module', 'resources', '//', '__proto__');
const document = fc.array(
  fc.oneof(
    fc.tuple(fc.constant('resource'), resources),
    fc.tuple(fc.constant('output'), fc.array(fc.tuple(fc.constantFrom('o', 'p'), fc.oneof(body, tree)), { maxLength: 2 }).map(obj)),
    fc.tuple(fc.constant('provider'), fc.array(fc.tuple(fc.constantFrom('cycloid', 'aws'), fc.oneof(body, fc.array(body, { maxLength: 2 }), tree)), { maxLength: 2 }).map(obj)),
    fc.tuple(fc.constant('terraform'), fc.oneof(body, fc.constant(obj([['backend', obj([['local', obj([['path', 'x']])]])]])))),
    fc.tuple(topKey, tree),
  ),
  { maxLength: 5 },
).map(obj);

function runAll(sources: Array<{ file: string; text: string }>): void {
  const loaded = loadConfigSources('/fuzz', sources);
  const diags: Diagnostic[] = [...loaded.diagnostics];
  assert.ok(loaded.module, 'a module is returned whenever files were given');
  diags.push(...validateModule(loaded.module));
  buildGraph(loaded.module);
  const desired = desiredInstances(prepareModule(loaded.module, { variables: new Map() }));
  diags.push(...desired.diagnostics);
  for (const d of diags) {
    assert.ok(d.severity === 'error' || d.severity === 'warning');
    assert.equal(typeof d.summary, 'string');
    assert.ok(d.summary.length > 0);
  }
}

describe('loader + validator + evaluator never throw', () => {
  it('on generated Terraform-JSON-like documents', () => {
    fc.assert(fc.property(fc.array(document, { minLength: 1, maxLength: 2 }), (docs) => runAll(docs.map((d, i) => ({ file: `f${i}.tf.json`, text: serialise(d) })))), { numRuns: 1500 });
  });

  it('on arbitrary JSON values', () => {
    fc.assert(fc.property(fc.jsonValue(), (v) => runAll([{ file: 'main.tf.json', text: JSON.stringify(v) ?? 'null' }])), { numRuns: 500 });
  });

  it('on arbitrary text', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (t) => runAll([{ file: 'main.tf.json', text: t }])), { numRuns: 300 });
  });

  it('on deeply nested expressions and strings', () => {
    for (const text of [
      `\${${'('.repeat(5000)}a${')'.repeat(5000)}}`,
      `\${${'['.repeat(5000)}}`,
      `\${${'"${'.repeat(3000)}`,
      `\${${'{a = '.repeat(3000)}`,
      `\${${'-'.repeat(5000)}1}`,
      `\${${'!'.repeat(5000)}a}`,
      `\${a${'.b'.repeat(20000)}}`,
    ]) {
      const doc = { resource: { cycloid_organization_api_key: { k: { name: 'Key K', description: text, rules: [{ action: 'a:b', effect: 'allow' }] } } } };
      runAll([{ file: 'main.tf.json', text: JSON.stringify(doc) }]);
    }
  });

  it('on any attribute string of an otherwise valid key', () => {
    fc.assert(
      fc.property(text, text, (description, action) => {
        const doc = { resource: { cycloid_organization_api_key: { a: { name: 'Key A', rules: [{ action: 'a:b', effect: 'allow' }] }, k: { name: 'Key K', description, rules: [{ action, effect: 'allow' }] } } } };
        runAll([{ file: 'main.tf.json', text: JSON.stringify(doc) }]);
      }),
      { numRuns: 1500 },
    );
  });
});
