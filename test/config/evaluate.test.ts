/** evaluate(): templates against a scope — types kept, strings built, unknowns spread, problems never silent. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evaluate } from '../../src/config/evaluate.js';
import { addressScope } from '../../src/config/scopes.js';
import type { Expr } from '../../src/config/types.js';
import { isUnknown, UNKNOWN, type Value, type Values } from '../../src/values.js';

const objects: Record<string, Values> = {
  'cycloid_organization_api_key.a': {
    name: 'CI deploy',
    canonical: 'ci-deploy',
    id: 42,
    token: UNKNOWN,
    rules: [{ action: 'organization:project:read', effect: 'allow', resources: ['x', 'y'] }],
    owner: null,
  },
  'cycloid_organization_api_key.u': { canonical: UNKNOWN, rules: UNKNOWN },
};
const scope = addressScope((address) => (Object.hasOwn(objects, address) ? objects[address] : undefined));

const known: Array<[string, Expr, Value]> = [
  ['a plain string', 'hello', 'hello'],
  ['a number', 5, 5],
  ['a bool', true, true],
  ['null', null, null],
  ['an escaped ${', 'a $${b}', 'a ${b}'],
  ['a single interpolation keeps a number', '${cycloid_organization_api_key.a.id}', 42],
  ['a single interpolation keeps a list', '${cycloid_organization_api_key.a.rules[0].resources}', ['x', 'y']],
  ['a single interpolation of a string', '${cycloid_organization_api_key.a.canonical}', 'ci-deploy'],
  ['text and interpolation make a string', 'key ${cycloid_organization_api_key.a.canonical} #${cycloid_organization_api_key.a.id}', 'key ci-deploy #42'],
  ['an index by string', '${cycloid_organization_api_key.a["name"]}', 'CI deploy'],
  ['a legacy numeric step', '${cycloid_organization_api_key.a.rules.0.action}', 'organization:project:read'],
  ['a nested quoted template', '${"<${cycloid_organization_api_key.a.id}>"}', '<42>'],
  ['a tuple constructor', '${[1, "a", cycloid_organization_api_key.a.id]}', [1, 'a', 42]],
  ['an object constructor', '${{k = cycloid_organization_api_key.a.canonical}}', { k: 'ci-deploy' }],
  ['a whole resource', '${cycloid_organization_api_key.a}', objects['cycloid_organization_api_key.a']!],
  ['nested arrays and objects', { list: ['${cycloid_organization_api_key.a.id}', { deep: 'n=${cycloid_organization_api_key.a.id}' }] }, { list: [42, { deep: 'n=42' }] }],
  ['strip markers', 'a  ${~ cycloid_organization_api_key.a.id ~}  b', 'a42b'],
  ['a bool in a string', 'x=${true}', 'x=true'],
];

describe('evaluate: known values', () => {
  for (const [title, expr, expected] of known) {
    it(title, () => {
      const { value, diagnostics } = evaluate(expr, scope);
      assert.deepEqual(diagnostics, []);
      assert.deepEqual(value, expected);
    });
  }
});

describe('evaluate: unknown values', () => {
  const unknown: Array<[string, Expr]> = [
    ['an unknown attribute', '${cycloid_organization_api_key.a.token}'],
    ['text with an unknown part', 'token: ${cycloid_organization_api_key.a.token}'],
    ['attribute access on an unknown value', '${cycloid_organization_api_key.u.rules[0].action}'],
  ];
  for (const [title, expr] of unknown) {
    it(title, () => {
      const { value, diagnostics } = evaluate(expr, scope);
      assert.deepEqual(diagnostics, []);
      assert.ok(isUnknown(value));
    });
  }
  it('keeps known parts of a list around an unknown element', () => {
    const { value } = evaluate(['${cycloid_organization_api_key.a.id}', '${cycloid_organization_api_key.a.token}'], scope);
    assert.ok(Array.isArray(value));
    assert.equal(value[0], 42);
    assert.ok(isUnknown(value[1]));
  });
});

describe('evaluate: problems', () => {
  const bad: Array<[string, string, RegExp]> = [
    ['an undeclared resource', '${cycloid_organization_api_key.zz.name}', /Reference to undeclared resource "cycloid_organization_api_key.zz"/],
    ['a missing attribute', '${cycloid_organization_api_key.a.nope}', /has no attribute "nope"/],
    ['an index out of range', '${cycloid_organization_api_key.a.rules[3]}', /Index 3 is out of range/],
    ['an attribute of null', '${cycloid_organization_api_key.a.owner.name}', /it is null/],
    ['a function', '${upper(cycloid_organization_api_key.a.name)}', /^Functions are not supported yet: upper\(\)$/],
    ['an operator', '${cycloid_organization_api_key.a.id + 1}', /^Expression not supported: the "\+" operator$/],
    ['a directive', '%{ if true }x%{ endif }', /directives/],
    ['a syntax error', '${cycloid_organization_api_key.a.}', /^Invalid template .*attribute name/],
    ['a list in a string', 'x ${cycloid_organization_api_key.a.rules}', /Cannot include a list in a string template/],
    ['null in a string', 'x ${cycloid_organization_api_key.a.owner}', /Cannot include null/],
    ['a variable', '${var.env}', /input variables arrive with the next release/],
  ];
  for (const [title, expr, summary] of bad) {
    it(`reports ${title} and yields unknown, never a wrong value`, () => {
      const { value, diagnostics } = evaluate({ description: expr }, scope, { address: 'cycloid_organization_api_key.b' });
      assert.equal(diagnostics.length, 1, JSON.stringify(diagnostics));
      assert.match(diagnostics[0]!.summary, summary);
      assert.equal(diagnostics[0]!.path, 'description');
      assert.equal(diagnostics[0]!.address, 'cycloid_organization_api_key.b');
      assert.ok(isUnknown((value as Record<string, Value>)['description']));
    });
  }
});
