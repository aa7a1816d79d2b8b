/**
 * Configured values checked against the JSON Schemas generated from the provider schema
 * (schemas/provider-config.schema.json, by scripts/generate-config-schema.mjs; precompiled by Ajv into
 * src/json-schema-validators.ts): types without implicit conversion, required and computed-only attributes, unknown
 * names, and the API's value rules. Ajv finds every problem (allErrors); this module says each one as a diagnostic
 * does: the attribute path (`rules[1].action` for ajv's `/rules/1/action`), what was expected and what was found,
 * "did you mean …" for an unknown attribute, and the API's reason for a value it would refuse.
 *
 * A value not known yet is not judged: a problem at or under an unknown value (known only after apply, or, before
 * evaluation, a template) is dropped. `configProblems` checks configured expressions before evaluation (templates
 * are unknown, literals are checked); `valueProblems` checks evaluated values.
 */
import type { ErrorObject } from 'ajv';
import { pointerSteps, validator } from '../json-schemas.js';
import { isUnknown, UNKNOWN, type Value } from '../values.js';
import { ruleReasons, shown, type RuleReason } from './api-rules.js';
import { suggestion } from './did-you-mean.js';
import { parseTemplate } from './expr/parse-template.js';
import { attrPath, indexPath } from './paths.js';
import { describeShape, isComputedOnly, providerShape, resourceShape, type AttributeShape, type ObjectShape, type Shape } from './schema-shape.js';
import { setOwn } from './set-own.js';
import type { Expr } from './types.js';

export interface SchemaProblem {
  summary: string;
  /** The attribute path (`rules[1].action`). */
  path: string;
}

/** What is checked: the provider block or a resource type (one the provider has). */
export type SchemaTarget = { kind: 'provider' } | { kind: 'resource'; type: string };

export interface ProblemOptions {
  /** Names also suggested for an unknown top-level name (meta-arguments). */
  extraNames?: readonly string[];
  /** Top-level attributes whose values are sensitive (from a sensitive variable): never shown in a message. */
  sensitive?: readonly string[];
}

/** The problems of evaluated values (a resource instance's attributes or a provider block's settings). */
export function valueProblems(target: SchemaTarget, values: Readonly<Record<string, unknown>>, opts: ProblemOptions = {}): SchemaProblem[] {
  const definition = target.kind === 'provider' ? 'provider' : target.type;
  const validate = validator('provider-config.schema.json', `#/definitions/${definition}`);
  if (validate(values)) return [];
  const shape = target.kind === 'provider' ? providerShape() : resourceShape(target.type);
  if (!shape) throw new Error(`no schema for resource type ${definition}`);
  const reasons = ruleReasons(target.kind === 'provider' ? '' : target.type);
  const found: Array<{ problem: SchemaProblem; order: number[] }> = [];
  const seen = new Set<string>();
  for (const e of validate.errors ?? []) {
    const problem = describe(e, values, shape, reasons, opts);
    if (!problem || seen.has(`${problem.path}\n${problem.summary}`)) continue;
    seen.add(`${problem.path}\n${problem.summary}`);
    found.push({ problem, order: documentOrder(e, values) });
  }
  return found.sort((a, b) => compareOrders(a.order, b.order)).map((f) => f.problem);
}

/**
 * Where a problem is in the value, as positions (key order, index) along its path: problems are said in the order
 * of the configuration, a missing attribute after everything else in its object (an unknown one may be its misspelling).
 */
function documentOrder(e: ErrorObject, values: unknown): number[] {
  const order: number[] = [];
  let node = values;
  const position = (step: string): number => (Array.isArray(node) ? Number(step) : node !== null && typeof node === 'object' ? Object.keys(node).indexOf(step) : 0);
  for (const step of pointerSteps(e.instancePath)) {
    order.push(position(step));
    node = (node as Record<string, unknown>)[step];
  }
  if (e.keyword === 'required') order.push(Infinity);
  else if (e.keyword === 'additionalProperties') order.push(position((e.params as { additionalProperty: string }).additionalProperty));
  return order;
}

function compareOrders(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! < b[i]! ? -1 : 1;
  return a.length - b.length;
}

/** Configurations checked by configProblems that hold no template: evaluated, they give exactly what was checked. */
const checkedAsWritten = new WeakSet<object>();

/** The problems of configured expressions before evaluation: literals are checked, templates wait for their value. */
export function configProblems(target: SchemaTarget, config: Readonly<Record<string, Expr>>, opts: ProblemOptions = {}): SchemaProblem[] {
  const view = literalView(config);
  if (view === config) checkedAsWritten.add(config);
  return valueProblems(target, view as Record<string, unknown>, opts);
}

/** Whether the evaluated values of `config` need checking: not when configProblems saw all of them as written. */
export const needsValueCheck = (config: object): boolean => !checkedAsWritten.has(config);

/**
 * The configured expression as far as it is known: a template is unknown, a literal string its text (escapes
 * resolved). Copies only what changes.
 */
