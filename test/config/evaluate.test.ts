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
  ['a whole resource (other attributes of the schema null)', '${{for k in ["name", "id", "owner"] : k => cycloid_organization_api_key.a[k]}}', { name: 'CI deploy', id: 42, owner: null }],
  ['arithmetic with HCL conversions', '${cycloid_organization_api_key.a.id * 2 + "1" - 3 / 3 % 5}', 84],
  ['comparison and logic', '${cycloid_organization_api_key.a.id >= 42 && !(1 > 2) || false}', true],
  ['equality compares types', '${[1 == "1", "a" == "a", [1] == [1], {a = 1} != {a = 2}]}', [false, true, true, true]],
  ['a conditional takes only its branch', '${cycloid_organization_api_key.a.id > 40 ? "big" : cycloid_organization_api_key.a.rules[9]}', 'big'],
  ['a splat over a list', '${cycloid_organization_api_key.a.rules[*].action}', ['organization:project:read']],
  ['a splat over null is empty', '${cycloid_organization_api_key.a.owner[*]}', []],
  ['a tuple for expression with a condition', '${[for i, r in ["a", "bb", "ccc"] : "${i}:${upper(r)}" if length(r) > 1]}', ['1:BB', '2:CCC']],
  ['an object for expression walks keys in order', '${{for k, v in {b = 2, a = 1} : v => k}}', { '1': 'a', '2': 'b' }],
  ['grouping with ...', '${{for s in ["ax", "ay", "bz"] : substr(s, 0, 1) => s...}}'.replace('substr(s, 0, 1)', 's == "bz" ? "b" : "a"'), { a: ['ax', 'ay'], b: ['bz'] }],
  ['try falls back', '${try(cycloid_organization_api_key.a.rules[5].action, "none")}', 'none'],
  ['can tells', '${[can(cycloid_organization_api_key.a.rules[0]), can(cycloid_organization_api_key.a.rules[3])]}', [true, false]],
  ['an index by an expression', '${["x", "y"][cycloid_organization_api_key.a.id - 41]}', 'y'],
  ['a function', '${upper(cycloid_organization_api_key.a.name)}', 'CI DEPLOY'],
  ['an if directive', 'key %{ if cycloid_organization_api_key.a.id > 40 }big%{ else }small%{ endif }!', 'key big!'],
  ['an if directive without else', '[%{ if false }x%{ endif }]', '[]'],
  ['a for directive with strip markers', 'rules:\n%{ for i, r in cycloid_organization_api_key.a.rules ~}\n- ${i}: ${r.action}\n%{ endfor ~}\ndone', 'rules:\n- 0: organization:project:read\ndone'],
  ['a for directive of numbers stays text', '%{ for n in [1, 2] }${n}%{ endfor }', '12'],
  ['nested directives', '%{ for x in ["a", "b", "c"] }%{ if x != "b" }${upper(x)}%{ endif }%{ endfor }', 'AC'],
  ['a function with an expanded list', '${format("%s-%s", ["a", "b"]...)}', 'a-b'],
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
    ['an operator on an unknown value', '${cycloid_organization_api_key.u.canonical == "x" ? 1 : 2}'],
    ['a for over an unknown list', '${[for r in cycloid_organization_api_key.u.rules : r.action]}'],
    ['a function of an unknown value', '${upper(cycloid_organization_api_key.a.token)}'],
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
    ['an unknown function', '${uppr(cycloid_organization_api_key.a.name)}', /^Call to unknown function "uppr"/],
    ['arithmetic on a word', '${cycloid_organization_api_key.a.name + 1}', /^Invalid value for the left operand of "\+": /],
    ['division by zero', '${cycloid_organization_api_key.a.id / 0}', /^Division by zero$/],
    ['a condition that is not a bool', '${cycloid_organization_api_key.a.name ? 1 : 2}', /^Invalid value for the condition/],
    ['a for over a string', '${[for x in cycloid_organization_api_key.a.name : x]}', /needs a list or an object to iterate over, not a string/],
    ['a duplicate key in a for', '${{for x in ["a", "a"] : x => 1}}', /^Duplicate object key "a" in the for expression$/],
    ['try with nothing that works', '${try(cycloid_organization_api_key.a.rules[7], cycloid_organization_api_key.a.nope)}', /^No argument of try\(\) could be evaluated$/],
    ['an unclosed directive', '%{ if true }x', /^Invalid template .*Unclosed %\{ if \} directive/],
    ['an else without if', 'x%{ else }y', /^Invalid template .*%\{ else \} without an open %\{ if \}/],
    ['an unknown directive', '%{ while true }x%{ endwhile }', /Unknown template directive "%\{ while \}"/],
    ['a syntax error', '${cycloid_organization_api_key.a.}', /^Invalid template .*attribute name/],
    ['a list in a string', 'x ${cycloid_organization_api_key.a.rules}', /Cannot include a list in a string template/],
    ['null in a string', 'x ${cycloid_organization_api_key.a.owner}', /Cannot include null/],
    ['a variable outside a module', '${var.env}', /^Cannot use var.env here$/],
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
