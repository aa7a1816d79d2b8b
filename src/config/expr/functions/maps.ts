/** Functions on maps and objects: merging, looking up, listing keys and values, building and turning inside out. */
import { valuesEqual, type Value } from '../../../values.js';
import { setOwn } from '../../set-own.js';
import { listArg, objectArg } from './collection-args.js';
import { defineFunction, type FunctionDef } from './define.js';
import { FunctionError } from './function-error.js';
import { compareCodePoints } from './set-order.js';
import { unify } from './unify.js';

/** Terraform lists a map's keys, and its values, in key order. */
const sortedKeys = (o: Record<string, Value>): string[] => Object.keys(o).sort(compareCodePoints);

export const MAP_FUNCTIONS: readonly FunctionDef[] = [
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
