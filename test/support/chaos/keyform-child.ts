/**
 * keyform as a child process whose end is bounded: killed (SIGKILL, by its own pid) when its time runs out, and
 * killable at any moment by the caller — the `kill -9` of the crash scenario.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { keyformBin } from '../process.js';

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

/** keyform's own count of retried API calls, from the summary line of a finished apply or destroy. */
export function retriesReported(stdout: string): number {
  const m = /\((\d+) API calls? retried\)/.exec(stdout);
  return m ? Number(m[1]) : 0;
}

/** Creates whose answer was lost and that keyform revoked and made again (its stderr notes). */
export function lostAnswersReported(stderr: string): number {
  return (stderr.match(/^Note: the answer to creating .* was lost/gm) ?? []).length;
}
