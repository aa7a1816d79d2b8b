/** Option values shared by the engine's commands, parsed with clear messages. */
import { statSync } from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './usage-error.js';
import type { VariableArgument } from '../config/variable-files.js';
import { isInstanceAddress } from '../state/address.js';

/** `30s`, `5m`, `1h`, `500ms`, or a bare number of seconds → milliseconds. */
export function parseDuration(flag: string, value: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(value.trim());
  if (!m) throw new UsageError(`${flag}: '${value}' is not a duration (use e.g. 30s, 5m, 500ms)`);
  const n = Number(m[1]);
  const unit = m[2] ?? 's';
  return Math.round(n * (unit === 'ms' ? 1 : unit === 's' ? 1000 : unit === 'm' ? 60_000 : 3_600_000));
}

export function parsePositiveInt(flag: string, value: string, max = 1000): number {
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > max) {
    throw new UsageError(`${flag}: '${value}' must be a whole number from 1 to ${max}`);
  }
  return Number(value);
}

/** `--target` / `--replace` values: each must be a resource address, checked before the state is locked or the API called. */
export function checkAddressArguments(flag: string, addresses: readonly string[]): void {
  for (const a of addresses) {
    if (!isInstanceAddress(a)) throw new UsageError(`${flag}: ${JSON.stringify(a)} is not a resource address (expected type.name, type.name[0] or type.name["key"])`);
  }
}

/** Colour only on a terminal, never with NO_COLOR set or --no-color. */
export function useColor(stream: NodeJS.WriteStream, noColor: boolean | undefined, env: NodeJS.ProcessEnv = process.env): boolean {
  if (noColor) return false;
  if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') return false;
  if (env['FORCE_COLOR'] !== undefined && env['FORCE_COLOR'] !== '0') return true;
  return stream.isTTY === true;
}

/** The options every command accepts (parseArgs option specs). */
export const baseOptions = {
  chdir: { type: 'string' },
  'no-color': { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const;

/** --lock-timeout, for the commands that take the state lock. */
export const lockOptions = {
  ...baseOptions,
  'lock-timeout': { type: 'string', default: '0s' },
} as const;

/** --var NAME=VALUE and --var-file PATH, repeatable; their order matters (later values win). */
export const variableOptions = {
  var: { type: 'string', multiple: true, default: [] as string[] },
  'var-file': { type: 'string', multiple: true, default: [] as string[] },
} as const;

/** The engine options every plan-like command accepts. */
export const engineOptions = {
  ...lockOptions,
  ...variableOptions,
  json: { type: 'boolean', default: false },
} as const;

/** The --var and --var-file arguments in the order they were given (`--var=x`, `--var x` alike). */
export function variableArguments(argv: readonly string[]): VariableArgument[] {
  const { tokens } = parseArgs({ args: [...argv], options: variableOptions, strict: false, allowPositionals: true, tokens: true });
  const out: VariableArgument[] = [];
  for (const t of tokens ?? []) {
    if (t.kind !== 'option' || typeof t.value !== 'string') continue;
    if (t.name === 'var') out.push({ kind: 'var', text: t.value });
    else if (t.name === 'var-file') out.push({ kind: 'file', path: t.value });
  }
  return out;
}

export const planOptions = {
  ...engineOptions,
  out: { type: 'string' },
  'detailed-exitcode': { type: 'boolean', default: false },
  'refresh-only': { type: 'boolean', default: false },
  refresh: { type: 'string', default: 'true' },
  replace: { type: 'string', multiple: true, default: [] as string[] },
  target: { type: 'string', multiple: true, default: [] as string[] },
  parallelism: { type: 'string', default: '10' },
  destroy: { type: 'boolean', default: false },
  /** A CDKTF app's directory: synthesize it, then run on each of its stacks. */
  cdktf: { type: 'string' },
} as const;

/** parseArgs, strict, with its errors turned into a UsageError that points at the command's help. */
export function parseCommandArgs<O extends NonNullable<ParseArgsConfig['options']>>(command: string, argv: string[], options: O, allowPositionals = true) {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, strict: true as const, allowPositionals });
  } catch (err) {
    throw new UsageError(`${(err as Error).message.split('. ')[0]} (see keyform ${command} --help)`);
  }
  const chdir = (parsed.values as { chdir?: unknown }).chdir;
  if (typeof chdir === 'string') checkFolder('--chdir', chdir);
  return parsed;
}

/** A folder option names an existing folder: said here, not as a failure to open some file under it. */
function checkFolder(flag: string, path: string): void {
  if (path === '') throw new UsageError(`${flag} needs a folder, not an empty string`);
  let stats;
  try {
    stats = statSync(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such folder' : code === 'ENOTDIR' ? 'a part of the path is a file, not a folder' : code === 'EACCES' ? 'permission denied' : (code ?? 'cannot be read');
    throw new UsageError(`${flag} ${path}: ${why}`);
  }
  if (!stats.isDirectory()) throw new UsageError(`${flag} ${path}: it is a file, not a folder`);
}
