/** Explicit type conversions: tostring, tonumber, tobool, tolist, toset, tomap. Null converts to null. */
import type { Value } from '../../../values.js';
import { article, ConversionError, toBoolValue, toNumberValue, toStringValue, typeName } from './convert.js';
import { defineFunction, type FunctionDef } from './define.js';
import { FunctionError } from './function-error.js';
import { setElements } from './set-order.js';
import { unify } from './unify.js';
import { setOwn } from '../../set-own.js';

const V = { name: 'v', type: 'any', allowNull: true } as const;

const primitive = (name: string, to: string, f: (v: Value) => Value): FunctionDef =>
  defineFunction({
    name,
    params: [V],
    returns: to,
    summary: `The value converted to a ${to}${to === 'string' ? ' (numbers and bools)' : to === 'number' ? ' (from a string like "12" or "1.5")' : ' (from "true" or "false")'}; null stays null.`,
    impl: ([v]) => {
      if (v === null) return null;
      try {
        return f(v!);
      } catch (e) {
        if (!(e instanceof ConversionError)) throw e;
        const message = e.from === 'string' && to !== 'string' ? e.message : `cannot convert ${typeName(v!)} to ${to}`;
        throw new FunctionError(`Invalid value for "v" parameter: ${message}`, 0);
      }
    },
  });

/** The elements of a list converted to one type, or an error worded for `to`. */
function unified(items: Value[], to: string): Value[] {
  const out = unify(items);
  if (!out) throw new FunctionError(`Invalid value for "v" parameter: cannot convert a list with elements of different types to ${to}`, 0);
  return out;
}

function sequence(v: Value, to: 'list' | 'set'): Value[] {
  if (!Array.isArray(v)) throw new FunctionError(`Invalid value for "v" parameter: cannot convert ${article(typeName(v))} to a ${to}`, 0);
  return unified(v, to === 'list' ? 'a list of one type' : 'a set of one type');
}

export const CONVERSION_FUNCTIONS: readonly FunctionDef[] = [
  primitive('tostring', 'string', toStringValue),
  primitive('tonumber', 'number', toNumberValue),
  primitive('tobool', 'bool', toBoolValue),
  defineFunction({
    name: 'tolist',
    params: [{ ...V, unknown: 'nested' }],
    returns: 'list',
    summary: 'The list with its elements converted to one type (mixed primitives become strings); null stays null.',
    impl: ([v]) => (v === null ? null : sequence(v!, 'list')),
  }),
  defineFunction({
    name: 'toset',
    params: [{ ...V, unknown: 'nested' }],
    returns: 'set',
    summary: 'The list as a set: one type, no duplicates, in set order (strings sorted, numbers ascending); null stays null.',
    impl: ([v]) => {
      if (v === null) return null;
      return setElements(sequence(v!, 'set'));
    },
  }),
  defineFunction({
    name: 'tomap',
    params: [{ ...V, unknown: 'nested' }],
    returns: 'map',
    summary: 'The object as a map: its values converted to one type; null stays null.',
    impl: ([v]) => {
      if (v === null) return null;
      if (typeName(v!) !== 'object') throw new FunctionError(`Invalid value for "v" parameter: cannot convert ${article(typeName(v!))} to a map`, 0);
      const entries = Object.entries(v as Record<string, Value>);
      const values = unify(entries.map(([, x]) => x));
      if (!values) throw new FunctionError('Invalid value for "v" parameter: cannot convert an object with values of different types to a map of one type', 0);
      const out: Record<string, Value> = {};
      entries.forEach(([k], i) => setOwn(out, k, values[i]!));
      return out;
    },
  }),
];
