/**
 * Variable type constraints: parsed from the `type` argument (`string`, `list(string)`, `map(object({ … }))`,
 * `optional(T, default)` inside objects) and applied to values with Terraform's conversions: "5" becomes 5 for
 * a number, 5 becomes "5" for a string, a set is de-duplicated and ordered, an object drops attributes its
 * type does not declare and fills optional ones.
 */
import { isUnknown, valuesEqual, type Value } from '../values.js';
import type { Node } from './expr/ast.js';
import { parseExpression } from './expr/parser.js';
import { article, typeName } from './expr/functions/convert.js';
import { tokenize } from './expr/tokenizer.js';
import { attrPath, indexPath } from './paths.js';
import type { TypeConstraint } from './types.js';

export const ANY: TypeConstraint = { kind: 'any' };

/** Parses a type expression (JSON syntax writes it as a string, HCL through hcl2json as "${…}"). */
export function parseTypeConstraint(text: string): { type: TypeConstraint } | { error: string } {
  const inner = /^\$\{([\s\S]*)\}$/.exec(text.trim())?.[1] ?? text;
  const tokens = tokenize(inner, 0, 'whole');
  if (tokens.problem) return { error: tokens.problem.summary };
  const parsed = parseExpression(tokens.tokens, inner);
  if ('problem' in parsed) return { error: parsed.problem.summary };
  try {
    return { type: fromNode(parsed.node, false) };
  } catch (e) {
    if (e instanceof TypeSyntax) return { error: e.message };
    throw e;
  }
}

class TypeSyntax extends Error {}

const PRIMITIVES = new Set(['any', 'string', 'number', 'bool']);
const COLLECTIONS = new Set(['list', 'set', 'map']);

function fromNode(n: Node, inObject: boolean): TypeConstraint {
  if (n.kind === 'traversal' && n.traversal.steps.length === 0) {
    const name = n.traversal.root;
    if (PRIMITIVES.has(name)) return { kind: name as 'any' };
    if (COLLECTIONS.has(name) || name === 'object' || name === 'tuple') throw new TypeSyntax(`The type ${name} needs its element type: ${name === 'object' ? 'object({ name = string })' : name === 'tuple' ? 'tuple([string, number])' : `${name}(string)`}`);
    throw new TypeSyntax(`Unknown type "${name}": expected string, number, bool, any, list(…), set(…), map(…), object({…}) or tuple([…])`);
  }
  if (n.kind === 'call') {
    const [arg, ...rest] = n.args;
    if (COLLECTIONS.has(n.name)) {
      if (!arg || rest.length > 0) throw new TypeSyntax(`${n.name}(…) takes exactly one element type, like ${n.name}(string)`);
      return { kind: n.name as 'list', element: fromNode(arg, false) };
    }
    if (n.name === 'tuple') {
      if (arg?.kind !== 'tuple' || rest.length > 0) throw new TypeSyntax('tuple(…) takes a list of element types, like tuple([string, number])');
      return { kind: 'tuple', elements: arg.items.map((i) => fromNode(i, false)) };
    }
    if (n.name === 'object') {
      if (arg?.kind !== 'object' || rest.length > 0) throw new TypeSyntax('object(…) takes an object of attribute types, like object({ name = string })');
      const attributes = new Map<string, { type: TypeConstraint; optional: boolean; default?: Value }>();
      for (const item of arg.items) {
        const key = item.key.kind === 'literal' && typeof item.key.value === 'string' ? item.key.value : item.key.kind === 'traversal' && item.key.traversal.steps.length === 0 ? item.key.traversal.root : undefined;
        if (key === undefined) throw new TypeSyntax('Object type attribute names must be plain names');
        if (attributes.has(key)) throw new TypeSyntax(`Attribute "${key}" is declared twice in the object type`);
        attributes.set(key, attributeType(item.value));
      }
      return { kind: 'object', attributes };
    }
    if (n.name === 'optional') throw new TypeSyntax(inObject ? 'optional(…) is allowed only directly as an object attribute type' : 'optional(…) is allowed only for attributes of an object type');
    throw new TypeSyntax(`Unknown type constructor "${n.name}(…)": expected list, set, map, object or tuple`);
  }
  throw new TypeSyntax('A type is written as string, number, bool, any, list(T), set(T), map(T), object({…}) or tuple([…])');
}

function attributeType(n: Node): { type: TypeConstraint; optional: boolean; default?: Value } {
  if (n.kind !== 'call' || n.name !== 'optional') return { type: fromNode(n, true), optional: false };
  const [t, d, ...rest] = n.args;
  if (!t || rest.length > 0) throw new TypeSyntax('optional(…) takes a type and, optionally, a default: optional(string, "x")');
  const out: { type: TypeConstraint; optional: boolean; default?: Value } = { type: fromNode(t, false), optional: true };
  if (d) {
    const value = literalValue(d);
    if (value === undefined) throw new TypeSyntax('The default of optional(…) must be a literal value');
    const converted = convertValue(value.v, out.type, 'default');
    if ('error' in converted) throw new TypeSyntax(`The default of optional(…) does not fit its type: ${converted.error}`);
    out.default = converted.value;
  }
  return out;
}

