/**
 * The types a function parameter declares, and the conversion of an argument to one: what cty does before a
 * function sees its arguments. `list(string)` turns [1, true] into ["1", "true"]; `list(any)` unifies the
 * elements; `set(…)` also removes duplicates and puts the elements in set order; `map(…)` accepts objects.
 */
import { isUnknown, type Value } from '../../../values.js';
import { article, ConversionError, toPrimitive, typeName, type PrimitiveType } from './convert.js';
import { setElements } from './set-order.js';
import { unify } from './unify.js';
import { setOwn } from '../../set-own.js';

export type ParamType = PrimitiveType | 'any' | { list: ParamType } | { set: ParamType } | { map: ParamType };

/** `list(string)`, `map(any)`: a type as Terraform writes it. */
export function typeText(t: ParamType): string {
  if (typeof t === 'string') return t;
  if ('list' in t) return `list(${typeText(t.list)})`;
  if ('set' in t) return `set(${typeText(t.set)})`;
  return `map(${typeText(t.map)})`;
}

/** An argument that does not fit its parameter; the message says where inside the argument, if not at its top. */
export class TypeMismatch extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TypeMismatch';
  }
}

/** `element 1`, then `element 1[0]`, `element "k"["x"]` for deeper steps. */
function stepInto(path: string, key: number | string): string {
  const step = typeof key === 'number' ? String(key) : JSON.stringify(key);
  return path === '' ? `element ${step}` : `${path}[${step}]`;
}

function mismatch(path: string, v: Value, wanted: string): TypeMismatch {
  const what = article(typeName(v));
  return new TypeMismatch(path === '' ? `${wanted} is required, not ${what}` : `${path} is ${what}, ${wanted} is required`);
}

function conformPrimitive(v: Value, t: PrimitiveType, path: string): Value {
  try {
    return toPrimitive(v, t);
  } catch (e) {
    if (!(e instanceof ConversionError)) throw e;
    if (e.from === 'string' && t !== 'string') throw new TypeMismatch(path === '' ? e.message : `${path}: ${e.message}`);
    throw mismatch(path, v, article(t));
  }
}

function conformAt(v: Value, t: ParamType, path: string): Value {
  if (v === null || isUnknown(v) || t === 'any') return v;
  if (typeof t === 'string') return conformPrimitive(v, t, path);
  const at = (message: string): TypeMismatch => new TypeMismatch(path === '' ? message : `${path}: ${message}`);
  if ('map' in t) {
    if (Array.isArray(v) || typeof v !== 'object') throw mismatch(path, v, 'a map');
    const entries = Object.entries(v);
    let values: Value[] | undefined;
    if (t.map === 'any') {
      values = unify(entries.map(([, x]) => x));
      if (!values) throw at('all map elements must have the same type');
    } else values = entries.map(([k, x]) => conformAt(x, t.map, stepInto(path, k)));
    const out: Record<string, Value> = {};
    entries.forEach(([k], i) => setOwn(out, k, values[i]!));
    return out;
  }
  const elem = 'list' in t ? t.list : t.set;
  const kind = 'list' in t ? 'list' : 'set';
  if (!Array.isArray(v)) throw mismatch(path, v, `a ${kind}`);
  let items: Value[] | undefined;
  if (elem === 'any') {
    items = unify(v);
    if (!items) throw at(`all ${kind} elements must have the same type`);
  } else items = v.map((x, i) => conformAt(x, elem, stepInto(path, i)));
  return kind === 'set' ? setElements(items) : items;
}

/** `v` converted to `t`, or a TypeMismatch. Unknown values pass as any type; nulls inside collections stay null. */
export function conform(v: Value, t: ParamType): Value {
  return conformAt(v, t, '');
}
