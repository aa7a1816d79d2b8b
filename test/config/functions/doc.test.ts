/** docs/functions.md is what scripts/functions-doc.mjs renders from the function table: every function in it, and only those. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import * as table from '../../../src/config/expr/functions/index.js';
import { packageRoot } from '../../../src/package-root.js';
import { readGolden } from './golden-file.js';

const doc = readFileSync(join(packageRoot, 'docs', 'functions.md'), 'utf8');

describe('docs/functions.md', () => {
  it('lists every provided function with its signature and summary, and no other', () => {
    const listed = [...doc.matchAll(/^\| `(\w+)\((.*)` \| (.*) \|$/gm)].map((m) => m[1]!);
    assert.deepEqual(listed, [...table.FUNCTIONS.keys()]);
    for (const f of table.FUNCTIONS.values()) assert.ok(doc.includes(`| \`${f.signature}\` | ${f.summary} |`), f.name);
  });

  it('names every omitted function with its reason, and the language functions', () => {
    for (const [name, why] of table.OMITTED_FUNCTIONS) assert.ok(doc.includes(`| \`${name}\` | ${why}. |`), name);
    for (const name of table.LANGUAGE_FUNCTIONS.keys()) assert.ok(doc.includes(`- \`${name}\`: `), name);
  });

  it('is exactly what scripts/functions-doc.mjs renders (run it after changing a function)', async () => {
    const script = (await import(pathToFileURL(join(packageRoot, 'scripts', 'functions-doc.mjs')).href)) as {
      renderFunctionsDoc: (t: typeof table, g: { terraform: string; cases: number }) => string;
    };
    const golden = readGolden();
    assert.equal(doc, script.renderFunctionsDoc(table, { terraform: golden.terraform, cases: golden.cases.length }));
  });
});
