/**
 * The JSON Schemas in schemas/ are valid draft-07 schemas. src/json-schemas.ts does not check them against the
 * meta-schema at run time (it costs every process ~60 ms): this test does it once for all of them.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { Ajv } from 'ajv';
import formatsModule from 'ajv-formats';
import { schemaPath } from '../src/package-root.js';
import { validator } from '../src/json-schemas.js';

const addFormats = ((formatsModule as unknown as { default?: unknown }).default ?? formatsModule) as (a: Ajv) => Ajv;

const files = readdirSync(schemaPath('.')).filter((f) => f.endsWith('.schema.json')).sort();

describe('schemas/: JSON Schema files', () => {
  it('there are schemas to check', () => {
    assert.deepEqual(files, ['cycloid-api.schema.json', 'emulator-config.schema.json', 'state.schema.json']);
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
