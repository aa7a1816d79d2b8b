/**
 * Runs a CDKTF app's command through the shell, as cdktf-cli does, in its own process group so that a timeout or
 * an interrupt stops everything it started (the shell, tsc, node). Output is kept, up to a tail, for diagnostics.
 */
import { spawn } from 'node:child_process';

export interface AppRunOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
}

export interface AppRun {
  /** How it ended: exited (with `exitCode`), killed by a signal, timed out, interrupted, or could not start. */
  outcome: 'exited' | 'signal' | 'timeout' | 'interrupted' | 'spawn-error';
  exitCode?: number;
  signal?: string;
  spawnError?: string;
  stdout: string;
  stderr: string;
  ms: number;
}

/** The most of each stream kept: the end of a long output is where the error is. */
export const OUTPUT_TAIL = 64 * 1024;

export function runApp(command: string, opts: AppRunOptions): Promise<AppRun> {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(command, { cwd: opts.cwd, env: opts.env, shell: true, detached: process.platform !== 'win32', stdio: ['ignore', 'pipe', 'pipe'] });
    const out = { stdout: '', stderr: '' };
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out.stdout = tail(out.stdout + d)));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (out.stderr = tail(out.stderr + d)));
    let stopped: 'timeout' | 'interrupted' | undefined;
    const stop = (why: 'timeout' | 'interrupted') => {
      if (stopped) return;
      stopped = why;
      killGroup(child.pid);
    };
    const timer = setTimeout(() => stop('timeout'), opts.timeoutMs);
    const onSignal = () => stop('interrupted');
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    const finish = (r: Omit<AppRun, 'stdout' | 'stderr' | 'ms'>) => {
      clearTimeout(timer);
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      resolve({ ...r, ...out, ms: performance.now() - started });
    };
    child.on('error', (err) => finish({ outcome: 'spawn-error', spawnError: err.message }));
    child.on('close', (code, signal) => {
      if (stopped) finish({ outcome: stopped });
      else if (code !== null) finish({ outcome: 'exited', exitCode: code });
      else finish({ outcome: 'signal', signal: signal ?? 'unknown' });
    });
  });
}

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(process.platform === 'win32' ? pid : -pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

const tail = (s: string): string => (s.length > OUTPUT_TAIL ? s.slice(s.length - OUTPUT_TAIL) : s);
