/**
 * Replacing a file so that a crash leaves either the old or the new content, never a mix: write a temporary file
 * beside it, fsync it, rename it over the target, fsync the folder. The previous content can be kept as a backup.
 */
import { constants, promises as fs } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname } from 'node:path';

export interface AtomicWriteOptions {
  /** File mode of the result (and of the backup); applied explicitly, whatever the umask. */
  mode: number;
  /** Where to keep the file being replaced (itself replaced atomically); nothing is kept when absent. */
  backup?: string;
}

/**
 * `data` may be pieces of text, written in order as they come (in writes of about 256 KB): a large file is then
 * never held whole. A piece that throws leaves the target untouched.
 */
export async function writeFileAtomic(path: string, data: string | Buffer | Iterable<string>, opts: AtomicWriteOptions): Promise<void> {
  const tmp = tempName(path);
  try {
    const fh = await fs.open(tmp, 'wx', opts.mode);
    try {
      await fh.chmod(opts.mode);
      if (typeof data === 'string' || Buffer.isBuffer(data)) await fh.writeFile(data);
      else await writePieces(fh, data);
      await fh.sync();
    } finally {
      await fh.close();
    }
    if (opts.backup) await keepBackup(path, opts.backup, opts.mode);
    await fs.rename(tmp, path);
  } catch (err) {
    await fs.unlink(tmp).catch(() => undefined);
    throw err;
  }
  await fsyncDir(path);
}

const PIECES_BATCH = 256 * 1024;

async function writePieces(fh: fs.FileHandle, pieces: Iterable<string>): Promise<void> {
  let pending: string[] = [];
  let size = 0;
  const flush = async () => {
    if (size === 0) return;
    await fh.write(pending.join(''));
    pending = [];
    size = 0;
  };
  for (const piece of pieces) {
    pending.push(piece);
    size += piece.length;
    if (size >= PIECES_BATCH) await flush();
  }
  await flush();
}

/** `<path>.tmp-<pid>-<random>`: unique per process and call, so concurrent writers never share a temp file. */
export const tempName = (path: string): string => `${path}.tmp-${process.pid}-${randomBytes(6).toString('hex')}`;

/** Makes `backup` a copy of `path` (if it exists) without a moment where `backup` is missing or partial. */
async function keepBackup(path: string, backup: string, mode: number): Promise<void> {
  const tmp = tempName(backup);
  try {
    await linkOrCopy(path, tmp);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  try {
    await fs.chmod(tmp, mode);
    await fs.rename(tmp, backup);
  } catch (err) {
    await fs.unlink(tmp).catch(() => undefined);
    throw err;
  }
}

/** A hard link (no copying, same inode) where the file system allows one; otherwise an exclusive copy. */
export async function linkOrCopy(from: string, to: string): Promise<void> {
  try {
    await fs.link(from, to);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS' && code !== 'EXDEV') throw err;
    await fs.copyFile(from, to, constants.COPYFILE_EXCL);
    const fh = await fs.open(to, 'r+');
    await fh.sync().finally(() => fh.close());
  }
}

/** Makes a rename or a new/removed entry in the folder of `path` durable. */
export async function fsyncDir(path: string): Promise<void> {
  let fh: fs.FileHandle | undefined;
  try {
    fh = await fs.open(dirname(path), 'r');
    await fh.sync();
  } catch (err) {
    // Some platforms and file systems cannot fsync a folder; the rename itself has happened.
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'EISDIR' && code !== 'EINVAL' && code !== 'EPERM' && code !== 'EBADF') throw err;
  } finally {
    await fh?.close();
  }
}
