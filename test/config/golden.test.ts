/**
 * Golden diagnostics: each test/fixtures/invalid/<case>/ holds configuration files and expected.json, the
 * exact diagnostics (severity, summary, file, line, address, path) keyform must report for it.
 * Regenerate after a deliberate message change with KEYFORM_UPDATE_GOLDEN=1, then review the diff.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { allDiagnostics, fixture, golden } from './fixtures.js';

const root = fixture('invalid');
const cases = readdirSync(root, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();

describe('invalid configurations (golden diagnostics)', () => {
  it('has at least 25 cases', () => assert.ok(cases.length >= 25, `only ${cases.length} cases`));
  for (const name of cases) {
    it(name, () => {
      const dir = join(root, name);
      const actual = allDiagnostics(dir).map(golden);
      const expectedPath = join(dir, 'expected.json');
      if (process.env['KEYFORM_UPDATE_GOLDEN'] === '1') writeFileSync(expectedPath, `${JSON.stringify(actual, null, 2)}\n`);
      const expected = JSON.parse(readFileSync(expectedPath, 'utf8')) as unknown[];
      assert.deepEqual(actual, expected);
      assert.ok(actual.some((d) => d['severity'] === 'error'), 'an invalid case must report at least one error');
    });
  }
});
