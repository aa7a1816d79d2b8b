/**
 * HCL's type unification for values that must share one type (the elements of a list or set, the values of a
 * map, coalesce's arguments): mixed primitives become strings when a string is among them, tuples of different
 * lengths become lists, objects with different attributes become maps. keyform's values carry no type, so the
 * type is read off the values themselves; null and unknown fit any type.
 */
import { isUnknown, type Value } from '../../../values.js';
import { toPrimitive } from './convert.js';
import { setOwn } from '../../set-own.js';

type Shape =
  | { kind: 'dynamic' }
  | { kind: 'string' | 'number' | 'bool' }
  | { kind: 'tuple'; elems: Shape[] }
  | { kind: 'list'; elem: Shape }
  | { kind: 'object'; attrs: Map<string, Shape> }
  | { kind: 'map'; elem: Shape };

const DYNAMIC: Shape = { kind: 'dynamic' };

function shapeOf(v: Value): Shape {
  if (v === null || isUnknown(v)) return DYNAMIC;
  if (Array.isArray(v)) return { kind: 'tuple', elems: v.map(shapeOf) };
  switch (typeof v) {
    case 'string':
      return { kind: 'string' };
    case 'number':
      return { kind: 'number' };
    case 'boolean':
      return { kind: 'bool' };
    default:
      return { kind: 'object', attrs: new Map(Object.entries(v).map(([k, x]) => [k, shapeOf(x)])) };
  }
}

const isPrimitive = (s: Shape): boolean => s.kind === 'string' || s.kind === 'number' || s.kind === 'bool';
const isSequence = (s: Shape): s is Extract<Shape, { kind: 'tuple' | 'list' }> => s.kind === 'tuple' || s.kind === 'list';
const isMapping = (s: Shape): s is Extract<Shape, { kind: 'object' | 'map' }> => s.kind === 'object' || s.kind === 'map';

const sequenceElems = (s: Extract<Shape, { kind: 'tuple' | 'list' }>): Shape[] => (s.kind === 'tuple' ? s.elems : [s.elem]);
const mappingElems = (s: Extract<Shape, { kind: 'object' | 'map' }>): Shape[] => (s.kind === 'object' ? [...s.attrs.values()] : [s.elem]);

/** The one shape all of `shapes` convert to, or undefined when there is none. */
function unifyShapes(shapes: Shape[]): Shape | undefined {
  const known = shapes.filter((s) => s.kind !== 'dynamic');
  const first = known[0];
  if (!first) return DYNAMIC;
  if (known.every(isPrimitive)) {
    const kinds = new Set(known.map((s) => s.kind));
    if (kinds.size === 1) return first;
    return kinds.has('string') ? { kind: 'string' } : undefined;
  }
  if (known.every(isSequence)) {
    const tuples = known.filter((s): s is Extract<Shape, { kind: 'tuple' }> => s.kind === 'tuple');
    const length = tuples[0]?.elems.length;
    if (tuples.length === known.length && tuples.every((t) => t.elems.length === length)) {
      const elems = Array.from({ length: length ?? 0 }, (_, i) => unifyShapes(tuples.map((t) => t.elems[i]!)));
      if (elems.every((e): e is Shape => e !== undefined)) return { kind: 'tuple', elems };
    }
    const elem = unifyShapes(known.flatMap(sequenceElems));
    return elem && { kind: 'list', elem };
  }
  if (known.every(isMapping)) {
    const objects = known.filter((s): s is Extract<Shape, { kind: 'object' }> => s.kind === 'object');
    const keysOf = (o: Extract<Shape, { kind: 'object' }>): string => JSON.stringify([...o.attrs.keys()].sort());
    const keys = objects[0] && keysOf(objects[0]);
    if (objects.length === known.length && objects.every((o) => keysOf(o) === keys)) {
      const attrs = new Map<string, Shape>();
      let ok = true;
      for (const k of objects[0]!.attrs.keys()) {
        const s = unifyShapes(objects.map((o) => o.attrs.get(k)!));
        if (s) attrs.set(k, s);
        else ok = false;
      }
      if (ok) return { kind: 'object', attrs };
    }
    const elem = unifyShapes(known.flatMap(mappingElems));
    return elem && { kind: 'map', elem };
  }
  return undefined;
}

function convertTo(v: Value, s: Shape): Value {
  if (v === null || isUnknown(v) || s.kind === 'dynamic') return v;
  switch (s.kind) {
    case 'string':
    case 'number':
    case 'bool':
      return toPrimitive(v, s.kind);
    case 'tuple':
      return (v as Value[]).map((x, i) => convertTo(x, s.elems[i]!));
    case 'list':
      return (v as Value[]).map((x) => convertTo(x, s.elem));
    default: {
      const out: Record<string, Value> = {};
      for (const [k, x] of Object.entries(v as Record<string, Value>)) setOwn(out, k, convertTo(x, s.kind === 'map' ? s.elem : s.attrs.get(k)!));
      return out;
    }
  }
}

/** `values` converted to their common type, or undefined when they have none (a number and a bool, a list and a string). */
export function unify(values: readonly Value[]): Value[] | undefined {
  const shape = unifyShapes(values.map(shapeOf));
  return shape && values.map((v) => convertTo(v, shape));
}
