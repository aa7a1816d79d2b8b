/**
 * Where the seeded credentials are handed over: files of mode 0600, written atomically, never printed.
 * `admin-token` is the primary organization's admin key; `tokens/<org>/admin-key` and
 * `tokens/<org>/users/<username>` hold every organization's admin key and user session tokens.
 */
import { chmodSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export function readTokenFile(path: string): string | undefined {
  try {
    const text = readFileSync(path, 'utf8').trim();
    return text === '' ? undefined : text;
  } catch {
    return undefined;
  }
}

export function writeTokenFile(path: string, token: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, `${token}\n`, { mode: 0o600 });
  chmodSync(tmp, 0o600);
  renameSync(tmp, path);
}

export const tokenPaths = (dir: string) => ({
  primary: join(dir, 'admin-token'),
  admin: (org: string) => join(dir, 'tokens', org, 'admin-key'),
  user: (org: string, username: string) => join(dir, 'tokens', org, 'users', username),
});
