/**
 * Reading the files keyform keeps beside a state (the state, its journal, lock and key files) refuses anything that
 * is not a regular file: opened without O_NONBLOCK, a FIFO left at such a path would block the read forever (no
 * writer ever comes), and a folder would fail only at the read, with no path in the error.
 */
import { constants, promises as fs, type Stats } from 'node:fs';
import { stateError } from './errors.js';

/** Why a path that is not a regular file cannot be read, in words. */
export const notAFile = (stat: Stats): string => (stat.isDirectory() ? 'it is a folder, not a file' : 'it is not a regular file (a FIFO, socket or device)');

/** The text of `path` (`what` names it in the error: "the state file"); ENOENT and other open errors as thrown. */
export async function readRegularFile(path: string, what: string): Promise<string> {
  const fh = await fs.open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const stat = await fh.stat();
    if (!stat.isFile()) throw stateError('STATE_UNREADABLE', `cannot read ${what} ${path}: ${notAFile(stat)}`);
    return await fh.readFile('utf8');
  } finally {
    await fh.close();
  }
}