function literalView(e: unknown): unknown {
  if (typeof e === 'string') return parseTemplate(e).literal ?? UNKNOWN;
  if (Array.isArray(e)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < e.length; i++) {
      const v = literalView(e[i]);
      if (v !== e[i]) (out ??= e.slice())[i] = v;
    }
    return out ?? e;
  }
  if (e !== null && typeof e === 'object' && !isUnknown(e)) {
    let out: Record<string, unknown> | undefined;
    for (const k of Object.keys(e)) {
      const x = (e as Record<string, unknown>)[k];
      const v = literalView(x);
      if (v !== x) setOwn((out ??= { ...(e as Record<string, unknown>) }), k, v);
    }
    return out ?? e;
  }
  return e;
}

/** Where an error points: ajv's instancePath walked through the value and the schema shape together. */
interface Place {
  path: string;
  /** The schema path (`rules[].action`: `[]` for any element), which rule reasons are keyed by. */
  rulePath: string;
  value: unknown;
  shape: Shape;
  /** The attribute the last step named, when it was an object's attribute. */
  attribute?: AttributeShape;
  /** The attribute's name, or the list's name for an element (`resources` for `resources[0]`). */
  name: string;
  /** Whether an attribute on the way is sensitive in the schema or `sensitive` (top level). */
  sensitive: boolean;
}

function locate(instancePath: string, values: unknown, top: ObjectShape, sensitive: readonly string[]): Place | undefined {
  const place: Place = { path: '', rulePath: '', value: values, shape: top, name: '', sensitive: false };
  for (const step of pointerSteps(instancePath)) {
    if (isUnknown(place.value)) return undefined; // not known yet: not judged
    const shape = place.shape;
    if (shape.kind === 'object') {
      const attribute = shape.attributes.get(step);
      if (!attribute) return undefined;
      place.sensitive ||= attribute.sensitive || (place.path === '' && sensitive.includes(step));
      place.path = attrPath(place.path, step);
      place.rulePath = place.rulePath === '' ? step : `${place.rulePath}.${step}`;
      place.value = (place.value as Record<string, unknown>)[step];
      place.shape = attribute.shape;
      place.attribute = attribute;
      place.name = step;
    } else if (shape.kind === 'list' || shape.kind === 'set' || shape.kind === 'map') {
      place.path = shape.kind === 'map' ? attrPath(place.path, step) : indexPath(place.path, Number(step));
      place.rulePath += '[]';
      place.value = shape.kind === 'map' ? (place.value as Record<string, unknown>)[step] : (place.value as unknown[])[Number(step)];
      place.shape = shape.element;
      delete place.attribute;
    } else return undefined;
  }
  return isUnknown(place.value) ? undefined : place;
}

function describe(e: ErrorObject, values: unknown, top: ObjectShape, reasons: ReadonlyMap<string, RuleReason>, opts: ProblemOptions): SchemaProblem | undefined {
  const place = locate(e.instancePath, values, top, opts.sensitive ?? []);
  if (!place) return undefined;
  const { path, value, shape } = place;
  const where = path === '' ? '' : ` in ${path}`;
  switch (e.keyword) {
    case 'required': {
      const name = (e.params as { missingProperty: string }).missingProperty;
      return { summary: `Missing required attribute "${name}"${where}`, path: attrPath(path, name) };
    }
    case 'additionalProperties': {
      const name = (e.params as { additionalProperty: string }).additionalProperty;
      const settable = shape.kind === 'object' ? shape.settable : [];
      return { summary: `Unknown attribute "${name}"${where}${suggestion(name, path === '' ? [...settable, ...(opts.extraNames ?? [])] : settable)}`, path: attrPath(path, name) };
    }
    case 'type': {
      if (place.attribute && isComputedOnly(place.attribute)) return { summary: `"${place.name}" is computed by the provider and cannot be set`, path };
      if (value === null && place.attribute?.required) return { summary: `Attribute "${place.name}" is required and cannot be null`, path };
      const hint = (shape.kind === 'list' || shape.kind === 'set') && isObject(value) ? ' (write one object as a list of one: [{…}])' : '';
      return { summary: `Wrong type for ${path}: expected ${describeShape(shape)}, found ${describeValue(value as Value)}${hint}`, path };
    }
    default: {
      // A value rule (pattern, length, enum): the API's reason when known, else what the schema says. A
      // sensitive value is not shown, nor a reason that may quote it.
      const label = place.rulePath.endsWith('[]') ? place.name.replace(/s$/, '') : place.name;
      const reason = reasons.get(place.rulePath);
      if (place.sensitive) return { summary: `Invalid ${label} (sensitive value): ${reason?.rule ?? 'it breaks a rule of the provider schema'}`, path };
      const why = (typeof value === 'string' ? reason?.why?.(value) : undefined) ?? reason?.rule ?? e.message ?? 'is not valid';
      return { summary: `Invalid ${label} ${typeof value === 'string' ? shown(value) : JSON.stringify(value)}: ${why}`, path };
    }
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v) && !isUnknown(v);

/** `a string`, `a number`, … */
function describeValue(v: Value): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'an object';
  return typeof v === 'boolean' ? 'a bool' : `a ${typeof v}`;
}
