/**
 * Reading the files keyform keeps beside a state (the state, its journal, lock and key files) refuses anything that
 * is not a regular file: opened without O_NONBLOCK, a FIFO left at such a path would block the read forever (no
 * writer ever comes), and a folder would fail only at the read, with no path in the error.
 */
import { constants, promises as fs, type Stats } from 'node:fs';
import { stateError } from './errors.js';

/** Why a path that is not a regular file cannot be read, in words. */
const notAFile = (stat: Stats): string => (stat.isDirectory() ? 'it is a folder, not a file' : 'it is not a regular file (a FIFO, socket or device)');

/**
 * `path` opened for reading, with its stat, once it is known to be a regular file (`what` names it in the error:
 * "the state file"); ENOENT and other open errors as thrown. The caller closes the handle.
 */
export async function openRegularFile(path: string, what: string): Promise<{ fh: fs.FileHandle; stat: Stats }> {
  const fh = await fs.open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const stat = await fh.stat();
    if (!stat.isFile()) throw stateError('STATE_UNREADABLE', `cannot read ${what} ${path}: ${notAFile(stat)}`);
    return { fh, stat };
  } catch (err) {
    await fh.close();
    throw err;
  }
}

/** The text of `path`, a regular file (see openRegularFile). */
export async function readRegularFile(path: string, what: string): Promise<string> {
  const { fh } = await openRegularFile(path, what);
  try {
    return await fh.readFile('utf8');
  } finally {
    await fh.close();
  }
}
