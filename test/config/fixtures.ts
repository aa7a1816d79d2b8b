/** Paths of the repository's test fixtures, found from the compiled test file (dist/test/config → test/fixtures). */
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { existsSync, readFileSync } from 'node:fs';
import { loadConfigSources } from '../../src/config/load.js';
import { openConfig } from '../../src/config/open.js';
import type { ConfigModule } from '../../src/config/types.js';
import type { VariableArgument } from '../../src/config/variable-files.js';
import { variableArguments } from '../../src/cli/options.js';
import { sortDiagnostics } from '../../src/config/sort-diagnostics.js';
import type { Diagnostic } from '../../src/diagnostics.js';

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
  const opened = openConfig(dir, { variables: fixtureArguments(dir), env: fixtureEnvironment(dir) });
  return sortDiagnostics(opened.diagnostics);
}

/** A fixture's command-line variable arguments (args.json: ["--var", "k=v", "--var-file", "f"]), if any. */
export function fixtureArguments(dir: string): VariableArgument[] {
  const path = join(dir, 'args.json');
  return existsSync(path) ? variableArguments(JSON.parse(readFileSync(path, 'utf8')) as string[]) : [];
}

/** A fixture's environment (env.json: {"TF_VAR_x": "…"}), if any. */
export function fixtureEnvironment(dir: string): NodeJS.ProcessEnv {
  const path = join(dir, 'env.json');
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as NodeJS.ProcessEnv) : {};
}

/** The module of one Terraform JSON document (main.tf.json), which must load without diagnostics. */
export function moduleOf(json: unknown): ConfigModule {
  const loaded = loadConfigSources('/x', [{ file: 'main.tf.json', text: JSON.stringify(json, null, 2) }]);
  assert.deepEqual(loaded.diagnostics, []);
  return loaded.module!;
}
