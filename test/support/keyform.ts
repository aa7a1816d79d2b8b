/** Runs bin/keyform as a user would, asynchronously (an in-process emulator keeps serving meanwhile). */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { keyformBin } from './process.js';
import { recordRun } from './leaks.js';

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface SpawnedKeyform {
  child: ChildProcessWithoutNullStreams;
  stdout: () => string;
  stderr: () => string;
  /** Resolves when the process has closed (its output is recorded for the leak scan then). */
  done: Promise<RunResult>;
}

/**
 * Starts bin/keyform and collects its output; what it printed is recorded for the leak scan (test/support/leaks.ts)
 * when it closes, however it ended (a kill included).
 */
export function spawnKeyform(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string } = {}): SpawnedKeyform {
  const child = spawn(process.execPath, [keyformBin, ...args], { cwd: opts.cwd, env: opts.env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const done = new Promise<RunResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      recordRun(args, stdout, stderr);
      resolve({ code, stdout, stderr });
    });
  });
  child.stdin.end(opts.input ?? '');
  return { child, stdout: () => stdout, stderr: () => stderr, done };
}

export function runKeyform(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string } = {}): Promise<RunResult> {
  return spawnKeyform(args, opts).done;
}

/** The environment of a keyform run against an emulator: API URL and key, organization, a fresh encryption key. */
export function keyformEnv(emu: { url: string; adminToken: string; organization: string }, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, CY_API_URL: emu.url, CY_API_KEY: emu.adminToken, CY_ORG: emu.organization, KEYFORM_ENCRYPTION_KEY: randomBytes(32).toString('base64'), NO_COLOR: '1', ...extra };
  delete env['FORCE_COLOR'];
  return env;
}
