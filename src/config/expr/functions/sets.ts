/**
 * Set functions. Arguments are lists read as sets: the elements of all of them converted to one type, without
 * duplicates, and the result in Terraform's set order (see set-order.ts).
 */
import { valuesEqual, type Value } from '../../../values.js';
import { listArg } from './collection-args.js';
import { defineFunction, type FunctionDef } from './define.js';
import { FunctionError } from './function-error.js';
import { setElements } from './set-order.js';
import { unify } from './unify.js';

/** Every argument as a set, with the element type unified across all of them. */
function asSets(args: readonly Value[], param: (i: number) => string): Value[][] {
  const lists = args.map((a, i) => listArg(a, param(i), i));
  const all = unify(lists.flat());
  if (!all) throw new FunctionError('given sets must all have compatible element types');
  let at = 0;
  return lists.map((l) => setElements(all.slice(at, (at += l.length))));
}

const has = (set: readonly Value[], v: Value): boolean => set.some((x) => valuesEqual(x, v));

function product(lists: Value[][]): Value[][] {
  return lists.reduce<Value[][]>((acc, list) => acc.flatMap((prefix) => list.map((x) => [...prefix, x])), [[]]);
}

export const SET_FUNCTIONS: readonly FunctionDef[] = [
  defineFunction({
    name: 'setunion',
    params: [{ name: 'first_set', type: 'any', unknown: 'nested' }],
    variadic: { name: 'other_sets', type: 'any', unknown: 'nested' },
    returns: 'set',
    summary: 'The elements in any of the sets.',
    impl: (args) => setElements(asSets(args, (i) => (i === 0 ? 'first_set' : 'other_sets')).flat()),
  }),
  defineFunction({
    name: 'setintersection',
    params: [{ name: 'first_set', type: 'any' }],
    variadic: { name: 'other_sets', type: 'any' },
    returns: 'set',
    summary: 'The elements in every one of the sets.',
    impl: (args) => {
      const [first = [], ...others] = asSets(args, (i) => (i === 0 ? 'first_set' : 'other_sets'));
      return first.filter((v) => others.every((o) => has(o, v)));
    },
  }),
  defineFunction({
    name: 'setsubtract',
    params: [
      { name: 'a', type: 'any' },
      { name: 'b', type: 'any' },
    ],
    returns: 'set',
    summary: 'The elements of the first set that are not in the second.',
    impl: (args) => {
      const [a = [], b = []] = asSets(args, (i) => (i === 0 ? 'a' : 'b'));
      return a.filter((v) => !has(b, v));
    },
  }),
  defineFunction({
    name: 'setproduct',
    params: [],
    variadic: { name: 'sets', type: 'any', min: 2 },
    returns: 'list(list)',
    summary: 'Every combination of one element from each argument, in order.',
    impl: (args) => product(args.map((a, i) => listArg(a, 'sets', i))),
  }),
];
