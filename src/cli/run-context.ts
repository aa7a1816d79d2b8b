/** What every engine command shares: opening the workspace with the lock, printing diagnostics, closing cleanly. */
import { DiagnosticsError, KeyformError, type Diagnostic } from '../diagnostics.js';
import type { ConfigModule } from '../config/types.js';
import { configuredOrganizations, connect, type Connection } from '../engine/operations.js';
import { Workspace } from '../engine/workspace.js';
import type { ProviderEvent } from '../provider/cycloid/index.js';
import { renderDiagnostics } from '../render/index.js';
import { describeHolder, type LockInfo } from '../state/index.js';
import { useColor } from './options.js';
import type { ModuleContext, VariableArgument } from '../config/index.js';
import type { VariableConfig } from '../config/types.js';
import { createInterface, type Interface } from 'node:readline/promises';
import { Writable } from 'node:stream';
import { systemErrorText } from './system-error.js';
import { releaseOnSignal } from './interrupt.js';

/**
 * Asks for a required variable's value on the terminal, as terraform does when one is missing. A sensitive
 * variable's value is typed without echo (readline echoes into a stream that drops it). Ctrl-C or the end of input
 * before a value is entered stops the command.
 */
function promptVariable(out: Io): (v: VariableConfig) => Promise<string> {
  return async (v) => {
    out.stderr.write(`var.${v.name}\n${v.description ? `  ${v.description}\n` : ''}\n`);
    const echo = v.sensitive ? new Writable({ write: (_chunk, _encoding, done) => done() }) : out.stderr;
    const rl = createInterface({ input: process.stdin, output: echo, terminal: true });
    try {
      if (v.sensitive) out.stderr.write(PROMPT);
      const asked = await ask(rl, v.sensitive ? '' : PROMPT);
      if ('stopped' in asked) throw new KeyformError('NO_VARIABLE_VALUE', `No value for required variable var.${v.name}: ${asked.stopped}`);
      if (v.sensitive) out.stderr.write('\n');
      return asked.answer;
    } finally {
      rl.close();
    }
  };
}

export const PROMPT = '  Enter a value: ';

/** One line read at a prompt, or why none was: Ctrl-C (`interrupted`) or the end of input (Ctrl-D). */
export function ask(rl: Interface, prompt: string): Promise<{ answer: string } | { stopped: 'interrupted' | 'the input ended' }> {
  return new Promise((resolve, reject) => {
    rl.once('SIGINT', () => resolve({ stopped: 'interrupted' }));
    rl.once('close', () => resolve({ stopped: 'the input ended' }));
    rl.question(prompt).then((answer) => resolve({ answer }), reject);
  });
}

export interface Io {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  colorOut: boolean;
  colorErr: boolean;
}

export function io(noColor: boolean | undefined): Io {
  return { stdout: process.stdout, stderr: process.stderr, colorOut: useColor(process.stdout, noColor), colorErr: useColor(process.stderr, noColor) };
}

export function printDiagnostics(out: Io, diags: readonly Diagnostic[]): void {
  const text = renderDiagnostics(diags, { color: out.colorErr, width: out.stderr.columns });
  if (text) out.stderr.write(text);
}

/**
 * Opens the workspace (taking the lock when `operation` is given), connects the provider, runs `body`, and
 * always releases both. Diagnostics and typed errors become messages on stderr and exit code 1.
 */
