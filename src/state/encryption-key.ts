/**
 * The key that encrypts secrets at rest: from KEYFORM_ENCRYPTION_KEY (32 bytes in base64/base64url, or else a
 * passphrase stretched with scrypt) or from `.keyform/encryption.key` (created by `keyform init`). A state
 * records the key's id — the first 16 hex digits of its SHA-256 — never the key.
 */
import { createHash, randomBytes, scrypt as scryptCb } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { hasCode, stateError } from './errors.js';
import { readRegularFile } from './regular-file.js';
import { systemReason } from '../system-reason.js';
import { fsyncDir, linkOrCopy } from './atomic-write.js';

export const KEY_ENV = 'KEYFORM_ENCRYPTION_KEY';
export const KEY_DIR = '.keyform';
export const KEY_FILE = join(KEY_DIR, 'encryption.key');
const PASSPHRASE_SALT = 'keyform-state-key-v1';

export interface StateKey {
  key: Buffer;
  /** First 16 hex digits of SHA-256(key): safe to show and to store. */
  id: string;
  source: 'env' | 'file';
}

export const keyId = (key: Buffer): string => createHash('sha256').update(key).digest('hex').slice(0, 16);

const scrypt = promisify(scryptCb) as (password: string, salt: string, keylen: number, options: { N: number; r: number; p: number; maxmem: number }) => Promise<Buffer>;

/** 32 bytes written in base64 or base64url (padding optional), or undefined for anything else. */
export function decodeRawKey(text: string): Buffer | undefined {
  const t = text.trim();
  if (!/^[A-Za-z0-9+/_-]{43}=?$/.test(t)) return undefined;
  const bytes = Buffer.from(t.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  return bytes.length === 32 ? bytes : undefined;
}

/** The key from KEYFORM_ENCRYPTION_KEY: raw 32 bytes when it is one, otherwise a passphrase through scrypt. */
export async function keyFromEnv(value: string): Promise<Buffer> {
  return decodeRawKey(value) ?? (await scrypt(value, PASSPHRASE_SALT, 32, { N: 1 << 15, r: 8, p: 1, maxmem: 64 * 1024 * 1024 }));
}

/** The key in use for `dir`: the environment variable wins over the key file. */
export async function loadKey(dir: string, env: NodeJS.ProcessEnv = process.env): Promise<StateKey> {
  const fromEnv = env[KEY_ENV];
  if (fromEnv !== undefined && fromEnv !== '') {
    // Blank is a mistake (an empty secret, a stray space), never a passphrase: it would protect nothing.
    if (fromEnv.trim() === '') throw stateError('STATE_KEY_INVALID', `${KEY_ENV} is set but blank (only spaces or line breaks): set it to the key (32 bytes in base64) or a passphrase, or unset it to use ${KEY_FILE}`);
    const key = await keyFromEnv(fromEnv);
    return { key, id: keyId(key), source: 'env' };
  }
  const path = join(dir, KEY_FILE);
  let text: string;
  try {
    text = await readRegularFile(path, 'the state encryption key file');
  } catch (err) {
    if (hasCode(err, 'STATE_UNREADABLE')) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') throw stateError('STATE_KEY_INVALID', `cannot read the state encryption key file ${path}: ${code === undefined ? (err as Error).message : (systemReason(code) ?? code)}`, err);
    throw stateError(
      'STATE_KEY_MISSING',
      `no state encryption key: run \`keyform init\` to create ${KEY_FILE}, or set ${KEY_ENV} (32 bytes in base64, or a passphrase)`,
    );
  }
  const key = decodeRawKey(text);
  if (!key) throw stateError('STATE_KEY_INVALID', `${path} does not hold a key (expected 32 bytes in base64, as \`keyform init\` writes)`);
  return { key, id: keyId(key), source: 'file' };
}

export interface KeyFileResult {
  path: string;
  /** False when a key file already existed (it is never overwritten). */
  created: boolean;
  /** True when `.keyform/` was added to `<dir>/.gitignore`. */
  gitignoreUpdated: boolean;
}

/** For `keyform init`: creates `.keyform/encryption.key` (0600, folder 0700) if missing and git-ignores `.keyform/`. */
export async function ensureKeyFile(dir: string): Promise<KeyFileResult> {
  const folder = join(dir, KEY_DIR);
  const path = join(dir, KEY_FILE);
  await fs.mkdir(folder, { recursive: true, mode: 0o700 });
  const created = await createExclusive(path, `${randomBytes(32).toString('base64')}\n`);
  const gitignoreUpdated = await ignoreKeyFolder(dir);
  return { path, created, gitignoreUpdated };
}

/** Writes a complete file at `path` only if none exists: written aside, then hard-linked into place. */
async function createExclusive(path: string, content: string): Promise<boolean> {
  const tmp = `${path}.tmp-${process.pid}-${randomBytes(6).toString('hex')}`;
  const fh = await fs.open(tmp, 'wx', 0o600);
  try {
    await fh.chmod(0o600);
    await fh.writeFile(content);
    await fh.sync();
  } finally {
    await fh.close();
  }
  try {
    await linkOrCopy(tmp, path);
    await fsyncDir(path);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  } finally {
    await fs.unlink(tmp).catch(() => undefined);
  }
}

const IGNORED = new Set(['.keyform', '.keyform/', '/.keyform', '/.keyform/', '.keyform/*', '/.keyform/*']);

async function ignoreKeyFolder(dir: string): Promise<boolean> {
  const path = join(dir, '.gitignore');
  let text = '';
  try {
    text = await fs.readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  if (text.split(/\r?\n/).some((line) => IGNORED.has(line.trim()))) return false;
  await fs.appendFile(path, `${text === '' || text.endsWith('\n') ? '' : '\n'}.keyform/\n`);
  return true;
}
