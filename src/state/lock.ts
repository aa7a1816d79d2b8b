/**
 * State locking, its own small interface (STYLE 7): a lock records who holds it (Terraform's LockInfo fields),
 * acquiring waits with back-off up to a timeout, and a held lock is reported as a StateLockedError naming the
 * holder. Implementations: FileLocker (a lock file beside the state) and MemoryLocker (a fake for tests).
 */
import { randomUUID } from 'node:crypto';
import { hostname, userInfo } from 'node:os';
import { KeyformError } from '../diagnostics.js';

export interface LockInfo {
  ID: string;
  /** What the holder is doing: plan, apply, import, state mv… */
  Operation: string;
  /** `user@host` */
  Who: string;
  /** keyform version of the holder. */
  Version: string;
  /** ISO 8601 time the lock was taken. */
  Created: string;
  /** The state the lock protects. */
  Path: string;
  Pid: number;
  Host: string;
}

export interface AcquireOptions {
  /** How long to wait for a held lock; 0 tries once. */
  timeoutMs: number;
  /** Called when the lock is found held and keyform starts waiting (again when the holder changes). */
  onWait?: (holder: LockInfo) => void;
  /** Called after taking over a lock whose holder is dead (same host, pid gone), naming that holder. */
  onStale?: (old: LockInfo) => void;
}

export interface Lock {
  info: LockInfo;
  /** Releases the lock; a second call does nothing. Fails if someone else has taken the lock meanwhile. */
  release(): Promise<void>;
}

export interface Locker {
  acquire(info: { operation: string }, opts: AcquireOptions): Promise<Lock>;
  /** Removes the lock only if its ID is `id` (a run that is gone); otherwise fails naming the actual ID. */
  forceUnlock(id: string): Promise<void>;
  current(): Promise<LockInfo | undefined>;
}

/** The lock is held by someone else (after waiting up to the timeout). */
export class StateLockedError extends KeyformError {
  readonly lock: LockInfo;
  constructor(lock: LockInfo, now: Date = new Date()) {
    super(
      'STATE_LOCKED',
      `state is locked by ID ${lock.ID} (${describeHolder(lock, now)}); wait for that run to finish, or if it is gone run \`keyform force-unlock ${lock.ID}\``,
    );
    this.name = 'StateLockedError';
    this.lock = lock;
  }
}

/** `plan by root@host, pid 123, 12s ago` */
export function describeHolder(lock: LockInfo, now: Date = new Date()): string {
  return `${lock.Operation} by ${lock.Who}, pid ${lock.Pid}, ${age(Date.parse(lock.Created), now.getTime())}`;
}

function age(from: number, to: number): string {
  if (!Number.isFinite(from)) return 'at an unknown time';
  const s = Math.max(0, Math.round((to - from) / 1000));
  if (s < 120) return `${s}s ago`;
  if (s < 2 * 3600) return `${Math.round(s / 60)}m ago`;
  if (s < 2 * 86400) return `${Math.round(s / 3600)}h ago`;
  return `${Math.round(s / 86400)}d ago`;
}

/** A new LockInfo for this process. */
export function newLockInfo(operation: string, path: string, version: string, now: Date = new Date()): LockInfo {
  const host = hostname();
  return { ID: randomUUID(), Operation: operation, Who: `${currentUser()}@${host}`, Version: version, Created: now.toISOString(), Path: path, Pid: process.pid, Host: host };
}

function currentUser(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env['USER'] ?? process.env['LOGNAME'] ?? `uid-${process.getuid?.() ?? 'unknown'}`;
  }
}
