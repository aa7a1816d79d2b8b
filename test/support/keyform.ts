/** Runs bin/keyform as a user would, asynchronously (an in-process emulator keeps serving meanwhile). */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { keyformBin } from './process.js';

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runKeyform(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string } = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [keyformBin, ...args], { cwd: opts.cwd, env: opts.env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(opts.input ?? '');
  });
}

/** The environment of a keyform run against an emulator: API URL and key, organization, a fresh encryption key. */
export function keyformEnv(emu: { url: string; adminToken: string; organization: string }, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, CY_API_URL: emu.url, CY_API_KEY: emu.adminToken, CY_ORG: emu.organization, KEYFORM_ENCRYPTION_KEY: randomBytes(32).toString('base64'), NO_COLOR: '1', ...extra };
  delete env['FORCE_COLOR'];
  return env;
}
