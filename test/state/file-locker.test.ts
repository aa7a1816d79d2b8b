/**
 * FileLocker against real processes: contention between two processes, waiting with a timeout, stale takeover
 * after the holder is SIGKILLed, racing takeovers, and force-unlock.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { hasCode } from '../../src/state/errors.js';
import { FileLocker, lockPathFor, UNREADABLE_LOCK_ID } from '../../src/state/file-locker.js';
import { StateLockedError, type LockInfo } from '../../src/state/lock.js';
import { tempDir } from './fixtures.js';

const HOLDER = fileURLToPath(new URL('./lock-holder.js', import.meta.url));

interface Holder {
  child: ChildProcess;
  next(): Promise<{ event: string; info?: LockInfo; old?: LockInfo; code?: string }>;
  exited: Promise<void>;
}

function spawnHolder(statePath: string, operation = 'apply', timeoutMs = 0): Holder {
  const child = spawn(process.execPath, [HOLDER, statePath, operation, String(timeoutMs)], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  return {
    child,
    exited,
    next: async () => {
      const r = await lines.next();
      if (r.done) throw new Error('the lock holder exited without a word');
      return JSON.parse(r.value as string);
    },
  };
}

const statePathIn = (dir: string): string => join(dir, 'keyform.tfstate');

describe('FileLocker', () => {
  it('names the lock file after the state, and writes the holder info 0600', async () => {
    const dir = tempDir();
    const locker = new FileLocker(statePathIn(dir), { version: '0.1.0' });
    assert.equal(locker.lockPath, join(dir, '.keyform.tfstate.lock.info'));
    const lock = await locker.acquire({ operation: 'plan' }, { timeoutMs: 0 });
    const info = JSON.parse(readFileSync(locker.lockPath, 'utf8')) as LockInfo;
    assert.deepEqual(info, lock.info);
    assert.equal(info.Operation, 'plan');
    assert.equal(info.Pid, process.pid);
    assert.equal(info.Host, hostname());
    assert.match(info.Who, new RegExp(`@${hostname()}$`));
    assert.equal(info.Version, '0.1.0');
    assert.equal(info.Path, statePathIn(dir));
    assert.equal(statSync(locker.lockPath).mode & 0o777, 0o600);
    assert.deepEqual(await locker.current(), info);
    await lock.release();
    await lock.release();
    assert.equal(await locker.current(), undefined);
    assert.deepEqual(readdirSync(dir), [], 'nothing left behind');
  });

  it('between two processes: STATE_LOCKED naming the holder; with a timeout, waits and then gets the lock', async () => {
    const dir = tempDir();
    const holder = spawnHolder(statePathIn(dir), 'apply');
    const locked = await holder.next();
    assert.equal(locked.event, 'locked');
    const locker = new FileLocker(statePathIn(dir));

    await assert.rejects(locker.acquire({ operation: 'plan' }, { timeoutMs: 0 }), (e: Error) => {
      assert.ok(e instanceof StateLockedError && hasCode(e, 'STATE_LOCKED'));
      assert.deepEqual(e.lock, locked.info);
      assert.match(e.message, new RegExp(`^state is locked by ID ${locked.info!.ID} \\(apply by .+@${hostname()}, pid ${holder.child.pid}, \\d+s ago\\)`));
      return true;
    });

    const started = Date.now();
    await assert.rejects(locker.acquire({ operation: 'plan' }, { timeoutMs: 300 }), (e: Error) => hasCode(e, 'STATE_LOCKED'));
    const waited = Date.now() - started;
    assert.ok(waited >= 290 && waited < 1500, `gave up after ${waited} ms`);

    const waits: LockInfo[] = [];
    const acquiring = locker.acquire({ operation: 'plan' }, { timeoutMs: 10_000, onWait: (h) => waits.push(h) });
    setTimeout(() => holder.child.stdin!.write('release\n'), 300);
    const lock = await acquiring;
    assert.equal((await holder.next()).event, 'released');
    assert.deepEqual(waits.map((w) => w.ID), [locked.info!.ID], 'onWait named the holder once');
    assert.equal((await locker.current())?.ID, lock.info.ID);
    await lock.release();
    await holder.exited;
  });

  it('takes over the lock of a SIGKILLed holder on this host, reporting the old holder', async () => {
    const dir = tempDir();
    const holder = spawnHolder(statePathIn(dir), 'apply');
    const locked = await holder.next();
    holder.child.kill('SIGKILL');
    await holder.exited;
    assert.ok(existsSync(lockPathFor(statePathIn(dir))), 'the dead holder left its lock');
    const stale: LockInfo[] = [];
    const lock = await new FileLocker(statePathIn(dir)).acquire({ operation: 'plan' }, { timeoutMs: 0, onStale: (old) => stale.push(old) });
    assert.deepEqual(stale, [locked.info]);
    assert.notEqual(lock.info.ID, locked.info!.ID);
    await lock.release();
    assert.deepEqual(readdirSync(dir), []);
  });

  it('lets exactly one of many racing processes take over the same stale lock', async () => {
    const dir = tempDir();
    const holder = spawnHolder(statePathIn(dir), 'apply');
    await holder.next();
    holder.child.kill('SIGKILL');
    await holder.exited;
    const racers = Array.from({ length: 6 }, () => spawnHolder(statePathIn(dir), 'plan', 0));
    try {
      const first = await Promise.all(racers.map((r) => r.next()));
      // The winner reports the takeover, then the lock; every other racer finds the winner's lock held.
      const winners = first.filter((e) => e.event === 'stale');
      assert.equal(winners.length, 1, JSON.stringify(first.map((e) => e.event)));
      assert.ok(first.every((e) => e.event === 'stale' || e.code === 'STATE_LOCKED'));
      const winner = racers[first.findIndex((e) => e.event === 'stale')]!;
      const locked = await winner.next();
      assert.equal(locked.event, 'locked');
      assert.equal((await new FileLocker(statePathIn(dir)).current())?.ID, locked.info!.ID);
    } finally {
      for (const r of racers) r.child.kill('SIGKILL');
      await Promise.all(racers.map((r) => r.exited));
    }
  });

  it('in one process too, twenty racing takeovers of a stale lock give one winner and one onStale', async () => {
    const dir = tempDir();
    const path = statePathIn(dir);
    const dead: LockInfo = { ID: 'dead', Operation: 'apply', Who: 'x@y', Version: '0', Created: new Date().toISOString(), Path: path, Pid: 999_999_999, Host: hostname() };
    writeFileSync(lockPathFor(path), JSON.stringify(dead));
    const stale: string[] = [];
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, () => new FileLocker(path).acquire({ operation: 'plan' }, { timeoutMs: 0, onStale: (old) => stale.push(old.ID) })),
    );
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
    assert.ok(results.every((r) => r.status === 'fulfilled' || hasCode(r.reason, 'STATE_LOCKED')));
    assert.deepEqual(stale, ['dead']);
    assert.deepEqual(readdirSync(dir), ['.keyform.tfstate.lock.info'], 'no guard or aside file left');
  });

  it('force-unlock removes the lock only with its ID', async () => {
    const dir = tempDir();
    const holder = spawnHolder(statePathIn(dir), 'apply');
    const locked = await holder.next();
    const locker = new FileLocker(statePathIn(dir));
    await assert.rejects(locker.forceUnlock('not-the-id'), (e: Error) => hasCode(e, 'STATE_LOCK_ID_MISMATCH') && e.message.includes(locked.info!.ID));
    assert.ok(await locker.current());
    await locker.forceUnlock(locked.info!.ID);
    assert.equal(await locker.current(), undefined);
    await assert.rejects(locker.forceUnlock(locked.info!.ID), (e: Error) => hasCode(e, 'STATE_NOT_LOCKED'));
    const lock = await locker.acquire({ operation: 'plan' }, { timeoutMs: 0 });
    holder.child.stdin!.write('release\n');
    assert.equal((await holder.next()).event, 'error', 'the old holder learns its lock was taken');
    await holder.exited;
    await lock.release();
  });

  it('never takes over a lock of another host or a live process', async () => {
    const dir = tempDir();
    const locker = new FileLocker(statePathIn(dir), { isAlive: () => false });
    const foreign: LockInfo = { ID: 'x1', Operation: 'apply', Who: 'ci@elsewhere', Version: '0.1.0', Created: new Date(Date.now() - 3_600_000).toISOString(), Path: 'p', Pid: 1, Host: 'elsewhere' };
    writeFileSync(locker.lockPath, JSON.stringify(foreign));
    await assert.rejects(locker.acquire({ operation: 'plan' }, { timeoutMs: 0 }), (e: Error) => hasCode(e, 'STATE_LOCKED') && /ci@elsewhere, pid 1, 60m ago/.test(e.message));
    writeFileSync(locker.lockPath, JSON.stringify({ ...foreign, Host: hostname() }));
    assert.ok(await new FileLocker(statePathIn(dir), { isAlive: () => true }).acquire({ operation: 'plan' }, { timeoutMs: 0 }).catch((e) => e) instanceof StateLockedError);
  });

  it('reports a damaged lock file as held by "unreadable", which force-unlock accepts', async () => {
    const dir = tempDir();
    const locker = new FileLocker(statePathIn(dir));
    writeFileSync(locker.lockPath, '{"ID": "trunc');
    await assert.rejects(locker.acquire({ operation: 'plan' }, { timeoutMs: 0 }), (e: Error) => hasCode(e, 'STATE_LOCKED') && e.message.includes(UNREADABLE_LOCK_ID));
    await locker.forceUnlock(UNREADABLE_LOCK_ID);
    await (await locker.acquire({ operation: 'plan' }, { timeoutMs: 0 })).release();
  });
});
