// Generates schemas/provider-config.schema.json: a JSON Schema (draft-07) per resource type and one for the provider
// block, for configured values as keyform evaluates them, derived from schemas/provider-schema.json (the single
// source of truth) plus the Cycloid API's own value rules, taken from schemas/cycloid-api.schema.json where the API
// contract states them. src/config/check-schema.ts validates resources and providers with them (precompiled by
// scripts/compile-schemas.mjs); test/schemas.test.ts fails when the committed file is out of date:
//   npm run generate:schemas        (this script, then scripts/compile-schemas.mjs; then npm run build)
//
// Terraform's types become JSON Schema as keyform reads configuration, without implicit conversion:
//   string, number, bool → string, number, boolean; list(T), set(T) → array of T; map(T) → object of T;
//   object({…}) → a closed object, every attribute required; a nested attribute → its object, or a list, set or
//   map of them (nesting_mode, min_items, max_items). Top-level and nested attributes: required ones may not be
//   null, optional ones may (null = not set); computed-only ones can only be null (readOnly); any other name is
//   refused (additionalProperties: false). Elements of lists, sets and maps may not be null. Nested blocks
//   (block_types) stop the generator: the rest of keyform reads nested attributes only.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
export const OUTPUT = `${root}schemas/provider-config.schema.json`;
export const ID = 'https://keyform.dev/schemas/provider-config.schema.json';
const PROVIDER_SOURCE = 'registry.terraform.io/cycloidio/cycloid';

/**
 * The syntax of a permission glob (an action or a resource of a rule): segments separated by `:`, none empty, no
 * whitespace, control or invisible formatting character, `**` only as a whole segment; at most 1000 characters.
 * src/permissions/glob-check.ts says why a glob breaks it; test/config/check-schema.test.ts checks both agree.
 */
const GLOB_SEGMENT = String.raw`(?:\*\*|(?:[^:*\s\p{Cc}\p{Cf}]|\*(?!\*))+)`;
const GLOB = { minLength: 1, maxLength: 1000, pattern: `^${GLOB_SEGMENT}(?::${GLOB_SEGMENT})*$` };

/**
 * The API's rules per resource type: attribute path (`[]` = every element) → the API schema (a JSON pointer into
 * schemas/cycloid-api.schema.json) and which of its keywords apply, or keywords given here.
 */
const API_RULES = {
  cycloid_organization_api_key: {
    name: { from: '/definitions/NewAPIKey/properties/name', keywords: ['minLength'] },
    canonical: { from: '/definitions/NewAPIKey/properties/canonical', keywords: ['minLength', 'maxLength', 'pattern'] },
    organization_canonical: { from: '/definitions/NewAPIKey/properties/canonical', keywords: ['minLength', 'maxLength', 'pattern'] },
    owner: { from: '/definitions/User/properties/username', keywords: ['minLength', 'maxLength', 'pattern'] },
    'rules[].effect': { from: '/definitions/NewRule/properties/effect', keywords: ['enum'] },
    'rules[].action': { given: GLOB },
    'rules[].resources[]': { given: GLOB },
  },
};

const read = (file) => JSON.parse(readFileSync(`${root}schemas/${file}`, 'utf8'));

function pointer(document, ptr) {
  let node = document;
  for (const raw of ptr.split('/').slice(1)) {
    node = node?.[raw.replace(/~1/g, '/').replace(/~0/g, '~')];
    if (node === undefined) throw new Error(`generate-config-schema: ${ptr} is not in cycloid-api.schema.json`);
  }
  return node;
}

/** A Terraform type (`"string"`, `["list", "string"]`, `["object", {…}]`) as a JSON Schema. */
function typeSchema(spec) {
  if (spec === 'string' || spec === 'number') return { type: spec };
  if (spec === 'bool') return { type: 'boolean' };
  if (spec === 'dynamic') return {};
  const [kind, inner] = spec;
  if (kind === 'list' || kind === 'set') return { type: 'array', items: typeSchema(inner) };
  if (kind === 'map') return { type: 'object', additionalProperties: typeSchema(inner) };
  if (kind === 'object') {
    const names = Object.keys(inner);
    return { type: 'object', required: names, properties: Object.fromEntries(names.map((n) => [n, typeSchema(inner[n])])), additionalProperties: false };
  }
  throw new Error(`generate-config-schema: unsupported type ${JSON.stringify(spec)}`);
}

