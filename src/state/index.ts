/** The state package: format, encryption at rest, the local backend, the apply journal and locks. */
export * from './types.js';
export { formatAddress, parseAddress, resourceAddress, compareIndexKeys, deposedLabel, type InstanceAddress } from './address.js';
export { stateError, hasCode, type StateErrorCode } from './errors.js';
export { emptyState, KEYFORM_WRITER } from './empty-state.js';
export {
  findInstance,
  findResource,
  newInstance,
  attributePaths,
  recordedSensitive,
  setInstance,
  removeInstance,
  listAddresses,
  findDeposed,
  deposedObjects,
  deposeInstance,
  restoreDeposed,
  removeDeposed,
  PROVIDER_ADDRESS,
  type DeposedObject,
} from './instances.js';
export { moveInstance } from './move-instance.js';
export { newDeposedKey } from './deposed-key.js';
export { normaliseState } from './normalise.js';
export { serialiseStateFile, contentOf, canonicalJson } from './serialise.js';
export { parseStateText, encodeStateFile } from './format.js';
export { loadKey, ensureKeyFile, keyId, KEY_ENV, KEY_FILE, type StateKey, type KeyFileResult } from './encryption-key.js';
export { encryptValue, decryptValue, isCiphertext, sealState, openState, CIPHER_PREFIX } from './secrets.js';
export { writeFileAtomic } from './atomic-write.js';
export { LocalBackend, DEFAULT_STATE_PATH, type LocalBackendOptions, type LoadResult } from './local-backend.js';
export { Journal, type JournalStats } from './journal.js';
export { type JournalEntry, type JournalHeader } from './journal-entry.js';
export { applyEntry, foldJournal } from './fold-journal.js';
export { type Recovery } from './journal-recovery.js';
export { StateLockedError, describeHolder, newLockInfo, type Lock, type LockInfo, type Locker, type AcquireOptions } from './lock.js';
export { FileLocker, lockPathFor, UNREADABLE_LOCK_ID, type FileLockerOptions } from './file-locker.js';
export { MemoryLocker } from './memory-locker.js';
