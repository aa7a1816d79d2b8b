/** keyform's command line: dispatches to one command and turns its failures into a message and an exit code. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../package-root.js';
import { driftCommand } from './commands/drift.js';
import { applyCommand, destroyCommand, planCommand, refreshCommand } from './commands/plan-apply.js';
import { emulatorCommand } from './emulator-command.js';
import { UsageError } from './usage-error.js';

const HELP = `Usage: keyform <command> [options]

Cycloid organization API keys as code.

Main commands:
  plan        show the changes apply would make, with reasons, drift and permission changes
  apply       make the changes (keys created, updated, replaced, deleted), recording each step in the state
  destroy     delete every key in the state
  drift       compare the state with the live API (exit 2 on drift); --unmanaged lists keys nobody manages
  refresh     record changes made outside keyform into the state

Other commands:
  emulator    run a local Cycloid API server (the fixture of every test, and the default for npm start)
  version     print keyform's version
  help        show this help, or a command's: keyform help emulator

Run 'keyform <command> --help' for a command's options.
`;

type Command = (argv: string[]) => Promise<number>;

const COMMANDS: Record<string, Command> = {
  plan: planCommand,
  apply: applyCommand,
  destroy: destroyCommand,
  refresh: refreshCommand,
  drift: driftCommand,
  emulator: emulatorCommand,
  version: async () => {
    process.stdout.write(`keyform ${version()}\n`);
    return 0;
  },
};

export function version(): string {
  return (JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { version: string }).version;
}

export async function run(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    if (rest[0] !== undefined && COMMANDS[rest[0]]) return COMMANDS[rest[0]]!(['--help']);
    process.stdout.write(HELP);
    return name === undefined ? 1 : 0;
  }
  if (name === '--version' || name === '-v') return COMMANDS['version']!([]);
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`keyform: unknown command '${name}'\n\n${HELP}`);
    return 1;
  }
  try {
    return await command(rest);
  } catch (err) {
    const known = err instanceof UsageError || (err as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS');
    process.stderr.write(`keyform ${name}: ${known ? (err as Error).message : `unexpected error: ${(err as Error).stack ?? String(err)}`}\n`);
    return 1;
  }
}
