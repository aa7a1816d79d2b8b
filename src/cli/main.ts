/** keyform's command line: dispatches to one command and turns its failures into a message and an exit code. */
import { keyformVersion } from '../version.js';
import { systemErrorText } from './system-error.js';
import { UsageError } from './usage-error.js';
import { outputFailure, outputFailureText, watchOutput } from './interrupt.js';

const HELP = `Usage: keyform <command> [options]

Cycloid organization API keys as code.

Main commands:
  init          prepare the directory: create the state encryption key, check the configuration
  validate      check the configuration (--online: also rule actions against the API's policy codes)
  plan          show the changes apply would make, with reasons, drift and permission changes
  apply         make the changes (keys created, updated, replaced, deleted), recording each step in the state
  destroy       delete every key in the state
  drift         compare the state with the live API (exit 2 on drift); --unmanaged lists keys nobody manages
  refresh       record changes made outside keyform into the state

Other commands:
  import        record an existing API key in the state: keyform import ADDR [ORG/]CANONICAL
  output        print outputs from the state (--raw NAME prints a token, for scripts)
  show          show the state or a saved plan, without secrets
  state         list, show, rm or mv instances of the state
  force-unlock  remove a stale state lock by its ID
  emulator      run a local Cycloid API server (the fixture of every test, and the default for npm start)
  version       print keyform's version
  help          show this help, or a command's: keyform help emulator

Run 'keyform <command> --help' for a command's options.
`;

type Command = (argv: string[]) => Promise<number>;

// Commands are loaded when run, so a command pays only for the modules it uses.
const lazy = <M>(load: () => Promise<M>, pick: (m: M) => Command): Command => async (argv) => pick(await load())(argv);
const planApply = () => import('./commands/plan-apply.js');

const COMMANDS: Record<string, Command> = {
  plan: lazy(planApply, (m) => m.planCommand),
  apply: lazy(planApply, (m) => m.applyCommand),
  destroy: lazy(planApply, (m) => m.destroyCommand),
  refresh: lazy(planApply, (m) => m.refreshCommand),
  drift: lazy(() => import('./commands/drift.js'), (m) => m.driftCommand),
  emulator: lazy(() => import('./emulator-command.js'), (m) => m.emulatorCommand),
  init: lazy(() => import('./commands/init.js'), (m) => m.initCommand),
  validate: lazy(() => import('./commands/validate.js'), (m) => m.validateCommand),
  import: lazy(() => import('./commands/import.js'), (m) => m.importCommand),
  state: lazy(() => import('./commands/state.js'), (m) => m.stateCommand),
  output: lazy(() => import('./commands/output.js'), (m) => m.outputCommand),
  show: lazy(() => import('./commands/show.js'), (m) => m.showCommand),
  'force-unlock': lazy(() => import('./commands/force-unlock.js'), (m) => m.forceUnlockCommand),
  version: async () => {
    process.stdout.write(`keyform ${keyformVersion()}\n`);
    return 0;
  },
};


/** Runs one command; a failed stdout or stderr (a closed pipe, a full disk) makes it end with code 1, said on the other. */
export async function run(argv: string[]): Promise<number> {
  watchOutput();
  const code = await dispatch(argv);
  const failed = outputFailure();
  if (!failed) return code;
  const other = failed.stream === 'standard output' ? process.stderr : process.stdout;
  other.write(`keyform ${argv[0] ?? ''}: ${outputFailureText(failed)}; the output is incomplete\n`);
  return code === 0 ? 1 : code;
}

async function dispatch(argv: string[]): Promise<number> {
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
    if (err instanceof UsageError) {
      process.stderr.write(`keyform ${name}: ${err.message}\n`);
      return 1;
    }
    const system = systemErrorText(err);
    if (system !== undefined) {
      process.stderr.write(`keyform ${name}: ${system}\n`);
      return 1;
    }
    // A bug: its stack, with the bundle's frames named by their sources (loaded only now).
    const { sourceStack } = await import('./source-stack.js');
    process.stderr.write(`keyform ${name}: unexpected error: ${sourceStack((err as Error).stack ?? String(err))}\n`);
    return 1;
  }
}
