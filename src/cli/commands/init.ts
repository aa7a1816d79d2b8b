/**
 * `keyform init`: prepares a working directory. Creates the state encryption key `.keyform/encryption.key`
 * (mode 0600, git-ignored) unless one exists or KEYFORM_ENCRYPTION_KEY is set, checks that the key opens an
 * existing state, then loads and validates the configuration if there is one. Safe to run again.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadConfigDir, validateModule, type LoadResult } from '../../config/index.js';
import { isConfigFile } from '../../config/load.js';
import { hasErrors, KeyformError, warning, type Diagnostic } from '../../diagnostics.js';
import { DEFAULT_STATE_PATH, ensureKeyFile, KEY_ENV, KEY_FILE, LocalBackend, loadKey } from '../../state/index.js';
import { io, printDiagnostics, reportError, type Io } from '../run-context.js';
import { baseOptions, parseCommandArgs } from '../options.js';
import { UsageError } from '../usage-error.js';

export const initHelp = `Usage: keyform init [options]

Prepares the working directory: creates the state encryption key ${KEY_FILE} (mode 0600, added to
.gitignore) unless it exists or ${KEY_ENV} is set, then validates the configuration (*.tf, *.tf.json).
Running it again changes nothing.

Options:
  --chdir DIR    the working directory (default: the current one)
  --no-color     no colour in messages
  -h, --help     show this help
`;

const OPTIONS = baseOptions;

export async function initCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv);
  if (values.help) {
    process.stdout.write(initHelp);
    return 0;
  }
  if (positionals.length > 0) throw new UsageError(`init takes no arguments (got ${positionals.join(' ')}); use --chdir DIR for another directory`);
  const out = io(values['no-color']);
  const dir = resolve(values.chdir ?? process.cwd());
  try {
    if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new KeyformError('NO_DIRECTORY', `${dir} is not a directory`);
    await prepareKey(dir, out);
    const hasConfig = readdirSync(dir).some(isConfigFile);
    const loaded = hasConfig ? loadConfigDir(dir) : undefined;
    await checkStateKey(resolve(dir, loaded?.module?.backend?.path ?? DEFAULT_STATE_PATH), dir, out);
    return initConfiguration(dir, loaded, out);
  } catch (err) {
    return reportError(out, err);
  }
}

/** Creates the key file if needed, and says which key keyform will use. */
async function prepareKey(dir: string, out: Io): Promise<void> {
  const fromEnv = process.env[KEY_ENV];
  if (fromEnv !== undefined && fromEnv !== '') {
    await loadKey(dir, process.env);
    out.stdout.write(`Using the state encryption key from ${KEY_ENV}: no key file is needed (keep that value safe: without it the tokens in state cannot be read).\n`);
    return;
  }
  const result = await ensureKeyFile(dir);
  if (result.created) {
    out.stdout.write(`Created the state encryption key ${KEY_FILE} (keep it safe: without it the tokens in state cannot be read).\n`);
  } else {
    await loadKey(dir, process.env); // an existing but damaged file is reported now, not at the first plan
    out.stdout.write(`Found the existing encryption key ${KEY_FILE}: it is kept as it is.\n`);
  }
  if (result.gitignoreUpdated) out.stdout.write('Added .keyform/ to .gitignore: never commit the key.\n');
}

/** Warns early when a state already exists that this key cannot read (another key, or a damaged file). */
async function checkStateKey(path: string, dir: string, out: Io): Promise<void> {
  if (!existsSync(path)) return;
  try {
    await new LocalBackend(path, { key: await loadKey(dir, process.env) }).load({ recover: false });
  } catch (err) {
    if (!(err instanceof KeyformError)) throw err;
    printDiagnostics(out, [warning(`The existing state ${path} cannot be read with this key`, { detail: err.message })]);
  }
}

/** Validates the configuration, if any, and prints the one-line summary. */
function initConfiguration(dir: string, loaded: LoadResult | undefined, out: Io): number {
  if (!loaded) {
    out.stdout.write(`\nkeyform has been initialized in ${dir}: no configuration yet (write *.tf or *.tf.json files, then run keyform plan).\n`);
    return 0;
  }
  const diagnostics: Diagnostic[] = [...loaded.diagnostics, ...(loaded.module ? validateModule(loaded.module) : [])];
  printDiagnostics(out, diagnostics);
  if (hasErrors(diagnostics) || !loaded.module) {
    out.stderr.write(`\nThe configuration in ${dir} is invalid (see above): fix it, then run keyform validate.\n`);
    return 1;
  }
  const m = loaded.module;
  out.stdout.write(`\nkeyform has been initialized in ${dir}: ${count(m.resources.length, 'resource')}, ${count(m.outputs.length, 'output')}.\n`);
  out.stdout.write('Next: keyform plan, then keyform apply.\n');
  return 0;
}

const count = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}`;

const parse = (argv: string[]) => parseCommandArgs('init', argv, OPTIONS);
