/**
 * `keyform force-unlock ID`: removes the state lock left by a run that is gone, only if its ID is `ID` (the
 * one printed in the "state is locked by ID …" error), so a live run's lock is never removed by mistake.
 * Needs neither the encryption key nor valid configuration (the backend path is read from it when it loads).
 */
import { resolve } from 'node:path';
import { loadConfigDir } from '../../config/index.js';
import { hasErrors } from '../../diagnostics.js';
import { DEFAULT_STATE_PATH, FileLocker } from '../../state/index.js';
import { io, reportError } from '../run-context.js';
import { baseOptions, parseCommandArgs } from '../options.js';
import { UsageError } from '../usage-error.js';

export const forceUnlockHelp = `Usage: keyform force-unlock [options] LOCK_ID

Removes the state lock whose ID is LOCK_ID, left by a keyform run that crashed or was killed.
The ID is the one named by the "state is locked by ID ..." error. Another ID removes nothing.
Only do this when that run is really gone: two runs writing the state at once can lose keys.

Options:
  --force        accepted for Terraform compatibility (keyform never asks for confirmation)
  --chdir DIR    the working directory (default: the current one)
  --no-color     no colour in messages
  -h, --help     show this help
`;

const OPTIONS = {
  ...baseOptions,
  force: { type: 'boolean', default: false },
} as const;

export async function forceUnlockCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv);
  if (values.help) {
    process.stdout.write(forceUnlockHelp);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError(`force-unlock needs exactly one LOCK_ID (got ${positionals.length}): keyform force-unlock LOCK_ID`);
  if (positionals[0]!.trim() === '') throw new UsageError('force-unlock needs a LOCK_ID, not an empty string: the ID is in the message of the command that found the state locked');
  const out = io(values['no-color']);
  const dir = resolve(values.chdir ?? process.cwd());
  try {
    await new FileLocker(statePath(dir)).forceUnlock(positionals[0]!);
    out.stdout.write('keyform state has been successfully unlocked!\n\nThe state has been unlocked, and keyform commands should now be able to obtain a new lock on it.\n');
    return 0;
  } catch (err) {
    return reportError(out, err);
  }
}

/** The state file: the configured backend path when the configuration loads, else keyform.tfstate. */
function statePath(dir: string): string {
  const loaded = loadConfigDir(dir);
  const configured = loaded.module && !hasErrors(loaded.diagnostics) ? loaded.module.backend?.path : undefined;
  return resolve(dir, configured ?? DEFAULT_STATE_PATH);
}

const parse = (argv: string[]) => parseCommandArgs('force-unlock', argv, OPTIONS);
