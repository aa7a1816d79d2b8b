/** The lock interface's shared parts: back-off, the StateLockedError message, and MemoryLocker (the test fake). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hasCode } from '../../src/state/errors.js';
import { describeHolder, newLockInfo, StateLockedError } from '../../src/state/lock.js';
import { backoffDelay, waitForLock, type WaitClock } from '../../src/state/lock-wait.js';
import { MemoryLocker } from '../../src/state/memory-locker.js';

/** A clock that only moves when slept on. */
function fakeClock(): WaitClock & { slept: number[] } {
  let t = 1_000_000;
  const slept: number[] = [];
  const sleep = async (ms: number): Promise<void> => {
    slept.push(ms);
    t += ms;
  };
  return { slept, now: () => t, sleep, random: () => 1 };
}

describe('locks', () => {
  it('backs off 50 ms doubling to 1 s', () => {
    assert.deepEqual(Array.from({ length: 8 }, (_, i) => backoffDelay(i)), [50, 100, 200, 400, 800, 1000, 1000, 1000]);
  });

  it('waits with jittered back-off until the timeout, then throws StateLockedError', async () => {
    const clock = fakeClock();
    const holder = newLockInfo('apply', 'keyform.tfstate', '0.1.0', new Date(clock.now() - 12_000));
    let attempts = 0;
    await assert.rejects(
      waitForLock(async () => (attempts++, holder), { timeoutMs: 3000 }, clock),
      (e: Error) => e instanceof StateLockedError && e.lock === holder && /apply by .+, pid \d+, 15s ago/.test(e.message),
    );
    assert.deepEqual(clock.slept, [50, 100, 200, 400, 800, 1000, 450]);
    assert.equal(attempts, 8);
    const jittered = { ...fakeClock(), random: () => 0 };
    await assert.rejects(waitForLock(async () => holder, { timeoutMs: 200 }, jittered));
    assert.deepEqual(jittered.slept.slice(0, 2), [25, 50], 'jitter takes each delay down to half at most');
  });

  it('describes the holder with its age', () => {
    const now = new Date('2025-01-01T12:00:00Z');
    const info = { ...newLockInfo('plan', 'p', 'v'), Who: 'root@box', Pid: 123, Created: '2025-01-01T11:59:48Z' };
    assert.equal(describeHolder(info, now), 'plan by root@box, pid 123, 12s ago');
    assert.equal(describeHolder({ ...info, Created: '2025-01-01T09:00:00Z' }, now), 'plan by root@box, pid 123, 3h ago');
    assert.equal(new StateLockedError(info, now).message.split(';')[0], `state is locked by ID ${info.ID} (plan by root@box, pid 123, 12s ago)`);
  });

  describe('MemoryLocker', () => {
    it('refuses a second holder, lets it wait, and force-unlocks only by ID', async () => {
      const locker = new MemoryLocker();
      const a = await locker.acquire({ operation: 'apply' }, { timeoutMs: 0 });
      await assert.rejects(locker.acquire({ operation: 'plan' }, { timeoutMs: 0 }), (e: Error) => hasCode(e, 'STATE_LOCKED'));
      const waits: string[] = [];
      const b = locker.acquire({ operation: 'plan' }, { timeoutMs: 5000, onWait: (h) => waits.push(h.Operation) });
      setTimeout(() => void a.release(), 60);
      const lock = await b;
      assert.deepEqual(waits, ['apply']);
      await assert.rejects(locker.forceUnlock('nope'), (e: Error) => hasCode(e, 'STATE_LOCK_ID_MISMATCH') && e.message.includes(lock.info.ID));
      await locker.forceUnlock(lock.info.ID);
      assert.equal(await locker.current(), undefined);
      await assert.rejects(locker.forceUnlock(lock.info.ID), (e: Error) => hasCode(e, 'STATE_NOT_LOCKED'));
      assert.deepEqual(locker.history, ['apply', 'plan']);
    });
  });
});
