/**
 * Child processes of the engine benchmark: every child runs in its own process group, is bounded by a timeout and
 * is killed (the whole group) when the benchmark ends, however it ends. A timed run reports its wall time (spawn to
 * exit, measured here) and its peak resident set size: from GNU `/usr/bin/time -f %M` when present, else, for a
 * Node.js child, from the `rss-preload.js` module loaded with `node --import` that writes
 * `process.resourceUsage().maxRSS` to a file at exit.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';

const live = new Set<ChildProcess>();

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      // already gone
    }
  }
}

/** Kills every child still running (synchronous: safe in an 'exit' handler). */
export function killAll(): void {
  for (const child of live) killGroup(child, 'SIGKILL');
  live.clear();
}

function track(child: ChildProcess): void {
  live.add(child);
  child.once('exit', () => live.delete(child));
}

const GNU_TIME = '/usr/bin/time';
let gnuTimeWorks: boolean | undefined;

/** How peak RSS is measured: GNU time when it works (unless BENCH_RSS=preload), else the preload module. */
export function rssMethod(): 'gnu-time' | 'preload' {
  if (process.env['BENCH_RSS'] === 'preload') return 'preload';
  if (gnuTimeWorks === undefined) {
    gnuTimeWorks = existsSync(GNU_TIME) && spawnSync(GNU_TIME, ['-f', '%M', 'true'], { encoding: 'utf8', timeout: 5000 }).stderr?.trim().match(/^\d+$/) !== null;
  }
  return gnuTimeWorks ? 'gnu-time' : 'preload';
}

export interface RunSpec {
  /** The program and its arguments; `node: true` when argv[0] is process.execPath running a script. */
  argv: string[];
  node?: boolean;
  cwd: string;
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
  /** Where stdout and stderr go (files: the parent never reads a pipe while timing). */
  logPrefix: string;
}

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  wallMs: number;
  /** Peak resident set size in KiB, when it could be measured. */
  peakRssKb: number | undefined;
  stdoutFile: string;
  stderrFile: string;
}

const PRELOAD = new URL('./rss-preload.js', import.meta.url);

/** Runs one child to its end, timing it; rejects only on a timeout or a failure to start. */
export async function runTimed(spec: RunSpec): Promise<RunResult> {
  const rssFile = `${spec.logPrefix}.rss`;
  rmSync(rssFile, { force: true });
  let argv = spec.argv;
  const env = { ...spec.env };
  const method = rssMethod();
  if (method === 'gnu-time') {
    argv = [GNU_TIME, '-f', '%M', '-o', rssFile, ...argv];
  } else if (spec.node) {
    argv = [argv[0]!, '--import', PRELOAD.href, ...argv.slice(1)];
    env['KEYFORM_BENCH_RSS_FILE'] = rssFile;
  }
  const stdoutFile = `${spec.logPrefix}.stdout`;
  const stderrFile = `${spec.logPrefix}.stderr`;
  const out = openSync(stdoutFile, 'w');
  const err = openSync(stderrFile, 'w');
  const started = performance.now();
  let child: ChildProcess;
  try {
    child = spawn(argv[0]!, argv.slice(1), { cwd: spec.cwd, env, stdio: ['ignore', out, err], detached: true });
  } finally {
    closeSync(out);
    closeSync(err);
  }
  track(child);
  const { code, signal, timedOut } = await new Promise<{ code: number | null; signal: NodeJS.Signals | null; timedOut: boolean }>((resolve, reject) => {
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child, 'SIGKILL');
    }, spec.timeoutMs);
    child.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.once('exit', (c, s) => {
      clearTimeout(timer);
      resolve({ code: c, signal: s, timedOut });
    });
  });
  const wallMs = performance.now() - started;
  if (timedOut) throw new Error(`${describe(spec.argv)} did not finish within ${Math.round(spec.timeoutMs / 1000)} s (killed)${tail(stderrFile)}`);
  let peakRssKb: number | undefined;
  if (existsSync(rssFile)) {
    // GNU time writes "Command exited with non-zero status N" before the figure when the command fails.
    const figure = readFileSync(rssFile, 'utf8').trim().split('\n').pop()?.trim();
    if (figure && /^\d+$/.test(figure)) peakRssKb = Number(figure);
  }
  return { code, signal, wallMs, peakRssKb, stdoutFile, stderrFile };
}

export function describe(argv: string[]): string {
  return argv.map((a) => (a.includes('/') ? a.slice(a.lastIndexOf('/') + 1) : a)).join(' ');
}

/** The last lines of a log file, for an error message. */
export function tail(file: string, lines = 8): string {
  if (!existsSync(file)) return '';
  const text = readFileSync(file, 'utf8').trimEnd();
  if (text === '') return '';
  return `\n  ${text.split('\n').slice(-lines).join('\n  ')}`;
}

/** A run that must exit with `expected`; throws with the child's last output otherwise. */
export async function runExpect(spec: RunSpec, expected = 0): Promise<RunResult> {
  const r = await runTimed(spec);
  if (r.code !== expected) {
    throw new Error(`${describe(spec.argv)} exited ${r.code ?? r.signal} (expected ${expected})${tail(r.stderrFile)}${tail(r.stdoutFile)}`);
  }
  return r;
}

export interface Emulator {
  url: string;
  token: string;
  dataDir: string;
  stop(): Promise<void>;
}

/** `bin/keyform emulator --port 0 --data-dir DIR --quiet` as a child process (its own CPU); resolves when ready. */
export async function startEmulator(root: string, dataDir: string, timeoutMs = 20_000): Promise<Emulator> {
  const errFile = openSync(`${dataDir}.stderr`, 'w');
  const child = spawn(process.execPath, [join(root, 'bin', 'keyform'), 'emulator', '--port', '0', '--data-dir', dataDir, '--quiet'], {
    cwd: root,
    stdio: ['ignore', 'pipe', errFile],
    detached: true,
  });
  closeSync(errFile);
  track(child);
  const ready = await new Promise<{ url: string; admin_token_file: string }>((resolve, reject) => {
    const timer = setTimeout(() => {
      killGroup(child, 'SIGKILL');
      reject(new Error(`the emulator was not ready within ${timeoutMs / 1000} s${tail(`${dataDir}.stderr`)}`));
    }, timeoutMs);
    createInterface({ input: child.stdout! }).once('line', (line) => {
      clearTimeout(timer);
      try {
        resolve(JSON.parse(line) as { url: string; admin_token_file: string });
      } catch (e) {
        reject(new Error(`the emulator's first line is not its ready event: ${line} (${(e as Error).message})`));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the emulator exited early (${code})${tail(`${dataDir}.stderr`)}`));
    });
  });
  child.stdout!.resume();
  const token = readFileSync(ready.admin_token_file, 'utf8').trim();
  return {
    url: ready.url,
    token,
    dataDir,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((r) => child.once('exit', () => r()));
      killGroup(child, 'SIGTERM');
      const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}
