/**
 * A lock file beside the state: `<dir>/.<state file name>.lock.info`, holding the holder's LockInfo as JSON.
 * It is published whole and exclusively (written aside, then hard-linked into place, which fails if a lock
 * exists — O_EXCL where links are unsupported). A lock left by a dead process on this host is taken over;
 * takeovers are serialised by a guard file so two processes can never both take over the same stale lock.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fsyncDir } from './atomic-write.js';
import { stateError } from './errors.js';
import { readRegularFile } from './regular-file.js';
import { newLockInfo, type AcquireOptions, type Lock, type LockInfo, type Locker } from './lock.js';
import { realClock, waitForLock, type WaitClock } from './lock-wait.js';

export interface FileLockerOptions {
  /** keyform version recorded in the lock. */
  version?: string;
  /** Whether a process of this host is running; default `process.kill(pid, 0)`. */
  isAlive?: (pid: number) => boolean;
  clock?: WaitClock;
}

/** The ID reported for a lock file that cannot be parsed; `forceUnlock` accepts it. */
export const UNREADABLE_LOCK_ID = 'unreadable';
/** A takeover guard older than this was left by a crash (a takeover takes milliseconds). */
const GUARD_ABANDONED_MS = 10_000;

export const lockPathFor = (statePath: string): string => join(dirname(statePath), `.${basename(statePath)}.lock.info`);

export function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

export class FileLocker implements Locker {
  readonly statePath: string;
  readonly lockPath: string;
  private readonly version: string;
  private readonly isAlive: (pid: number) => boolean;
  private readonly clock: WaitClock;

  constructor(statePath: string, opts: FileLockerOptions = {}) {
    this.statePath = statePath;
    this.lockPath = lockPathFor(statePath);
    this.version = opts.version ?? '0.1.0';
    this.isAlive = opts.isAlive ?? processIsAlive;
    this.clock = opts.clock ?? realClock;
  }

  acquire(req: { operation: string }, opts: AcquireOptions): Promise<Lock> {
    return waitForLock(async () => {
      for (;;) {
        const info = newLockInfo(req.operation, this.statePath, this.version, new Date(this.clock.now()));
        if (await this.publish(info)) return this.lockOf(info);
        const holder = await this.current();
        if (!holder) continue; // released in between: try again at once
        if (!this.isStale(holder)) return holder;
        const taken = await this.takeOver(holder, info);
        if (taken === 'won') {
          opts.onStale?.(holder);
          return this.lockOf(info);
        }
        if (taken === 'busy') return holder;
      }
    }, opts, this.clock);
  }

  async current(): Promise<LockInfo | undefined> {
    return readLock(this.lockPath);
  }

  async forceUnlock(id: string): Promise<void> {
    const holder = await this.current();
    if (!holder) throw stateError('STATE_NOT_LOCKED', `${this.statePath} is not locked`);
    if (holder.ID !== id) throw stateError('STATE_LOCK_ID_MISMATCH', `the lock on ${this.statePath} has ID ${holder.ID}, not ${id}: nothing was unlocked`);
    await unlinkIfExists(this.lockPath);
    await fsyncDir(this.lockPath);
  }

  private isStale(holder: LockInfo): boolean {
    return holder.ID !== UNREADABLE_LOCK_ID && holder.Host === hostname() && holder.Pid !== process.pid && !this.isAlive(holder.Pid);
  }

  /** Creates the lock file with `info` if there is none; false when one exists. */
  private async publish(info: LockInfo): Promise<boolean> {
    return createExclusive(this.lockPath, `${JSON.stringify(info, null, 2)}\n`);
  }

  /**
   * Replaces the stale lock `stale` with `info`, under the takeover guard: the lock is re-checked to still be
   * `stale` while no one else can remove it. 'lost' means another process got there first (look again).
   */
  private async takeOver(stale: LockInfo, info: LockInfo): Promise<'won' | 'lost' | 'busy'> {
    const guard = `${this.lockPath}.takeover`;
    if (!(await createExclusive(guard, `${JSON.stringify({ pid: process.pid, host: hostname() })}\n`))) {
      await this.clearAbandonedGuard(guard);
      return 'busy';
    }
    try {
      // Under the guard a stale lock can only be removed by us: if it is still `stale` now, it stays so.
      if ((await this.current())?.ID !== stale.ID) return 'lost';
      // Replace the stale file in one rename: there is never a moment without a lock file, so a racer outside
      // the guard cannot slip in a lock of its own between the removal and the new lock.
      const tmp = `${this.lockPath}.tmp-${process.pid}-${randomBytes(6).toString('hex')}`;
      await fs.writeFile(tmp, `${JSON.stringify(info, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
      try {
        await fs.rename(tmp, this.lockPath);
      } catch (err) {
        await unlinkIfExists(tmp);
        throw err;
      }
      await fsyncDir(this.lockPath);
      return 'won';
    } finally {
      await unlinkIfExists(guard);
    }
  }

  private async clearAbandonedGuard(guard: string): Promise<void> {
    try {
      const st = await fs.stat(guard);
      if (this.clock.now() - st.mtimeMs > GUARD_ABANDONED_MS) await unlinkIfExists(guard);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }

  private lockOf(info: LockInfo): Lock {
    let released = false;
    return {
      info,
      release: async () => {
        if (released) return;
        const holder = await this.current();
        if (holder && holder.ID !== info.ID) {
          throw stateError('STATE_LOCK_ID_MISMATCH', `the lock on ${this.statePath} is now held by ID ${holder.ID} (it was force-unlocked while this run held it)`);
        }
        released = true;
        if (holder) {
          await unlinkIfExists(this.lockPath);
          await fsyncDir(this.lockPath);
        }
      },
    };
  }
}

/** The LockInfo in `path`; undefined when there is no file; a placeholder naming UNREADABLE_LOCK_ID if damaged. */
async function readLock(path: string): Promise<LockInfo | undefined> {
  let text: string;
  try {
    text = await readRegularFile(path, 'the lock file');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  try {
    const info = JSON.parse(text) as LockInfo;
    if (typeof info.ID === 'string' && typeof info.Pid === 'number' && typeof info.Host === 'string') return info;
  } catch {
    // fall through
  }
  return { ID: UNREADABLE_LOCK_ID, Operation: 'unknown', Who: 'unknown', Version: 'unknown', Created: '', Path: path, Pid: 0, Host: 'unknown' };
}

/** Publishes `content` at `path` whole, only if nothing is there: false when a file exists. */
async function createExclusive(path: string, content: string): Promise<boolean> {
  const tmp = `${path}.tmp-${process.pid}-${randomBytes(6).toString('hex')}`;
  await fs.writeFile(tmp, content, { mode: 0o600, flag: 'wx' });
  try {
    await fs.link(tmp, path);
    return true;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw err;
    return createWithExcl(path, content);
  } finally {
    await unlinkIfExists(tmp);
  }
}

/** O_EXCL creation, for file systems without hard links. */
async function createWithExcl(path: string, content: string): Promise<boolean> {
  try {
    await fs.writeFile(path, content, { mode: 0o600, flag: 'wx' });
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
}

async function unlinkIfExists(path: string): Promise<void> {
  await fs.unlink(path).catch((err: NodeJS.ErrnoException) => {
    if (err.code !== 'ENOENT') throw err;
  });
}