function literalValue(n: Node): { v: Value } | undefined {
  if (n.kind === 'literal') return { v: n.value };
  if (n.kind === 'tuple') {
    const items: Value[] = [];
    for (const i of n.items) {
      const v = literalValue(i);
      if (!v) return undefined;
      items.push(v.v);
    }
    return { v: items };
  }
  if (n.kind === 'object') {
    const out: Record<string, Value> = {};
    for (const item of n.items) {
      const k = item.key.kind === 'literal' ? item.key.value : item.key.kind === 'traversal' && item.key.traversal.steps.length === 0 ? item.key.traversal.root : undefined;
      const v = literalValue(item.value);
      if (typeof k !== 'string' || !v) return undefined;
      out[k] = v.v;
    }
    return { v: out };
  }
  return undefined;
}

/** The type as Terraform writes it: `list(string)`, `object({name=string})`. */
export function typeText(t: TypeConstraint): string {
  switch (t.kind) {
    case 'list':
    case 'set':
    case 'map':
      return `${t.kind}(${typeText(t.element)})`;
    case 'tuple':
      return `tuple([${t.elements.map(typeText).join(', ')}])`;
    case 'object':
      return `object({${[...t.attributes].map(([k, a]) => `${k}=${a.optional ? `optional(${typeText(a.type)})` : typeText(a.type)}`).join(', ')}})`;
    default:
      return t.kind;
  }
}

/** True for the types whose CLI and environment values are written as HCL expressions rather than raw strings. */
export const isComplex = (t: TypeConstraint): boolean => t.kind !== 'string' && t.kind !== 'number' && t.kind !== 'bool' && t.kind !== 'any';

const describe = (v: Value): string => article(typeName(v));

/**
 * `value` converted to `type`, or why it cannot be (`path` names the place inside the value, for messages).
 * Null converts to any type (the caller decides whether null is allowed); unknown stays unknown.
 */
export function convertValue(value: Value, type: TypeConstraint, path = ''): { value: Value } | { error: string } {
  const where = path === '' ? '' : ` at ${path}`;
  const fail = (expected: string) => ({ error: `${expected} is required${where}, found ${describe(value)}${typeof value === 'string' ? ` ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}` : ''}` });
  if (value === null || isUnknown(value) || type.kind === 'any') return { value };
  switch (type.kind) {
    case 'string':
      if (typeof value === 'string') return { value };
      if (typeof value === 'number' || typeof value === 'boolean') return { value: String(value) };
      return fail('a string');
    case 'number':
      if (typeof value === 'number') return { value };
      if (typeof value === 'string' && /^\s*-?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?\s*$/.test(value)) return { value: Number(value) };
      return fail('a number');
    case 'bool':
      if (typeof value === 'boolean') return { value };
      if (value === 'true' || value === 'false') return { value: value === 'true' };
      return fail('a bool');
    case 'list':
    case 'set': {
      if (!Array.isArray(value)) return fail(`a ${type.kind}`);
      const out: Value[] = [];
      for (let i = 0; i < value.length; i++) {
        const r = convertValue(value[i]!, type.element, indexPath(path, i));
        if ('error' in r) return r;
        out.push(r.value);
      }
      return { value: type.kind === 'set' ? setOf(out) : out };
    }
    case 'map': {
      if (typeof value !== 'object' || Array.isArray(value)) return fail('a map');
      const out: Record<string, Value> = {};
      for (const k of Object.keys(value).sort()) {
        const r = convertValue((value as Record<string, Value>)[k]!, type.element, attrPath(path, k));
        if ('error' in r) return r;
        out[k] = r.value;
      }
      return { value: out };
    }
    case 'tuple': {
      if (!Array.isArray(value)) return fail('a tuple');
      if (value.length !== type.elements.length) return { error: `a tuple of ${type.elements.length} elements is required${where}, found ${value.length}` };
      const out: Value[] = [];
      for (let i = 0; i < value.length; i++) {
        const r = convertValue(value[i]!, type.elements[i]!, indexPath(path, i));
        if ('error' in r) return r;
        out.push(r.value);
      }
      return { value: out };
    }
    case 'object': {
      if (typeof value !== 'object' || Array.isArray(value)) return fail('an object');
      const v = value as Record<string, Value>;
      const out: Record<string, Value> = {};
      for (const [k, a] of type.attributes) {
        const present = Object.hasOwn(v, k) && v[k] !== null;
        if (!present) {
          if (!a.optional && !Object.hasOwn(v, k)) return { error: `attribute "${k}" is required${where}` };
          out[k] = a.default ?? null;
          continue;
        }
        const r = convertValue(v[k]!, a.type, attrPath(path, k));
        if ('error' in r) return r;
        out[k] = r.value;
      }
      return { value: out };
    }
  }
}

/** A set as keyform holds it: a list without repeats, strings in lexical order and numbers ascending. */
function setOf(items: Value[]): Value[] {
  const out: Value[] = [];
  for (const item of items) if (!out.some((x) => valuesEqual(x, item))) out.push(item);
  if (out.every((x) => typeof x === 'string')) return (out as string[]).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (out.every((x) => typeof x === 'number')) return (out as number[]).sort((a, b) => a - b);
  return out;
}
