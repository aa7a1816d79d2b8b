/**
 * The provider schema's attribute types as shapes code can walk: primitives, lists, sets, maps and objects (nested
 * attributes become objects with their own required/optional/computed flags). The checks themselves are JSON Schemas
 * (check-schema.ts); shapes name what was expected in their messages, and what references may reach.
 */
import { providerBlock, resourceSchema, resourceTypes, type AttributeSchema, type BlockSchema, type TypeSpec } from '../provider/schema.js';

export interface AttributeShape {
  shape: Shape;
  required: boolean;
  optional: boolean;
  computed: boolean;
  sensitive: boolean;
}

export type Shape =
  | { kind: 'string' | 'number' | 'bool' | 'dynamic' }
  | { kind: 'list' | 'set' | 'map'; element: Shape }
  | { kind: 'object'; attributes: ReadonlyMap<string, AttributeShape>; settable: readonly string[] };

export type ObjectShape = Extract<Shape, { kind: 'object' }>;

const DYNAMIC: Shape = { kind: 'dynamic' };

function typeShape(spec: TypeSpec): Shape {
  if (typeof spec === 'string') return spec === 'string' || spec === 'number' || spec === 'bool' ? { kind: spec } : DYNAMIC;
  const [kind, inner] = spec;
  if (kind === 'list' || kind === 'set' || kind === 'map') return { kind, element: typeShape(inner as TypeSpec) };
  if (kind === 'object' && typeof inner === 'object' && !Array.isArray(inner)) {
    const attributes = new Map<string, AttributeShape>();
    for (const [k, t] of Object.entries(inner)) attributes.set(k, { shape: typeShape(t), required: true, optional: false, computed: false, sensitive: false });
    return objectShape(attributes);
  }
  return DYNAMIC;
}

function attributeShape(a: AttributeSchema): AttributeShape {
  let shape: Shape = DYNAMIC;
  if (a.nested_type) {
    const object = attributesShape(a.nested_type.attributes);
    const mode = a.nested_type.nesting_mode;
    shape = mode === 'single' ? object : { kind: mode, element: object };
  } else if (a.type !== undefined) shape = typeShape(a.type);
  return { shape, required: a.required === true, optional: a.optional === true, computed: a.computed === true, sensitive: a.sensitive === true };
}

function attributesShape(attributes: Record<string, AttributeSchema>): ObjectShape {
  const out = new Map<string, AttributeShape>();
  for (const [k, a] of Object.entries(attributes)) out.set(k, attributeShape(a));
  return objectShape(out);
}

function objectShape(attributes: Map<string, AttributeShape>): ObjectShape {
  const names = [...attributes.keys()];
  return {
    kind: 'object',
    attributes,
    settable: names.filter((n) => !isComputedOnly(attributes.get(n)!)),
  };
}

const blockShape = (block: BlockSchema): ObjectShape => attributesShape(block.attributes);

let resources: Map<string, ObjectShape> | undefined;
let provider: ObjectShape | undefined;

/** The shape of a resource type's attributes, undefined for a type the provider does not have. */
export function resourceShape(type: string): ObjectShape | undefined {
  resources ??= new Map(resourceTypes().map((t) => [t, blockShape(resourceSchema(t)!.block)]));
  return resources.get(type);
}

export function knownResourceTypes(): string[] {
  return resourceTypes();
}

/** The shape of the provider block's settings. */
export function providerShape(): ObjectShape {
  provider ??= blockShape(providerBlock());
  return provider;
}

/** True when the attribute can only be computed by the provider (not set in configuration). */
export const isComputedOnly = (a: AttributeShape): boolean => a.computed && !a.optional && !a.required;

/** `a string`, `a list of objects`, … for messages. */
export function describeShape(shape: Shape): string {
  switch (shape.kind) {
    case 'string':
      return 'a string';
    case 'number':
      return 'a number';
    case 'bool':
      return 'a bool';
    case 'dynamic':
      return 'any value';
    case 'object':
      return 'an object';
    default:
      return `a ${shape.kind} of ${plural(shape.element)}`;
  }
}

function plural(shape: Shape): string {
  if (shape.kind === 'string' || shape.kind === 'number' || shape.kind === 'bool' || shape.kind === 'object') return `${shape.kind}s`;
  return describeShape(shape).replace(/^an? /, '');
}
