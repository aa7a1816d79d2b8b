/**
 * keyform as a child process whose end is bounded: killed (SIGKILL, by its own pid) when its time runs out, and
 * killable at any moment by the caller — the `kill -9` of the crash scenario.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { keyformBin } from '../process.js';
import type { LeakScanner } from './leak-scan.js';

export interface ChildRun {
  args: string[];
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Killed because its time ran out (not by the caller). */
  timedOut: boolean;
}

export interface RunningKeyform {
  child: ChildProcess;
  /** SIGKILL now (a no-op once it has exited). */
  kill(): void;
  done: Promise<ChildRun>;
}

export function startKeyform(args: string[], opts: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs: number }): RunningKeyform {
  const child = spawn(process.execPath, [keyformBin, ...args], { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let timedOut = false;
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const kill = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  const timer = setTimeout(() => {
    timedOut = true;
    kill();
  }, Math.max(0, opts.timeoutMs));
  const done = new Promise<ChildRun>((resolve, reject) => {
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ args, code, signal, stdout, stderr, timedOut });
    });
  });
  return { child, kill, done };
}

export function runKeyformBounded(args: string[], opts: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs: number }): Promise<ChildRun> {
  return startKeyform(args, opts).done;
}

export interface DeadlineRunOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Epoch ms: no run starts after it, and a run still going then is killed. */
  deadlineAt: number;
  leaks: LeakScanner;
  /** A directory keyform writes to, scanned for leaks after each run. */
  dir?: string;
  /** Told why the deadline stopped a run: before it started, or during it. */
  cutShort(why: string): void;
}

/**
 * The chaos run's way of running keyform: not started once the deadline has come, killed when it comes, what it
 * printed (and `dir`) scanned for leaks, `inspect` called on every run that was started. Undefined when the deadline
 * stopped it (`cutShort` says why).
 */
export async function runBeforeDeadline(args: string[], label: string, o: DeadlineRunOptions, inspect?: (run: ChildRun) => Promise<void>): Promise<ChildRun | undefined> {
  const timeLeft = o.deadlineAt - Date.now();
  if (timeLeft <= 0) {
    o.cutShort(`the deadline came before ${label}`);
    return undefined;
  }
  const run = await runKeyformBounded(args, { cwd: o.cwd, env: o.env, timeoutMs: timeLeft });
  o.leaks.scanRun(label, run);
  if (o.dir) o.leaks.scanDir(o.dir, `after ${label}`);
  await inspect?.(run);
  if (run.timedOut) {
    o.cutShort(`the deadline came during ${label}`);
    return undefined;
  }
  return run;
}

/** keyform's own count of retried API calls, from the summary line of a finished apply or destroy. */
export function retriesReported(stdout: string): number {
  const m = /\((\d+) API calls? retried\)/.exec(stdout);
  return m ? Number(m[1]) : 0;
}

/** Creates whose answer was lost and that keyform revoked and made again (its stderr notes). */
export function lostAnswersReported(stderr: string): number {
  return (stderr.match(/^Note: the answer to creating .* was lost/gm) ?? []).length;
}
