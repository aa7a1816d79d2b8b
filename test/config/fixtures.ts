/** Paths of the repository's test fixtures, found from the compiled test file (dist/test/config → test/fixtures). */
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { loadConfigDir } from '../../src/config/load.js';
import { validateModule } from '../../src/config/validate.js';
import { sortDiagnostics } from '../../src/config/sort-diagnostics.js';
import { desiredInstances } from '../../src/config/evaluate.js';
import { hasErrors, type Diagnostic } from '../../src/diagnostics.js';

export const fixturesDir = fileURLToPath(new URL('../../../test/fixtures/', import.meta.url));
export const fixture = (...parts: string[]): string => join(fixturesDir, ...parts);

/** The fields a golden file holds, in a fixed order, without the undefined ones. */
export function golden(d: Diagnostic): Record<string, unknown> {
  const out: Record<string, unknown> = { severity: d.severity, summary: d.summary };
  for (const k of ['file', 'line', 'address', 'path'] as const) if (d[k] !== undefined) out[k] = d[k];
  return out;
}

/** Everything keyform says about a directory, sorted by place: load, validation, then (when both passed) evaluation. */
export function allDiagnostics(dir: string): Diagnostic[] {
  const loaded = loadConfigDir(dir);
  const out = [...loaded.diagnostics];
  if (!loaded.module) return out;
  out.push(...validateModule(loaded.module));
  if (!hasErrors(out)) out.push(...desiredInstances(loaded.module).diagnostics);
  return sortDiagnostics(out);
}
