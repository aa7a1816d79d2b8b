/**
 * `keyform state list|show|rm|mv`: reading and editing the state without touching Cycloid, as Terraform's
 * `state` subcommands do. `list` and `show` read without the lock; `rm` and `mv` take it. All of them work
 * even when the configuration does not load, so a broken configuration can be repaired around its state.
 */
import { resolve } from 'node:path';
import { KeyformError } from '../../diagnostics.js';
import { Workspace } from '../../engine/workspace.js';
import { sensitiveAttributes } from '../../provider/schema.js';
import { keyText } from '../../render/value-text.js';
import {
  findInstance,
  listAddresses,
  moveInstance,
  parseAddress,
  removeInstance,
  type InstanceState,
  type State,
} from '../../state/index.js';
import { lockOptions, parseCommandArgs, parseDuration } from '../options.js';
import { type Io, io, withWorkspace } from '../run-context.js';
import { UsageError } from '../usage-error.js';
import { hclText } from './output.js';

export const stateHelp = `Usage: keyform state <subcommand> [options] [args]

Reads and edits the state. No subcommand calls the Cycloid API.

Subcommands:
  list [ADDR...]   the addresses in the state, sorted; ADDR filters (a type, a resource or an instance)
  show ADDR        one instance's attributes (sensitive ones as (sensitive value))
  rm ADDR...       forget instances: the API keys stay in Cycloid, no longer managed by keyform
  mv FROM TO       rename a resource or move an instance (e.g. after renaming it in the configuration)

Options:
  --chdir DIR           the working directory (default: the current one)
  --lock-timeout 30s    rm, mv: how long to wait for the state lock (default 0s: try once)
  --no-color            no colour in messages
  -h, --help            show this help
`;

const OPTIONS = lockOptions;

type Sub = (ctx: Ctx, args: string[]) => Promise<number>;
interface Ctx {
  dir: string;
  lockTimeoutMs: number;
  out: Io;
}

const SUBCOMMANDS: Record<string, { sub: Sub; args: string }> = {
  list: { sub: list, args: '[ADDR...]' },
  show: { sub: show, args: 'ADDR' },
  rm: { sub: rm, args: 'ADDR...' },
  mv: { sub: mv, args: 'FROM TO' },
};

export async function stateCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv);
  const [name, ...args] = positionals;
  if (values.help || name === undefined) {
    process.stdout.write(stateHelp);
    return values.help ? 0 : 1;
  }
  const entry = SUBCOMMANDS[name];
  if (!entry) throw new UsageError(`unknown subcommand 'state ${name}': use list, show, rm or mv`);
  const ctx: Ctx = { dir: resolve(values.chdir ?? process.cwd()), lockTimeoutMs: parseDuration('--lock-timeout', values['lock-timeout']), out: io(values['no-color']) };
  return entry.sub(ctx, args);
}

async function list(ctx: Ctx, filters: string[]): Promise<number> {
  return withState(ctx, undefined, async (ws) => {
    const matches = (a: string): boolean => filters.length === 0 || filters.some((f) => a === f || a.startsWith(`${f}[`) || a.startsWith(`${f}.`));
    const addresses = listAddresses(ws.state).filter(matches).sort();
    process.stdout.write(addresses.map((a) => `${a}\n`).join(''));
    return 0;
  });
}

async function show(ctx: Ctx, args: string[]): Promise<number> {
  if (args.length !== 1) throw new UsageError('state show needs exactly one ADDR: keyform state show cycloid_organization_api_key.NAME');
  return withState(ctx, undefined, async (ws) => {
    const instance = findInstance(ws.state, args[0]!);
    if (!instance) throw notInState(ws.state, args[0]!);
    process.stdout.write(instanceBlock(args[0]!, instance));
    return 0;
  });
}

async function rm(ctx: Ctx, args: string[]): Promise<number> {
  if (args.length === 0) throw new UsageError('state rm needs at least one ADDR');
  return withState(ctx, 'state rm', async (ws) => {
    const removed: string[] = [];
    let state = ws.state;
    for (const a of args) {
      const targets = instancesAt(state, a);
      if (targets.length === 0) throw notInState(ws.state, a);
      for (const t of targets) {
        state = removeInstance(state, t);
        removed.push(t);
      }
    }
    ws.state = await ws.backend.write(state);
    for (const a of removed) process.stdout.write(`Removed ${a}\n`);
    process.stdout.write(`Successfully removed ${removed.length} resource instance(s).\n\n`);
    process.stdout.write('Note: the API key(s) still exist in Cycloid and keep working; keyform no longer manages them. Revoke them in Cycloid, or import them again with keyform import.\n');
    return 0;
  });
}

async function mv(ctx: Ctx, args: string[]): Promise<number> {
  if (args.length !== 2) throw new UsageError('state mv needs FROM and TO: keyform state mv cycloid_organization_api_key.old cycloid_organization_api_key.new');
  const [from, to] = args as [string, string];
  return withState(ctx, 'state mv', async (ws) => {
    ws.state = await ws.backend.write(moveInstance(ws.state, from, to));
    process.stdout.write(`Move "${from}" to "${to}"\nSuccessfully moved 1 object.\n`);
    return 0;
  });
}

/** Opens the workspace (configuration optional; locked when `operation` is given), runs `body`, closes it. */
function withState(ctx: Ctx, operation: string | undefined, body: (ws: Workspace) => Promise<number>): Promise<number> {
  return withWorkspace(ctx.out, { dir: ctx.dir, ...(operation ? { operation } : {}), lockTimeoutMs: ctx.lockTimeoutMs, connect: false, config: 'optional' }, (ws) => body(ws));
}

/** The instances `address` names: itself, or every instance of a resource given without its index. */
function instancesAt(state: State, address: string): string[] {
  parseAddress(address); // a malformed address is an error, not "not found"
  return listAddresses(state).filter((a) => a === address || a.startsWith(`${address}[`));
}

function notInState(state: State, address: string): KeyformError {
  parseAddress(address);
  const known = listAddresses(state);
  const list = known.length === 0 ? 'the state is empty' : `it has: ${known.slice(0, 10).join(', ')}${known.length > 10 ? ', …' : ''}`;
  return new KeyformError('STATE_ADDRESS_NOT_FOUND', `${address} is not in the state (${list})`);
}

/**
 * One instance as Terraform's `state show` prints it: `# ADDR:` then a resource block with sorted, aligned
 * attributes; sensitive ones as `(sensitive value)`, a null token explained.
 */
export function instanceBlock(address: string, instance: InstanceState): string {
  const { type, name } = parseAddress(address);
  const sensitive = new Set([...sensitiveAttributes(type), ...instance.sensitive_attributes.map((p) => (p[0]?.type === 'get_attr' ? p[0].value : ''))]);
  const keys = Object.keys(instance.attributes).sort();
  const width = Math.max(0, ...keys.map((k) => keyText(k).length));
  const unit = '    ';
  const lines = keys.map((k) => {
    const v = instance.attributes[k] ?? null;
    const text = !sensitive.has(k) ? hclText(v, unit, unit) : v === null ? 'null  # no token: imported or lost' : '(sensitive value)';
    return `${unit}${keyText(k).padEnd(width)} = ${text}`;
  });
  const status = instance.status === 'tainted' ? ' (tainted)' : instance.status === 'pending_create' ? ' (pending create: outcome unknown)' : '';
  return `# ${address}:${status}\nresource ${JSON.stringify(type)} ${JSON.stringify(name)} {\n${lines.join('\n')}${lines.length ? '\n' : ''}}\n`;
}

const parse = (argv: string[]) => parseCommandArgs('state', argv, OPTIONS);
