/**
 * Golden files: test/render/golden/<case>.<ext>, read from the repository (this file runs as
 * dist/test/render/golden.js). With UPDATE_GOLDEN=1 the files are written instead of compared.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

export const GOLDEN_DIR = fileURLToPath(new URL('../../../test/render/golden/', import.meta.url));

export const updating = (): boolean => process.env['UPDATE_GOLDEN'] === '1';

export function assertGolden(file: string, actual: string): void {
  const path = join(GOLDEN_DIR, file);
  if (updating()) {
    mkdirSync(GOLDEN_DIR, { recursive: true });
    writeFileSync(path, actual);
    return;
  }
  assert.ok(existsSync(path), `golden file ${file} is missing: run the tests with UPDATE_GOLDEN=1 to write it`);
  assert.equal(actual, readFileSync(path, 'utf8'), `output differs from golden file ${file} (UPDATE_GOLDEN=1 rewrites it)`);
}
