/**
 * The JSON Schemas in schemas/ are valid draft-07 schemas. src/json-schemas.ts does not check them against the
 * meta-schema at run time (it costs every process ~60 ms): this test does it once for all of them. And the
 * precompiled validators (src/json-schema-validators.ts) are those of the schemas as they are, and judge as Ajv does.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Ajv } from 'ajv';
import formatsModule from 'ajv-formats';
import { schemaPath } from '../src/package-root.js';
import { pathToFileURL } from 'node:url';
import { compiledValidator, describeErrors, validator } from '../src/json-schemas.js';
import { packageRoot } from '../src/package-root.js';

const addFormats = ((formatsModule as unknown as { default?: unknown }).default ?? formatsModule) as (a: Ajv) => Ajv;

const files = readdirSync(schemaPath('.')).filter((f) => f.endsWith('.schema.json')).sort();

describe('schemas/: JSON Schema files', () => {
  it('there are schemas to check', () => {
    assert.deepEqual(files, ['cycloid-api.schema.json', 'emulator-config.schema.json', 'provider-config.schema.json', 'state.schema.json']);
  });

  for (const file of files) {
    it(`${file} is a valid draft-07 schema and compiles`, () => {
      const schema = JSON.parse(readFileSync(schemaPath(file), 'utf8')) as { $schema?: string };
      assert.equal(schema.$schema, 'http://json-schema.org/draft-07/schema#');
      const ajv = new Ajv({ allErrors: true, strict: false, validateSchema: true });
      addFormats(ajv);
      assert.equal(ajv.validateSchema(schema), true, JSON.stringify(ajv.errors));
      assert.equal(typeof validator(file), 'function');
    });
  }
});

describe('provider-config.schema.json (generated)', () => {
  it('is up to date with provider-schema.json and the API rules (else: npm run generate:schemas)', async () => {
    const script = (await import(pathToFileURL(join(packageRoot, 'scripts', 'generate-config-schema.mjs')).href)) as { generate(): string; OUTPUT: string };
    assert.equal(readFileSync(script.OUTPUT, 'utf8'), script.generate(), 'run npm run generate:schemas and commit the result');
  });

  it('has a definition for the provider block and each resource type of provider-schema.json, all precompiled', () => {
    const generated = JSON.parse(readFileSync(schemaPath('provider-config.schema.json'), 'utf8')) as { definitions: Record<string, unknown> };
    const provider = JSON.parse(readFileSync(schemaPath('provider-schema.json'), 'utf8')) as { provider_schemas: Record<string, { resource_schemas: Record<string, unknown> }> };
    const types = Object.values(provider.provider_schemas).flatMap((p) => Object.keys(p.resource_schemas));
    assert.deepEqual(Object.keys(generated.definitions).sort(), ['provider', ...types].sort());
    for (const name of Object.keys(generated.definitions)) {
      const pointer = `#/definitions/${name}`;
      assert.notEqual(validator('provider-config.schema.json', pointer), compiledValidator('provider-config.schema.json', pointer), `${name} is precompiled`);
    }
  });
});

describe('the config schema generator', () => {
  type Generator = { generateSchema(provider: unknown, api: unknown, rules: unknown): { definitions: Record<string, object> } };
  const load = async () => (await import(pathToFileURL(join(packageRoot, 'scripts', 'generate-config-schema.mjs')).href)) as Generator;
  const providerDocument = (attributes: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
    provider_schemas: { 'registry.terraform.io/cycloidio/cycloid': { provider: { block: { attributes: {} } }, resource_schemas: { x_thing: { version: 0, block: { attributes, ...extra } } } } },
  });

  it('turns every Terraform type into JSON Schema without implicit conversion', async () => {
    const { generateSchema } = await load();
    const schema = generateSchema(
      providerDocument({
        s: { type: 'string', required: true },
        n: { type: 'number', optional: true },
        b: { type: 'bool', optional: true },
        l: { type: ['list', 'string'], optional: true },
        st: { type: ['set', 'number'], optional: true },
        m: { type: ['map', 'bool'], optional: true },
        o: { type: ['object', { a: 'string', z: 'number' }], optional: true },
        one: { nested_type: { nesting_mode: 'single', attributes: { k: { type: 'string', required: true } } }, optional: true },
        many: { nested_type: { nesting_mode: 'map', attributes: { v: { type: 'string', optional: true } } }, optional: true },
        few: { nested_type: { nesting_mode: 'list', min_items: 1, max_items: 2, attributes: { v: { type: 'string', optional: true } } }, optional: true },
        c: { type: 'string', computed: true },
      }),
      {},
      {},
    );
    const ajv = new Ajv({ allErrors: true, strict: false });
    const check = ajv.compile(schema.definitions['x_thing']!);
    const ok = { s: 'x', n: 1.5, b: true, l: ['a'], st: [1, 1], m: { k: false }, o: { a: 'a', z: 2 }, one: { k: 'k' }, many: { e: { v: null } }, few: [{}], c: null };
    assert.equal(check(ok), true, JSON.stringify(check.errors));
    assert.equal(check({ ...ok, n: null, b: null, l: null, one: null }), true, 'optional attributes may be null');
    const refused: Array<[string, Record<string, unknown>]> = [
      ['a number for a string', { s: 5 }],
      ['a string for a number', { n: '1' }],
      ['a string for a bool', { b: 'true' }],
      ['a null element', { l: ['a', null] }],
      ['a wrong element type', { st: ['1'] }],
      ['a wrong map value', { m: { k: 'yes' } }],
      ['an object missing an attribute', { o: { a: 'a' } }],
      ['an object with an extra attribute', { o: { a: 'a', z: 1, y: 2 } }],
      ['a nested object missing its required attribute', { one: {} }],
      ['a nested map value with an unknown attribute', { many: { e: { w: 'x' } } }],
      ['fewer items than min_items', { few: [] }],
      ['more items than max_items', { few: [{}, {}, {}] }],
      ['a computed-only attribute set', { c: 'x' }],
      ['an unknown attribute', { t: 1 }],
      ['a required attribute null', { s: null }],
    ];
    for (const [what, change] of refused) assert.equal(check({ ...ok, ...change }), false, what);
    assert.equal(check({ n: 1 }), false, 'a required attribute missing');
  });

  it('refuses nested blocks rather than reading half a schema', async () => {
    const { generateSchema } = await load();
    assert.throws(() => generateSchema(providerDocument({}, { block_types: { rule: { nesting_mode: 'list', block: { attributes: {} } } } }), {}, {}), /block_types \(rule\)/);
  });
});

describe('precompiled validators', () => {
  it('src/json-schema-validators.ts is up to date with schemas/ (else: node scripts/compile-schemas.mjs)', async () => {
    const script = (await import(pathToFileURL(join(packageRoot, 'scripts', 'compile-schemas.mjs')).href)) as { generate(): string; OUTPUT: string };
    assert.equal(readFileSync(script.OUTPUT, 'utf8'), script.generate(), 'run node scripts/compile-schemas.mjs and commit the result');
  });

  it('judge as the validators Ajv compiles at run time, with the same error messages', () => {
    const key = { id: 1, canonical: 'ci', name: 'CI', description: '', rules: [{ id: 2, action: 'organization:project:read', effect: 'allow', resources: [] }], last_seven: 'abcdefg' };
    const cases: Array<[string, string, unknown[]]> = [
      ['cycloid-api.schema.json', '#/definitions/getAPIKeys_200_response', [
        { data: [key], pagination: { index: 1, size: 1000, total: 1 } },
        { data: [{ ...key, canonical: 'NOT VALID' }], pagination: { index: 1, size: 1000, total: 1 } },
        { data: [{ ...key, owner: { id: 1, username: 'a', email: 'not an email', picture_url: 'not a uri' } }], pagination: {} },
        { data: 'nope' },
      ]],
      ['cycloid-api.schema.json', '#/definitions/createAPIKey_200_response', [{ data: { ...key, token: 'a.b.c' } }, { data: { ...key, rules: 'x' } }, {}]],
      ['state.schema.json', '', [{ version: 4 }, { version: 4, terraform_version: 'x', serial: -1, lineage: '', outputs: { 'bad name': { value: 1 } }, resources: [{}], keyform: { key_id: 'zz' } }]],
      ['state.schema.json', '#/definitions/Resource', [{ mode: 'managed', type: 't', name: 'n', provider: 'p', instances: [{ schema_version: 0, attributes: {}, deposed: 'xyz' }] }]],
      ['state.schema.json', '#/definitions/JournalLine', [{ seq: 1, op: 'depose', address: 'a.b' }, { seq: 0, op: 'nope' }, { seq: 2, op: 'remove', address: 'a.b', deposed: '0a1b2c3d' }]],
      ['state.schema.json', '#/definitions/JournalHeader', [{ journal: 1, lineage: 'l', serial: 0, key_id: '0123456789abcdef' }, { journal: 2 }]],
      ['provider-config.schema.json', '#/definitions/cycloid_organization_api_key', [
        { name: 'CI deploy', rules: [{ action: 'organization:**', effect: 'allow', resources: null }], owner: null },
        { name: 'ab', canonical: 'Not Valid', owner: 'x'.repeat(31), rules: [{ action: 'a::b', effect: 'deny', resources: ['cy-**', null] }, { efect: 'allow' }], token: 't', extra: 1 },
        { rules: {} },
      ]],
      ['provider-config.schema.json', '#/definitions/provider', [{ api_url: 'http://127.0.0.1:1', insecure: null }, { insecure: 'yes', api_ur: 'x' }]],
    ];
    for (const [file, pointer, documents] of cases) {
      const fast = validator(file, pointer);
      const slow = compiledValidator(file, pointer);
      assert.notEqual(fast, slow, `${file}${pointer} is precompiled`);
      for (const document of documents) {
        const a = fast(document);
        const b = slow(document);
        assert.equal(a, b, `${file}${pointer}: ${JSON.stringify(document)}`);
        assert.deepEqual(describeErrors(fast.errors), describeErrors(slow.errors), `${file}${pointer}: ${JSON.stringify(document)}`);
      }
    }
  });
});
