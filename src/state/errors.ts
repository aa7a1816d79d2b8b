/**
 * The stable codes of the state package's typed errors (KeyformError). Messages name files, addresses,
 * attributes and key ids — never a key or a secret value.
 */
import { KeyformError } from '../diagnostics.js';

export type StateErrorCode =
  // reading a state file
  | 'STATE_UNREADABLE'
  | 'STATE_NOT_JSON'
  | 'STATE_TRUNCATED'
  | 'STATE_INVALID'
  | 'STATE_UNSUPPORTED_VERSION'
  | 'STATE_FUTURE_VERSION'
  // writing one
  | 'STATE_LINEAGE_MISMATCH'
  | 'STATE_UNKNOWN_VALUE'
  // keys and secrets
  | 'STATE_KEY_MISSING'
  | 'STATE_KEY_INVALID'
  | 'STATE_KEY_MISMATCH'
  | 'STATE_DECRYPT_FAILED'
  // addresses and edits
  | 'STATE_ADDRESS_INVALID'
  | 'STATE_ADDRESS_NOT_FOUND'
  | 'STATE_ADDRESS_EXISTS'
  | 'STATE_MOVE_TYPE_MISMATCH'
  // the apply journal
  | 'STATE_JOURNAL_EXISTS'
  | 'STATE_JOURNAL_PENDING'
  | 'STATE_JOURNAL_OPEN'
  | 'STATE_JOURNAL_MISMATCH'
  | 'STATE_JOURNAL_FAILED'
  | 'STATE_JOURNAL_CLOSED'
  // locks
  | 'STATE_LOCKED'
  | 'STATE_LOCK_ID_MISMATCH'
  | 'STATE_NOT_LOCKED';

export function stateError(code: StateErrorCode, message: string, cause?: unknown): KeyformError {
  return new KeyformError(code, message, cause === undefined ? undefined : { cause });
}

/** True when `err` is a KeyformError with this code (for tests and callers that branch on codes). */
export function hasCode(err: unknown, code: StateErrorCode): boolean {
  return err instanceof KeyformError && err.code === code;
}
