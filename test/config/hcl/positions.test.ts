/**
 * Positions: every node and key of the tree points into the .tf file, so the diagnostics of a loaded HCL
 * directory name the HCL line — of a block, of an argument, of an element inside a multi-line list.
 */
import { prepareModule } from '../../../src/config/context.js';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { JsonEntry, JsonNode } from '../../../src/config/json-ast.js';
import { parseHcl } from '../../../src/config/hcl/index.js';
import { loadConfigSources } from '../../../src/config/load.js';
import { validateModule } from '../../../src/config/validate.js';
import { desiredInstances } from '../../../src/config/evaluate.js';
import type { Diagnostic } from '../../../src/diagnostics.js';

const KEY = 'cycloid_organization_api_key';

function tree(text: string): JsonNode {
  const result = parseHcl('main.tf', text);
  assert.ok('node' in result, JSON.stringify(result));
  return result.node;
}

function entry(node: JsonNode, key: string): JsonEntry {
  assert.equal(node.kind, 'object');
  const found = node.kind === 'object' ? node.entries.find((e) => e.key === key) : undefined;
  assert.ok(found, `no key ${key}`);
  return found;
}

const at = (p: { line: number; column: number }) => [p.line, p.column];

describe('HCL tree positions', () => {
  const text = ['# keys', '', `resource "${KEY}" "ci" {`, '  name  = "CI"', '  rules = [', '    { action = "a:b", effect = "allow" },', '    {', '      action = "c:d"', '    },', '  ]', '  lifecycle {', '    prevent_destroy = true', '  }', '}', ''].join('\n');
  const root = tree(text);
  const resource = entry(root, 'resource');
  const type = entry(resource.value, KEY);
  const ci = entry(type.value, 'ci');

  it('a block entry is at its type keyword, label entries at their labels', () => {
    assert.deepEqual(at(resource.at), [3, 1]);
    assert.deepEqual(at(type.at), [3, 10]);
    assert.deepEqual(at(ci.at), [3, 41]);
  });

  it('a block body is a list of one object, at its "{"', () => {
    assert.equal(ci.value.kind, 'array');
    const body = ci.value.kind === 'array' ? ci.value.items[0]! : ci.value;
    assert.deepEqual(at(body), [3, 46]);
    const name = entry(body, 'name');
    assert.deepEqual(at(name.at), [4, 3], 'an argument entry is at its name');
    assert.deepEqual(at(name.value), [4, 11], 'a value is where it starts');
    const rules = entry(body, 'rules').value;
    assert.deepEqual(rules.kind === 'array' ? rules.items.map(at) : [], [[6, 5], [7, 5]]);
    const second = rules.kind === 'array' ? rules.items[1]! : rules;
    assert.deepEqual(at(entry(second, 'action').at), [8, 7]);
    const lifecycle = entry(body, 'lifecycle');
    assert.deepEqual(at(lifecycle.at), [11, 3]);
  });
});

describe('diagnostics of a loaded .tf name the HCL line', () => {
  const load = (text: string): Diagnostic[] => {
    const loaded = loadConfigSources('/x', [{ file: 'main.tf', text }]);
    const out = [...loaded.diagnostics];
    if (loaded.module) out.push(...validateModule(loaded.module));
    if (loaded.module && out.length === 0) out.push(...desiredInstances(prepareModule(loaded.module, { variables: new Map() })).diagnostics);
    return out;
  };
  const text = [
    `resource "${KEY}" "ci" {`, //  1
    '  name = "CI deploy"', //       2
    '  nmae = "typo"', //            3
    '  rules = [', //                4
    '    { action = "a:b", effect = "allow" },', // 5
    '    {', //                      6
    '      action = "c:d"', //       7
    '      effect = "maybe"', //     8
    '    },', //                     9
    '  ]', //                        10
    '}', //                          11
    '', //                           12
    `resource "${KEY}" "two" {`, //  13
    '  name  = "Two"', //            14
    '  rules = [{ action = "a:b", effect = "allow" }]', // 15
    '  provider = "no such!"', //    16
    '  lifecycle {', //              17
    '    prevent_destroy = "yes"', // 18
    '  }', //                        19
    '}', //                          20
    '',
  ].join('\n');
  const diagnostics = load(text);
  const find = (re: RegExp) => diagnostics.find((d) => re.test(d.summary));

  it('an unknown argument: the line of its name', () => {
    const d = find(/Unknown attribute "nmae"/);
    assert.ok(d, JSON.stringify(diagnostics));
    assert.deepEqual([d.file, d.line, d.address], ['main.tf', 3, `${KEY}.ci`]);
  });

  it('a bad value inside a multi-line list: the line of that element', () => {
    const d = diagnostics.find((x) => x.path === 'rules[1].effect');
    assert.ok(d, JSON.stringify(diagnostics));
    assert.equal(d.line, 8);
  });

  it('a meta-argument and a lifecycle argument: their lines', () => {
    assert.equal(find(/provider must name a provider configuration/)?.line, 16);
    assert.equal(find(/lifecycle.prevent_destroy must be true or false/)?.line, 18);
  });

  it('a duplicate resource: the second block, naming the first', () => {
    const twice = load(`resource "${KEY}" "a" {\n  name = "A"\n  rules = []\n}\n\nresource "${KEY}" "a" {\n  name = "A2"\n  rules = []\n}\n`);
    const d = twice.find((x) => /Duplicate resource/.test(x.summary));
    assert.ok(d, JSON.stringify(twice));
    assert.equal(d.line, 6);
    assert.match(d.summary, /also declared at main\.tf:1/);
  });
});
