/**
 * callFunction's answers: a value, an error with the argument at fault, or an unknown function with a
 * suggestion or the reason keyform leaves a Terraform function out. And the inventory: every function of the
 * Terraform the golden table came from is provided, deliberately omitted, or handled by the evaluator, with
 * Terraform's parameter names.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { callFunction, FUNCTIONS, LANGUAGE_FUNCTIONS, OMITTED_FUNCTIONS } from '../../../src/config/expr/functions/index.js';
import { readGolden } from './golden-file.js';

describe('callFunction', () => {
  const cases: Array<{ call: string; name: string; args: unknown[]; expected: object }> = [
    { call: 'a value', name: 'upper', args: ['abc'], expected: { value: 'ABC' } },
    { call: 'a bad argument', name: 'upper', args: [[1]], expected: { error: 'Invalid value for "str" parameter: a string is required, not a list', arg: 0 } },
    { call: 'a bad element', name: 'join', args: [',', ['a', ['b']]], expected: { error: 'Invalid value for "lists" parameter: element 1 is a list, a string is required', arg: 1 } },
    { call: 'too many arguments', name: 'lookup', args: [{}, 'a', 1, 2], expected: { error: 'Too many arguments: lookup takes 2 or 3' } },
    { call: 'too few arguments', name: 'lookup', args: [{}], expected: { error: 'Not enough arguments: lookup takes 2 or 3; "key" is missing' } },
    { call: 'a failing call', name: 'index', args: [['a'], 'b'], expected: { error: 'item not found' } },
    { call: 'a misspelt name', name: 'nme', args: [], expected: { error: 'Call to unknown function "nme"; did you mean "one"?', unknownFunction: true, suggestion: 'one' } },
    { call: 'a capitalised name', name: 'Upper', args: [], expected: { error: 'Call to unknown function "Upper"; did you mean "upper"?', unknownFunction: true, suggestion: 'upper' } },
    { call: 'a near miss', name: 'jsonencod', args: [], expected: { error: 'Call to unknown function "jsonencod"; did you mean "jsonencode"?', unknownFunction: true, suggestion: 'jsonencode' } },
    { call: 'a name far from any', name: 'frobnicate', args: [], expected: { error: 'Call to unknown function "frobnicate"', unknownFunction: true } },
  ];
  for (const c of cases) {
    it(`answers ${c.call}: ${c.name}(…)`, () => assert.deepEqual(callFunction(c.name, c.args as never), c.expected));
  }

  for (const [name, why] of [
    ['timestamp', 'changes from one run to the next'],
    ['uuid', 'changes from one run to the next'],
    ['bcrypt', 'random salt'],
    ['file', 'do not read files'],
    ['templatefile', 'do not read files'],
  ] as const) {
    it(`says why keyform leaves out ${name}`, () => {
      const r = callFunction(name, []);
      assert.ok('error' in r && r.unknownFunction === true && r.suggestion === undefined);
      assert.match(r.error, new RegExp(`^Call to unknown function "${name}": Terraform has it, but .*${why}`));
    });
  }

  for (const name of ['try', 'can']) {
    it(`points ${name} back to the evaluator`, () => {
      const r = callFunction(name, ['a']);
      assert.ok('error' in r && r.unknownFunction === true);
      assert.match(r.error, new RegExp(`^${name}\\(\\) is handled by the expression evaluator`));
    });
  }
});

describe('the function table', () => {
  const golden = readGolden();

  it('accounts for every Terraform function: provided, omitted with a reason, or part of the language', () => {
    const unaccounted = Object.keys(golden.functions).filter((n) => !FUNCTIONS.has(n) && !OMITTED_FUNCTIONS.has(n) && !LANGUAGE_FUNCTIONS.has(n));
    assert.deepEqual(unaccounted, []);
  });

  it('provides, omits or leaves to the language only functions Terraform has, each in one place', () => {
    for (const name of [...FUNCTIONS.keys(), ...OMITTED_FUNCTIONS.keys(), ...LANGUAGE_FUNCTIONS.keys()]) {
      // list and map were removed from Terraform, type exists only in terraform console: named for their notes
      assert.ok(golden.functions[name] || ['list', 'map', 'type'].includes(name), `${name} is not a Terraform ${golden.terraform} function`);
      assert.equal([FUNCTIONS.has(name), OMITTED_FUNCTIONS.has(name), LANGUAGE_FUNCTIONS.has(name)].filter(Boolean).length, 1, name);
    }
  });

  it("names the parameters as Terraform does", () => {
    for (const [name, f] of FUNCTIONS) {
      const inside = /^\w+\((.*)\) [\w()]+$/.exec(f.signature)?.[1];
      assert.ok(inside !== undefined, `signature of ${name}: ${f.signature}`);
      const names = inside === '' ? [] : inside.split(', ').map((p) => p.replace(/^\[/, '').replace(/[\s.\]].*$/, ''));
      const tf = golden.functions[name]!;
      assert.deepEqual(names, [...tf.params, ...(tf.variadic ? [tf.variadic] : [])], f.signature);
    }
  });

  it('has a one-line summary ending with a full stop for every function', () => {
    for (const f of FUNCTIONS.values()) assert.match(f.summary, /^[A-Z"a-z][^\n]*\.$/, f.name);
  });
});
