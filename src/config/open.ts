/**
 * A configuration directory opened for a command, all the way: loaded, validated, its variables resolved and
 * the module prepared for evaluation (locals, count and for_each). Every problem of every step is reported at
 * once; the context is there only when there is no error.
 */
import { createHash } from 'node:crypto';
import { hasErrors, type Diagnostic } from '../diagnostics.js';
import { containsUnknown } from '../values.js';
import { prepareModule, type ModuleContext } from './context.js';
import { canonicalJson } from './hash.js';
import { loadConfigDir, type LoadResult } from './load.js';
import { desiredInstances } from './evaluate.js';
import { sortDiagnostics } from './sort-diagnostics.js';
import type { ConfigModule } from './types.js';
import { validateModule } from './validate.js';
import { readVariableInputs, type VariableArgument } from './variable-files.js';
import { resolveVariables } from './variables.js';

export interface OpenConfigOptions {
  /** `--var` and `--var-file` arguments, in command-line order. */
  variables?: readonly VariableArgument[];
  env?: NodeJS.ProcessEnv;
  /** `validate`: variables without a value are unknown instead of an error. */
  mode?: 'plan' | 'validate';
  /** The directory already loaded (by loadConfigDir), so that it is not read and parsed twice. */
  loaded?: LoadResult;
}

export interface OpenedConfig {
  module?: ConfigModule;
  context?: ModuleContext;
  diagnostics: Diagnostic[];
}

export function openConfig(dir: string, opts: OpenConfigOptions = {}): OpenedConfig {
  const loaded = opts.loaded ?? loadConfigDir(dir);
  if (!loaded.module) return { diagnostics: loaded.diagnostics };
  const module = loaded.module;
  const mode = opts.mode ?? 'plan';
  const diagnostics = [...loaded.diagnostics, ...validateModule(module)];
  const read = readVariableInputs(dir, opts.variables ?? [], opts.env ?? {});
  // A variables file that cannot be read may hold the missing values: do not also report them missing.
  const resolved = resolveVariables(module, read.inputs, hasErrors(read.diagnostics) ? 'validate' : mode);
  diagnostics.push(...read.diagnostics, ...resolved.diagnostics);
  if (hasErrors(diagnostics)) return { module, diagnostics: sortDiagnostics(diagnostics) };
  const context = prepareModule(module, { variables: resolved.values, sensitiveVariables: resolved.sensitive, mode, cwd: process.cwd() });
  diagnostics.push(...context.redact(context.diagnostics));
  if (hasErrors(diagnostics)) return { module, diagnostics: sortDiagnostics(diagnostics) };
  // Evaluate everything now, with the configuration's own values: a mistake found only by evaluation (a
  // condition that is not a bool, an index out of range) stops the command before any API call. The planner
  // reuses these values for instances that depend on no other resource.
  const desired = desiredInstances(context);
  diagnostics.push(...context.redact(desired.diagnostics));
  if (hasErrors(diagnostics)) return { module, diagnostics: sortDiagnostics(diagnostics) };
  context.configured = desired;
  return { module, context, diagnostics: sortDiagnostics(diagnostics) };
}

/**
 * What a saved plan is tied to: the configuration and the values of its non-sensitive variables (a sensitive
 * value is not hashed into a file; a change in one shows up when apply re-evaluates the configuration).
 */
export function inputsHash(ctx: ModuleContext): string {
  const values: Record<string, unknown> = {};
  for (const [k, v] of [...ctx.variables].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (!ctx.sensitiveVariables.has(k) && !containsUnknown(v)) values[k] = v;
  }
  if (Object.keys(values).length === 0) return ctx.module.hash;
  return createHash('sha256').update(ctx.module.hash).update('\n').update(canonicalJson(values)).digest('hex');
}