export async function withWorkspace(
  out: Io,
  opts: {
    dir: string;
    /** Configuration read from here instead of `dir` (a synthesized CDKTF stack). */
    configDir?: string;
    defaultStatePath?: string;
    operation?: string;
    lockTimeoutMs?: number;
    connect: boolean;
    /** Whether the configuration must load (default), may fail to (state commands), or is not read. */
    config?: 'required' | 'optional' | 'none';
    /** `--var` / `--var-file` arguments in command-line order. */
    variables?: readonly VariableArgument[];
    onEvent?: (e: ProviderEvent) => void;
    /**
     * With `connect`: the body refreshes, so the refresh starts as soon as the lock is held and the state has parsed
     * (see Connection.prefetch); `policies`: the body plans changes, so the policy codes are read at the same time.
     */
    prefetch?: boolean | { policies: boolean };
    /** With `connect`: the API calls the body may have in flight at once (--parallelism): the pool opens as many connections. */
    connections?: number;
  },
  body: (ws: Workspace, conn: Connection | undefined) => Promise<number>,
): Promise<number> {
  let ws: Workspace | undefined;
  let conn: Connection | undefined;
  const connectOptions = { ...(opts.onEvent ? { onEvent: opts.onEvent } : {}), ...(opts.connections !== undefined ? { connections: opts.connections } : {}) };
  /** The workspace being opened; whether the open is waiting for another holder's lock. */
  let opening: Promise<Workspace> | undefined;
  let waitingForLock = false;
  const stopListening = releaseOnSignal(async () => {
    await conn?.close().catch(() => undefined);
    if (!opts.operation) return false; // this command takes no lock
    // A signal while the workspace opens: the lock may be held already, the state being read. Unless the open still
    // waits for another holder's lock, let it finish (a moment) and release what it took — exiting at once left the
    // lock behind. A failed open has released it itself.
    if (!ws && opening && !waitingForLock) ws = await opening.catch(() => undefined);
    if (!ws) return false;
    await ws.close();
    return true;
  });
  try {
    const early = (context: ModuleContext | undefined) => {
      if (!opts.connect || !opts.prefetch) return;
      try {
        conn = connect({ context, env: process.env }, connectOptions);
      } catch {
        return; // missing settings: reported by the connect below, as without a prefetch
      }
      conn.prefetch(configuredOrganizations(context, conn.settings), typeof opts.prefetch === 'object' ? opts.prefetch : {});
    };
    opening = Workspace.open({
      dir: opts.dir,
      ...(opts.configDir ? { configDir: opts.configDir } : {}),
      ...(opts.defaultStatePath ? { defaultStatePath: opts.defaultStatePath } : {}),
      env: process.env,
      stateParsed: early,
      ...(opts.config ? { config: opts.config } : {}),
      ...(opts.variables ? { variables: opts.variables } : {}),
      ...(process.stdin.isTTY && process.stderr.isTTY ? { prompt: promptVariable(out) } : {}),
      ...(opts.operation
        ? {
            lock: {
              operation: opts.operation,
              timeoutMs: opts.lockTimeoutMs ?? 0,
              onWait: (h: LockInfo) => {
                waitingForLock = true;
                out.stderr.write(`Waiting for the state lock held by ${describeHolder(h)}…\n`);
              },
              onAcquired: () => {
                waitingForLock = false;
              },
              onStale: (h: LockInfo) => out.stderr.write(`Warning: took over a stale state lock: its holder (${describeHolder(h)}) is no longer running\n`),
            },
          }
        : {}),
    });
    ws = await opening;
    printDiagnostics(out, ws.warnings);
    if (opts.connect) conn ??= connect(ws, connectOptions);
    return await body(ws, conn);
  } catch (err) {
    return reportError(out, err);
  } finally {
    stopListening();
    await conn?.close().catch(() => undefined);
    await ws?.close().catch((err: unknown) => out.stderr.write(`Warning: could not release the state lock: ${(err as Error).message}\n`));
  }
}

export function reportError(out: Io, err: unknown): number {
  if (err instanceof DiagnosticsError) {
    printDiagnostics(out, err.diagnostics);
    return 1;
  }
  if (err instanceof KeyformError) {
    printDiagnostics(out, [{ severity: 'error', summary: err.message }]);
    return 1;
  }
  const system = systemErrorText(err);
  if (system !== undefined) {
    printDiagnostics(out, [{ severity: 'error', summary: system[0]!.toUpperCase() + system.slice(1) }]);
    return 1;
  }
  throw err;
}
