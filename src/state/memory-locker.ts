/** An in-process Locker for tests: the same waiting, timeout and errors as FileLocker, without files. */
import { stateError } from './errors.js';
import { newLockInfo, type AcquireOptions, type Lock, type LockInfo, type Locker } from './lock.js';
import { realClock, waitForLock, type WaitClock } from './lock-wait.js';

export class MemoryLocker implements Locker {
  private held: LockInfo | undefined;
  private readonly path: string;
  private readonly clock: WaitClock;
  /** Every operation that acquired the lock, in order (for assertions). */
  readonly history: string[] = [];

  constructor(opts: { path?: string; clock?: WaitClock } = {}) {
    this.path = opts.path ?? 'memory';
    this.clock = opts.clock ?? realClock;
  }

  acquire(req: { operation: string }, opts: AcquireOptions): Promise<Lock> {
    return waitForLock(async () => {
      if (this.held) return this.held;
      const info = newLockInfo(req.operation, this.path, 'test', new Date(this.clock.now()));
      this.held = info;
      this.history.push(req.operation);
      return {
        info,
        release: async () => {
          if (this.held?.ID === info.ID) this.held = undefined;
        },
      };
    }, opts, this.clock);
  }

  async current(): Promise<LockInfo | undefined> {
    return this.held;
  }

  async forceUnlock(id: string): Promise<void> {
    if (!this.held) throw stateError('STATE_NOT_LOCKED', `${this.path} is not locked`);
    if (this.held.ID !== id) throw stateError('STATE_LOCK_ID_MISMATCH', `the lock on ${this.path} has ID ${this.held.ID}, not ${id}: nothing was unlocked`);
    this.held = undefined;
  }
}
