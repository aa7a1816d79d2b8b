/**
 * A failed file-system call (a state path that is a folder, a full disk, a read-only mount…) as one sentence that
 * says what could not be done, where, and why — not as an unexpected error with a stack: it is the user's machine
 * that needs mending, not keyform.
 */
import { systemReason } from '../system-reason.js';

const VERBS: Readonly<Record<string, string>> = {
  open: 'open',
  read: 'read',
  write: 'write',
  mkdir: 'create the folder',
  rmdir: 'remove the folder',
  scandir: 'list the folder',
  opendir: 'list the folder',
  rename: 'rename',
  unlink: 'remove',
  stat: 'read the details of',
  lstat: 'read the details of',
  fstat: 'read the details of',
  fsync: 'flush to disk',
  fdatasync: 'flush to disk',
  chmod: 'change the mode of',
  fchmod: 'change the mode of',
  link: 'link',
  copyfile: 'copy',
  realpath: 'resolve',
  access: 'access',
  close: 'close',
};

interface SystemError extends Error {
  code: string;
  syscall: string;
  path?: string;
  dest?: string;
}

export function isSystemError(err: unknown): err is SystemError {
  const e = err as Partial<SystemError> | null;
  return err instanceof Error && typeof e?.code === 'string' && /^E[A-Z0-9]+$/.test(e.code) && typeof e.syscall === 'string' && systemReason(e.code) !== undefined;
}

/** `cannot write /work/keyform.tfstate.tmp-1: no space left on the device (ENOSPC)`, or undefined for other errors. */
export function systemErrorText(err: unknown): string | undefined {
  if (!isSystemError(err)) return undefined;
  const verb = VERBS[err.syscall] ?? err.syscall;
  const where = err.path === undefined ? 'a file' : err.dest === undefined ? err.path : `${err.path} to ${err.dest}`;
  return `cannot ${verb} ${where}: ${systemReason(err.code)} (${err.code})`;
}
