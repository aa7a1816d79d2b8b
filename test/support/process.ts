/** Runs `bin/keyform emulator` as a child process and waits for its ready line. */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';

export const keyformBin = fileURLToPath(new URL('../../../bin/keyform', import.meta.url));

export interface EmulatorProcess {
  child: ChildProcess;
  url: string;
  organization: string;
  adminTokenFile: string;
  adminToken: string;
  stderr: () => string;
  stdout: () => string;
  /** Resolves with the exit code and signal. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function spawnEmulator(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<EmulatorProcess> {
  const child = spawn(process.execPath, [keyformBin, 'emulator', ...args], { stdio: ['ignore', 'pipe', 'pipe'], env });
  let stderr = '';
  let stdout = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    let ready = false;
    lines.on('line', (line) => {
      stdout += `${line}\n`;
      if (ready) return;
      ready = true;
      try {
        const event = JSON.parse(line) as { event: string; url: string; organization: string; admin_token_file: string };
        resolve({
          child,
          url: event.url,
          organization: event.organization,
          adminTokenFile: event.admin_token_file,
          adminToken: readFileSync(event.admin_token_file, 'utf8').trim(),
          stderr: () => stderr,
          stdout: () => stdout,
          exited,
        });
      } catch (err) {
        reject(new Error(`unexpected first line from the emulator: ${line}\n${stderr}`));
      }
    });
    void exited.then(({ code, signal }) => {
      if (!ready) reject(new Error(`the emulator exited (${code ?? signal}) before it was ready:\n${stderr}`));
    });
  });
}
