/** Functions on lists: measuring, joining, picking, searching, ordering and reshaping. */
import { containsUnknown, isUnknown, UNKNOWN, valuesEqual, type Value } from '../../../values.js';
import { listArg } from './collection-args.js';
import { article, typeName } from './convert.js';
import { defineFunction, type FunctionDef } from './define.js';
import { FunctionError } from './function-error.js';
import { graphemeCount } from './graphemes.js';
import { compareCodePoints } from './set-order.js';
import { unify } from './unify.js';
import { wholeNumber } from './whole-number.js';

function flattenInto(out: Value[], list: readonly Value[]): boolean {
  for (const v of list) {
    if (isUnknown(v)) return false; // it may be a list: the length of the result is not known
    if (Array.isArray(v)) {
      if (!flattenInto(out, v)) return false;
    } else out.push(v);
  }
  return true;
}

function distinctValues(list: readonly Value[]): Value[] {
  const out: Value[] = [];
  for (const v of list) if (!out.some((x) => valuesEqual(x, v))) out.push(v);
  return out;
}

export const LIST_FUNCTIONS: readonly FunctionDef[] = [
  defineFunction({
    name: 'length',
    params: [{ name: 'value', type: 'any', unknown: 'nested' }],
    returns: 'number',
    summary: 'The number of elements of a list or object, or of characters (grapheme clusters) of a string.',
    impl: ([v]) => {
      if (typeof v === 'string') return graphemeCount(v);
      if (Array.isArray(v)) return v.length;
      if (typeName(v!) === 'object') return Object.keys(v as object).length;
      throw new FunctionError(`Invalid value for "value" parameter: a string, list or object is required, not ${article(typeName(v!))}`, 0);
    },
  }),
  defineFunction({
    name: 'concat',
    params: [],
    variadic: { name: 'seqs', type: 'any', unknown: 'nested', min: 1 },
    returns: 'list',
    summary: 'The lists joined one after the other into one list.',
    impl: (seqs) => seqs.flatMap((s, i) => listArg(s, 'seqs', i)),
  }),
  defineFunction({
    name: 'contains',
    params: [
      { name: 'list', type: 'any', unknown: 'nested' },
      { name: 'value', type: 'any' },
    ],
    returns: 'bool',
    summary: 'Whether the list has an element equal to value (no type conversion: "1" is not 1).',
    impl: ([list, value]) => {
      const items = listArg(list!, 'list', 0);
      if (items.some((x) => valuesEqual(x, value))) return true;
      return items.some(containsUnknown) ? UNKNOWN : false;
    },
  }),
  defineFunction({
    name: 'distinct',
    params: [{ name: 'list', type: { list: 'any' } }],
    returns: 'list',
    summary: 'The list without repeated elements, each kept where it first appears.',
    impl: ([list]) => distinctValues(list as Value[]),
  }),
  defineFunction({
    name: 'flatten',
    params: [{ name: 'list', type: 'any', unknown: 'nested' }],
    returns: 'list',
    summary: 'The list with nested lists replaced by their elements, recursively.',
    impl: ([list]) => {
      const out: Value[] = [];
      return flattenInto(out, listArg(list!, 'list', 0)) ? out : UNKNOWN;
    },
  }),
  defineFunction({
    name: 'element',
    params: [
      { name: 'list', type: 'any', unknown: 'nested' },
      { name: 'index', type: 'number' },
    ],
    returns: 'any',
    summary: 'The element at index, wrapping around past the end (index modulo length).',
    impl: ([l, i]) => {
      const list = listArg(l!, 'list', 0);
      const index = wholeNumber(i as number, 'index', 1);
      if (list.length === 0) throw new FunctionError('cannot use element function with an empty list', 0);
      if (index < 0) throw new FunctionError('Invalid value for "index" parameter: cannot use element function with a negative index', 1);
      return list[index % list.length]!;
    },
  }),
  defineFunction({
    name: 'index',
    params: [
      { name: 'list', type: 'any' },
      { name: 'value', type: 'any', allowNull: true },
    ],
    returns: 'number',
    summary: 'The index of the first element equal to value (after converting both to a common type).',
    impl: ([l, value]) => {
      const list = listArg(l!, 'list', 0);
      const unified = unify([value!, ...list]) ?? [value!, ...list];
      const at = unified.slice(1).findIndex((x) => valuesEqual(x, unified[0]) || (x === null && unified[0] === null));
      if (at < 0) throw new FunctionError('item not found');
      return at;
    },
  }),
  defineFunction({
    name: 'slice',
    params: [
      { name: 'list', type: 'any', unknown: 'nested' },
      { name: 'start_index', type: 'number' },
      { name: 'end_index', type: 'number' },
    ],
    returns: 'list',
    summary: 'The elements from start_index up to but not including end_index.',
    impl: ([l, s, e]) => {
      const list = listArg(l!, 'list', 0);
      const start = wholeNumber(s as number, 'start_index', 1);
      const end = wholeNumber(e as number, 'end_index', 2);
      if (start < 0) throw new FunctionError('Invalid value for "start_index" parameter: start index must not be less than zero', 1);
      if (end > list.length) throw new FunctionError('Invalid value for "end_index" parameter: end index must not be greater than the length of the list', 2);
      if (start > end) throw new FunctionError('Invalid value for "start_index" parameter: start index must not be greater than end index', 1);
      return list.slice(start, end);
    },
  }),
  defineFunction({
    name: 'reverse',
    params: [{ name: 'list', type: 'any', unknown: 'nested' }],
    returns: 'list',
    summary: 'The list in reverse order.',
    impl: ([l]) => [...listArg(l!, 'list', 0)].reverse(),
  }),
  defineFunction({
    name: 'sort',
    params: [{ name: 'list', type: { list: 'string' }, unknown: 'nested' }],
    returns: 'list(string)',
    summary: 'The strings sorted lexicographically by code point (numbers are converted to strings first: "10" < "9").',
    impl: ([l]) => {
      const list = l as Value[];
      if (list.some(isUnknown)) return list.map(() => UNKNOWN); // the length is known, the order is not
      const nul = list.indexOf(null);
      if (nul >= 0) throw new FunctionError(`Invalid value for "list" parameter: element ${nul} is null; a null string cannot be sorted`, 0);
      return [...(list as string[])].sort(compareCodePoints);
    },
  }),
  defineFunction({
    name: 'compact',
    params: [{ name: 'list', type: { list: 'string' } }],
    returns: 'list(string)',
    summary: 'The list without its null and empty-string elements.',
    impl: ([l]) => (l as Value[]).filter((x) => x !== null && x !== ''),
  }),
  defineFunction({
    name: 'one',
    params: [{ name: 'list', type: 'any', unknown: 'nested' }],
    returns: 'any',
    summary: 'The only element of a list of one, or null for an empty list; longer lists are an error.',
    impl: ([l]) => {
      if (!Array.isArray(l) || l.length > 1) {
        throw new FunctionError('Invalid value for "list" parameter: must be a list, set, or tuple value with either zero or one elements', 0);
      }
      return l.length === 0 ? null : l[0]!;
    },
  }),
  defineFunction({
    name: 'chunklist',
    params: [
      { name: 'list', type: 'any', unknown: 'nested' },
      { name: 'size', type: 'number' },
    ],
    returns: 'list(list)',
    summary: 'The list cut into consecutive lists of size elements (the last may be shorter); size 0 gives the whole list as one chunk.',
    impl: ([l, s]) => {
      const list = listArg(l!, 'list', 0);
      const size = wholeNumber(s as number, 'size', 1);
      if (size < 0) throw new FunctionError('Invalid value for "size" parameter: the size argument must be positive', 1);
      if (size === 0) return [list];
      const out: Value[] = [];
      for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
      return out;
    },
  }),
  defineFunction({
    name: 'alltrue',
    params: [{ name: 'list', type: { list: 'bool' }, unknown: 'nested' }],
    returns: 'bool',
    summary: 'Whether every element is true (true for an empty list); a null element counts as false.',
    impl: ([l]) => {
      // Terraform's order: a false decides only until an unknown element has been seen
      let result: Value = true;
      for (const v of l as Value[]) {
        if (isUnknown(v)) result = UNKNOWN;
        else if (v !== true && result === true) return false;
      }
      return result;
    },
  }),
  defineFunction({
    name: 'anytrue',
    params: [{ name: 'list', type: { list: 'bool' }, unknown: 'nested' }],
    returns: 'bool',
    summary: 'Whether any element is true (false for an empty list).',
    impl: ([l]) => {
      let result: Value = false;
      for (const v of l as Value[]) {
        if (isUnknown(v)) result = UNKNOWN;
        else if (v === true) return true;
      }
      return result;
    },
  }),
];
