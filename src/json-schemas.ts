/**
 * One Ajv instance for every JSON Schema in schemas/, compiled once on first use. Errors become plain
 * messages that name the path of the offending value.
 *
 * The schemas are the project's own files, checked against the JSON Schema meta-schema by a test
 * (test/schemas.test.ts), so they are not checked again at run time: that check compiles the meta-schema first,
 * about 60 ms of every process that validates anything.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import formatsModule from 'ajv-formats';

// ajv-formats is CommonJS: under NodeNext its default import is the module object.
const addFormats = ((formatsModule as unknown as { default?: unknown }).default ?? formatsModule) as (a: Ajv) => Ajv;
import { readFileSync } from 'node:fs';
import { schemaPath } from './package-root.js';

let ajv: Ajv | undefined;
const loaded = new Set<string>();
const compiled = new Map<string, ValidateFunction>();

function instance(): Ajv {
  if (!ajv) {
    ajv = new Ajv({ allErrors: true, strict: false, validateSchema: false });
    addFormats(ajv);
  }
  return ajv;
}

/** The validator for `file` (a schema in schemas/) or for one of its definitions (`#/definitions/Name`). */
export function validator(file: string, pointer = ''): ValidateFunction {
  const key = `${file}${pointer}`;
  let fn = compiled.get(key);
  if (fn) return fn;
  const a = instance();
  const schema = JSON.parse(readFileSync(schemaPath(file), 'utf8')) as { $id: string };
  if (!loaded.has(file)) {
    a.addSchema(schema);
    loaded.add(file);
  }
  fn = a.getSchema(`${schema.$id}${pointer}`);
  if (!fn) throw new Error(`schema ${key} not found`);
  compiled.set(key, fn);
  return fn;
}

/** `path: message` lines, one per problem; paths in JSON-pointer-free dotted form (`rules[1].action`). */
export function describeErrors(errors: ErrorObject[] | null | undefined, root = ''): string[] {
  if (!errors) return [];
  const out: string[] = [];
  for (const e of errors) {
    if (e.keyword === 'if') continue;
    let path = root + pointerToPath(e.instancePath);
    let message = e.message ?? 'is invalid';
    if (e.keyword === 'required') {
      const prop = (e.params as { missingProperty: string }).missingProperty;
      path = joinPath(path, prop);
      message = 'is required';
    } else if (e.keyword === 'additionalProperties') {
      const prop = (e.params as { additionalProperty: string }).additionalProperty;
      path = joinPath(path, prop);
      message = 'is not a known property';
    } else if (e.keyword === 'enum') {
      message = `must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
    }
    out.push(`${path || '(body)'}: ${message}`);
  }
  return [...new Set(out)];
}

function joinPath(base: string, prop: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(prop) ? (base ? `${base}.${prop}` : prop) : `${base}[${JSON.stringify(prop)}]`;
}

function pointerToPath(pointer: string): string {
  if (!pointer) return '';
  let path = '';
  for (const raw of pointer.split('/').slice(1)) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    path = /^\d+$/.test(seg) ? `${path}[${seg}]` : joinPath(path, seg);
  }
  return path;
}
