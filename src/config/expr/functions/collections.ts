/** Functions on lists and maps: building, picking, searching and reshaping. */
import { containsUnknown, isUnknown, UNKNOWN, valuesEqual, type Value } from '../../../values.js';
import { setOwn } from '../../set-own.js';
import { listArg, objectArg } from './collection-args.js';
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

const sortedKeys = (o: Record<string, Value>): string[] => Object.keys(o).sort(compareCodePoints);

function distinctValues(list: readonly Value[]): Value[] {
  const out: Value[] = [];
  for (const v of list) if (!out.some((x) => valuesEqual(x, v))) out.push(v);
  return out;
}

export const COLLECTION_FUNCTIONS: readonly FunctionDef[] = [
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
    name: 'merge',
    params: [],
    variadic: { name: 'maps', type: 'any', allowNull: true, unknown: 'nested' },
    returns: 'object',
    summary: 'The maps or objects merged into one; a later argument wins for a key several have; null arguments are skipped.',
    impl: (maps) => {
      const out: Record<string, Value> = {};
      maps.forEach((m, i) => {
        if (m === null) return;
        for (const [k, v] of Object.entries(objectArg(m, 'maps', i))) setOwn(out, k, v);
      });
      return out;
    },
  }),
  defineFunction({
    name: 'lookup',
    params: [
      { name: 'inputMap', type: 'any', unknown: 'nested' },
      { name: 'key', type: 'string' },
    ],
    variadic: { name: 'default', type: 'any', allowNull: true, unknown: 'allow', max: 1 },
    returns: 'any',
    summary: 'The value of key in the map or object, else the default; without a default a missing key is an error.',
    impl: ([m, key, ...fallback]) => {
      const map = objectArg(m!, 'inputMap', 0);
      if (Object.hasOwn(map, key as string)) return map[key as string]!;
      if (fallback.length > 0) return fallback[0]!;
      throw new FunctionError(`Invalid value for "inputMap" parameter: the given object has no attribute ${JSON.stringify(key)}`, 0);
    },
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
    name: 'keys',
    params: [{ name: 'inputMap', type: 'any', unknown: 'nested' }],
    returns: 'list(string)',
    summary: 'The keys of the map or object, sorted.',
    impl: ([m]) => sortedKeys(objectArg(m!, 'inputMap', 0)),
  }),
  defineFunction({
    name: 'values',
    params: [{ name: 'mapping', type: 'any', unknown: 'nested' }],
    returns: 'list',
    summary: 'The values of the map or object, in the order of their sorted keys.',
    impl: ([m]) => {
      const map = objectArg(m!, 'mapping', 0);
      return sortedKeys(map).map((k) => map[k]!);
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
    name: 'zipmap',
    params: [
      { name: 'keys', type: { list: 'string' } },
      { name: 'values', type: 'any', unknown: 'nested' },
    ],
    returns: 'object',
    summary: 'An object whose keys are the first list and whose values are the second, pairwise.',
    impl: ([k, v]) => {
      const keys = k as Value[];
      const values = listArg(v!, 'values', 1);
      if (keys.length !== values.length) throw new FunctionError(`number of keys (${keys.length}) does not match number of values (${values.length})`);
      const out: Record<string, Value> = {};
      keys.forEach((key, i) => {
        if (key === null) throw new FunctionError(`Invalid value for "keys" parameter: element ${i} is null; a key cannot be null`, 0);
        setOwn(out, key as string, values[i]!);
      });
      return out;
    },
  }),
  defineFunction({
    name: 'coalesce',
    params: [],
    variadic: { name: 'vals', type: 'any', allowNull: true, unknown: 'allow', min: 1 },
    returns: 'any',
    summary: 'The first argument that is neither null nor an empty string (all converted to a common type).',
    impl: (vals) => {
      const unified = unify(vals);
      if (!unified) throw new FunctionError('all arguments must have the same type');
      for (const v of unified) {
        if (isUnknown(v)) return UNKNOWN;
        if (v !== null && v !== '') return v;
      }
      throw new FunctionError('no non-null, non-empty-string arguments');
    },
  }),
  defineFunction({
    name: 'coalescelist',
    params: [],
    variadic: { name: 'vals', type: 'any', unknown: 'allow', min: 1 },
    returns: 'list',
    summary: 'The first argument that is a non-empty list.',
    impl: (vals) => {
      vals.forEach((v, i) => {
        if (!isUnknown(v)) listArg(v, 'vals', i);
      });
      for (const v of vals) {
        if (isUnknown(v)) return UNKNOWN;
        if (Array.isArray(v) && v.length > 0) return v;
      }
      throw new FunctionError('no non-null arguments');
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
    name: 'matchkeys',
    params: [
      { name: 'values', type: 'any' },
      { name: 'keys', type: 'any' },
      { name: 'searchset', type: 'any' },
    ],
    returns: 'list',
    summary: 'The elements of values whose corresponding element of keys is in searchset.',
    impl: ([v, k, s]) => {
      const values = listArg(v!, 'values', 0);
      const keys = listArg(k!, 'keys', 1);
      const search = listArg(s!, 'searchset', 2);
      if (values.length !== keys.length) throw new FunctionError('length of keys and values should be equal');
      const unified = unify([...keys, ...search]);
      if (!unified) throw new FunctionError('Invalid value for "searchset" parameter: the element types of keys and searchset must match', 2);
      const wanted = unified.slice(keys.length);
      return values.filter((_, i) => wanted.some((w) => valuesEqual(w, unified[i])));
    },
  }),
  defineFunction({
    name: 'transpose',
    params: [{ name: 'values', type: { map: { list: 'string' } } }],
    returns: 'map(list(string))',
    summary: 'A map of lists turned inside out: each string in the lists becomes a key listing the keys it appeared under.',
    impl: ([m]) => {
      const map = m as Record<string, Value[]>;
      const out: Record<string, Value[]> = {};
      for (const key of sortedKeys(map)) {
        for (const v of map[key] ?? []) {
          if (v === null) throw new FunctionError(`Invalid value for "values" parameter: element ${JSON.stringify(key)} has a null string`, 0);
          const k = v as string;
          if (!Object.hasOwn(out, k)) setOwn(out, k, []);
          out[k]!.push(key);
        }
      }
      return out;
    },
  }),
];
