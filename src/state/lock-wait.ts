/**
 * Waiting for a held lock: retry with exponential back-off (50 ms doubling to 1 s, each delay jittered to between
 * half and all of it, so waiters do not retry in step) until the timeout, then StateLockedError.
 */
import { StateLockedError, type AcquireOptions, type Lock, type LockInfo } from './lock.js';

export interface WaitClock {
  now(): number;
  sleep(ms: number): Promise<void>;
  random(): number;
}

export const realClock: WaitClock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
};

const FIRST_DELAY_MS = 50;
const MAX_DELAY_MS = 1000;

/** The un-jittered delays: 50, 100, 200, 400, 800, 1000, 1000, … */
export const backoffDelay = (attempt: number): number => Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** attempt);

/** Calls `attempt` until it returns a Lock; it returns the holder's LockInfo while the lock is held. */
export async function waitForLock(attempt: () => Promise<Lock | LockInfo>, opts: AcquireOptions, clock: WaitClock = realClock): Promise<Lock> {
  const start = clock.now();
  let lastHolder: string | undefined;
  for (let n = 0; ; n++) {
    const r = await attempt();
    if ('release' in r) return r;
    const elapsed = clock.now() - start;
    if (elapsed >= opts.timeoutMs) throw new StateLockedError(r, new Date(clock.now()));
    if (r.ID !== lastHolder) {
      lastHolder = r.ID;
      opts.onWait?.(r);
    }
    const d = backoffDelay(n);
    await clock.sleep(Math.min(d / 2 + (clock.random() * d) / 2, opts.timeoutMs - elapsed));
  }
}