function attributeSchema(a) {
  const described = a.description ? { description: a.description } : {};
  if (a.computed && !a.optional && !a.required) return { ...described, readOnly: true, type: 'null' };
  let schema;
  if (a.nested_type) {
    const object = attributesSchema(a.nested_type.attributes);
    const mode = a.nested_type.nesting_mode;
    const { min_items: min, max_items: max } = a.nested_type;
    schema = mode === 'single' ? object : mode === 'map' ? { type: 'object', additionalProperties: object } : { type: 'array', items: object };
    if (schema.type === 'array' && min) schema.minItems = min;
    if (schema.type === 'array' && max) schema.maxItems = max;
  } else schema = typeSchema(a.type);
  if (!a.required && schema.type) schema = { ...schema, type: [schema.type, 'null'] };
  return { ...described, ...schema };
}

/** A block's attributes (nested blocks, `block_types`, are refused: keyform's schema uses nested attributes). */
function blockSchema(block, where) {
  if (block.block_types && Object.keys(block.block_types).length > 0) {
    throw new Error(`generate-config-schema: ${where} has block_types (${Object.keys(block.block_types).join(', ')}): keyform reads nested attributes (nested_type), not nested blocks`);
  }
  return { ...(block.description ? { description: block.description } : {}), ...attributesSchema(block.attributes) };
}

function attributesSchema(attributes) {
  const names = Object.keys(attributes);
  const required = names.filter((n) => attributes[n].required);
  return {
    type: 'object',
    ...(required.length > 0 ? { required } : {}),
    properties: Object.fromEntries(names.map((n) => [n, attributeSchema(attributes[n])])),
    additionalProperties: false,
  };
}

/** The schema node at `rules[].action` (`[]`: the elements of an array or map). */
function at(schema, path) {
  let node = schema;
  for (const step of path.replace(/\[\]/g, '.[]').split('.')) {
    node = step === '[]' ? (node.items ?? node.additionalProperties) : node.properties?.[step];
    if (!node || typeof node !== 'object') throw new Error(`generate-config-schema: no attribute at ${path}`);
  }
  return node;
}

function applyApiRules(schema, rules, api) {
  for (const [path, rule] of Object.entries(rules)) {
    const node = at(schema, path);
    const source = rule.from ? pointer(api, rule.from) : rule.given;
    for (const k of rule.keywords ?? Object.keys(source)) {
      if (source[k] === undefined) throw new Error(`generate-config-schema: ${rule.from} has no ${k}`);
      node[k] = source[k];
    }
  }
  return schema;
}

/** The generated schema document: of the repository's schemas, or of the documents given (a test's). */
export function generateSchema(providerDocument = read('provider-schema.json'), api = read('cycloid-api.schema.json'), apiRules = API_RULES) {
  const provider = providerDocument.provider_schemas[PROVIDER_SOURCE];
  const definitions = { provider: blockSchema(provider.provider.block, 'the provider block') };
  for (const [type, { block }] of Object.entries(provider.resource_schemas)) definitions[type] = applyApiRules(blockSchema(block, type), apiRules[type] ?? {}, api);
  for (const type of Object.keys(apiRules)) if (!definitions[type]) throw new Error(`generate-config-schema: API rules for unknown type ${type}`);
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: ID,
    title: 'keyform configuration: the provider block and each resource type',
    description:
      'GENERATED by scripts/generate-config-schema.mjs from provider-schema.json and the API rules of cycloid-api.schema.json: do not edit (npm run generate:schemas). Select one with #/definitions/provider or #/definitions/<resource type>. Validates evaluated values: a value unknown until apply is skipped by keyform before this schema sees it.',
    definitions,
  };
}

/** The text of schemas/provider-config.schema.json. */
export const generate = () => `${JSON.stringify(generateSchema(), null, 2)}\n`;

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(OUTPUT, generate());
  process.stdout.write(`wrote ${OUTPUT}\n`);
}
