/**
 * `plan|apply|destroy --cdktf DIR`: synthesizes the CDKTF app in DIR, then runs the command on each stack in
 * turn, each with its own state (the stack's local backend, else DIR/terraform.<stack>.tfstate) and the
 * encryption key of DIR. Every stack's output starts with a heading; its messages on stderr too. Stacks run in
 * dependency order (reversed for destroy), a stack whose prerequisite failed is skipped, and the exit code is the
 * worst of the stacks: 1 (error) over 2 (changes present) over 0.
 */
import { relative, resolve } from 'node:path';
import { synthesize, DEFAULT_SYNTH_TIMEOUT_MS, type SynthesizedStack } from '../../cdktf/index.js';
import type { Connection } from '../../engine/operations.js';
import type { Workspace } from '../../engine/workspace.js';
import type { ProviderEvent } from '../../provider/cycloid/index.js';
import { parseDuration } from '../options.js';
import { printDiagnostics, withWorkspace, type Io } from '../run-context.js';

export const SYNTH_TIMEOUT_ENV = 'KEYFORM_SYNTH_TIMEOUT';

export interface StacksRun {
  dir: string;
  operation: string;
  lockTimeoutMs: number;
  onEvent: (e: ProviderEvent) => void;
  /** API calls in flight at once (--parallelism): each stack's connection pool opens as many connections. */
  connections: number;
  destroy: boolean;
}

export async function runOnStacks(out: Io, o: StacksRun, body: (ws: Workspace, conn: Connection | undefined) => Promise<number>): Promise<number> {
  const env = process.env[SYNTH_TIMEOUT_ENV];
  const timeoutMs = env ? parseDuration(SYNTH_TIMEOUT_ENV, env) : DEFAULT_SYNTH_TIMEOUT_MS;
  const shown = relative(process.cwd(), o.dir) || '.';
  const synth = await synthesize(o.dir, { env: process.env, timeoutMs });
  printDiagnostics(out, synth.diagnostics);
  if (!synth.stacks || !synth.project) return 1;
  if (synth.stacks.length === 0) {
    printDiagnostics(out, [{ severity: 'error', summary: `The CDKTF app in ${shown} synthesized no stack` }]);
    return 1;
  }
  const project = synth.project;
  out.stdout.write(`Synthesized ${count(synth.stacks.length, 'stack')} (${synth.stacks.map((s) => s.name).join(', ')}) from ${shown} in ${((synth.appMs ?? 0) / 1000).toFixed(1)} s\n`);

  const order = o.destroy ? [...synth.stacks].reverse() : synth.stacks;
  const codes = new Map<string, number | 'skipped'>();
  for (const stack of order) {
    const heading = `=== Stack ${stack.name} (${relative(process.cwd(), stack.file)}) ===`;
    out.stdout.write(`\n${heading}\n`);
    const failed = prerequisites(stack, synth.stacks, o.destroy).filter((p) => codes.get(p) === 1 || codes.get(p) === 'skipped');
    if (failed.length > 0) {
      out.stderr.write(`${heading}\nSkipped: ${o.destroy ? 'stacks that depend on it' : 'stacks it depends on'} did not finish (${failed.join(', ')})\n`);
      codes.set(stack.name, 'skipped');
      continue;
    }
    const code = await withWorkspace(
      { ...out, stderr: headed(out.stderr, `${heading}\n`) },
      { dir: project.dir, configDir: stack.dir, defaultStatePath: stack.defaultStatePath, operation: o.operation, lockTimeoutMs: o.lockTimeoutMs, connect: true, onEvent: o.onEvent, connections: o.connections },
      body,
    );
    codes.set(stack.name, code);
  }
  if (order.length > 1) {
    out.stdout.write(`\nStacks:\n${order.map((s) => `  ${s.name.padEnd(Math.max(...order.map((x) => x.name.length)))}  ${outcome(codes.get(s.name))}\n`).join('')}`);
  }
  return [...codes.values()].reduce<number>((worst, c) => (c === 'skipped' || c === 1 || worst === 1 ? 1 : Math.max(worst, c)), 0);
}

/** The stacks that must succeed first: its dependencies, or for destroy the stacks that depend on it. */
function prerequisites(stack: SynthesizedStack, all: SynthesizedStack[], destroy: boolean): string[] {
  return destroy ? all.filter((s) => s.dependencies.includes(stack.name)).map((s) => s.name) : stack.dependencies;
}

function outcome(code: number | 'skipped' | undefined): string {
  if (code === 0) return 'ok';
  if (code === 2) return 'changes present';
  if (code === 'skipped') return 'skipped';
  return 'failed';
}

/** A view of `stream` that writes `heading` before the first thing written, so a stack's messages say whose. */
function headed(stream: NodeJS.WriteStream, heading: string): NodeJS.WriteStream {
  let said = false;
  return new Proxy(stream, {
    get(target, prop) {
      if (prop === 'write') {
        return (...args: Parameters<NodeJS.WriteStream['write']>) => {
          if (!said) {
            said = true;
            target.write(heading);
          }
          return (target.write as (...a: unknown[]) => boolean)(...args);
        };
      }
      const v = Reflect.get(target, prop, target) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}

const count = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

export const resolveCdktfDir = (chdir: string | undefined, dir: string): string => resolve(chdir ?? process.cwd(), dir);
