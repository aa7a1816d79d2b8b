/**
 * The local backend: the state in one file (default `keyform.tfstate`), written atomically with mode 0600 and a
 * `.backup` of the previous version; its serial moves only when content changes, its lineage never changes.
 * An apply records its steps in a journal beside it (`openJournal`) and ends with `commit`; reading the state
 * finds the journal of an interrupted apply and folds it in.
 *
 * Reading with recovery writes: call `load`/`read` only while holding the state's lock.
 */
import { promises as fs, type Stats } from 'node:fs';
import { join } from 'node:path';
import { containsUnknown } from '../values.js';
import { formatAddress } from './address.js';
import { fsyncDir, writeFileAtomic } from './atomic-write.js';
import { KEYFORM_WRITER } from './empty-state.js';
import type { StateKey } from './encryption-key.js';
import { stateError } from './errors.js';
import { encodeStateChunks, parseStateText } from './format.js';
import { Journal } from './journal.js';
import { parseJournalText } from './journal-file.js';
import { decideRecovery, stepsMissingFrom, type Recovery } from './journal-recovery.js';
import { normaliseState } from './normalise.js';
import { openRegularFile, readRegularFile } from './regular-file.js';
import { CipherMemo, openState, sealResource, sealSkeleton } from './secrets.js';
import { contentOf } from './serialise.js';
import { STATE_VERSION, type State } from './types.js';

export const DEFAULT_STATE_PATH = 'keyform.tfstate';
const MODE = 0o600;

export interface LocalBackendOptions {
  key: StateKey;
  /** Recorded as `terraform_version`; defaults to `keyform 0.1.0`. */
  writer?: string;
}

export interface LoadResult {
  state: State | undefined;
  /** Present when a journal was found beside the state. */
  recovery?: Recovery;
}

interface OnDisk {
  state: State;
  /** Identifies the file's version (inode, size, modification time): a cached read is valid while it matches. */
  stamp: string;
}

export class LocalBackend {
  readonly path: string;
  readonly backupPath: string;
  readonly journalPath: string;
  private readonly key: StateKey;
  private readonly writer: string;
  private journal: Journal | undefined;
  /** Calls on one backend run one at a time (a write reads the file, then replaces it). */
  private queue: Promise<unknown> = Promise.resolve();
  /**
   * The file as last read or written by this backend: reading it again (to open a journal, to write) costs a parse
   * and a decryption of every secret, so it is reused while the file's stamp is unchanged.
   */
  private lastDisk: OnDisk | undefined;
  /** Ciphertexts read and made by this backend (state file and journal), so unchanged secrets keep theirs. */
  private readonly memo = new CipherMemo();
  /** Which instances' secrets reads decrypt (undefined: all), as the last `load` asked. */
  private opens: ((address: string) => boolean) | undefined;

  /** The backend of `keyform.tfstate` in `dir`. */
  static inDir(dir: string, opts: LocalBackendOptions): LocalBackend {
    return new LocalBackend(join(dir, DEFAULT_STATE_PATH), opts);
  }

  constructor(path: string, opts: LocalBackendOptions) {
    this.path = path;
    this.backupPath = `${path}.backup`;
    this.journalPath = `${path}.journal`;
    this.key = opts.key;
    this.writer = opts.writer ?? KEYFORM_WRITER;
  }

  /** The state (undefined when there is none), after handling a journal left by an interrupted apply. */
  async read(): Promise<State | undefined> {
    return (await this.load()).state;
  }

  /**
   * The state and what happened to a journal found beside it. With `recover: false` nothing is written: a journal
   * that would be applied is folded in memory only (for read-only commands that do not take the lock). With
   * `opens`, only the instances it accepts have their secrets decrypted; the others keep their ciphertexts (see
   * secrets.ts), which this backend writes back unchanged. `onParsed` is called once the state file has parsed
   * (or when there is none), before its secrets are checked and a journal is folded in: a refresh may start then,
   * never for a file that does not parse.
   */
  load(opts: { recover?: boolean; opens?: (address: string) => boolean; onParsed?: () => void } = {}): Promise<LoadResult> {
    return this.serialised(() => {
      // Every later read of this backend opens the same secrets: states it compares are in the same form.
      if (opts.opens !== this.opens) this.lastDisk = undefined;
      this.opens = opts.opens;
      return this.loadNow(opts.recover ?? true, opts.onParsed);
    });
  }

  private async loadNow(recover: boolean, onParsed?: () => void): Promise<LoadResult> {
    if (this.journal) throw stateError('STATE_JOURNAL_OPEN', `an apply journal is open on ${this.path}: its state is journal.state`);
    const journalText = await readIfExists(this.journalPath, 'the journal');
    const disk = await this.readDisk(onParsed);
    if (journalText === undefined) return { state: disk?.state };

    const contents = parseJournalText(journalText, this.key, this.journalPath);
    const decision = decideRecovery(disk?.state, contents);
    const base = { steps: contents.entries.length, tornTail: contents.tornTail, journal: this.journalPath, dryRun: !recover };
    if (decision.action === 'orphan') {
      const recovery: Recovery = { ...base, outcome: 'orphaned', reason: decision.reason };
      if (recover) {
        recovery.movedTo = `${this.journalPath}.orphaned-${new Date().toISOString().replace(/[:.]/g, '-')}`;
        await fs.rename(this.journalPath, recovery.movedTo);
        await fsyncDir(this.journalPath);
      }
      return { state: disk?.state, recovery };
    }
    if (decision.action === 'drop') {
      if (recover) await this.removeJournalFile();
      return { state: disk?.state, recovery: { ...base, outcome: decision.reason === 'already-committed' ? 'already-committed' : 'recovered' } };
    }
    const state = recover ? await this.writeState(decision.state) : decision.state;
    if (recover) await this.removeJournalFile();
    return { state, recovery: { ...base, outcome: 'recovered' } };
  }

  /**
   * Writes the state atomically if its content differs from the file's (then with serial = the file's + 1) and
   * returns it as stored. Refuses a state of another lineage, and refuses while an apply journal is open or left.
   */
  write(state: State): Promise<State> {
    return this.serialised(() => this.writeChecked(state));
  }

  private async writeChecked(state: State): Promise<State> {
    if (this.journal) throw stateError('STATE_JOURNAL_OPEN', `an apply journal is open on ${this.path}: end the apply with commit()`);
    if ((await readIfExists(this.journalPath, 'the journal')) !== undefined) {
      throw stateError('STATE_JOURNAL_PENDING', `${this.journalPath} holds steps of an interrupted apply: read the state first to recover them`);
    }
    return this.writeState(state);
  }

  /** Starts recording an apply's steps on top of `state`, which must be the state on disk (or a new one). */
  openJournal(state: State): Promise<Journal> {
    return this.serialised(() => this.openJournalNow(state));
  }

  private async openJournalNow(state: State): Promise<Journal> {
    if (this.journal) throw stateError('STATE_JOURNAL_OPEN', `an apply journal is already open on ${this.path}`);
    const disk = await this.readDisk();
    if (disk) {
      this.checkLineage(disk.state, state);
      if (disk.state.serial !== state.serial) {
        throw stateError('STATE_JOURNAL_MISMATCH', `${this.path} is at serial ${disk.state.serial}, but this apply starts from serial ${state.serial}: read the state again`);
      }
    }
    this.journal = await Journal.create(this.journalPath, state, this.key, this.memo);
    return this.journal;
  }

  /**
   * Ends an apply: writes the final state atomically, then removes the journal. The final state must contain
   * every step the journal recorded (else nothing is written and the journal stays for the next read).
   */
  commit(state: State): Promise<State> {
    return this.serialised(() => this.commitNow(state));
  }

  private async commitNow(state: State): Promise<State> {
    const journal = this.journal;
    if (!journal) return this.writeChecked(state);
    await journal.close();
    // The journal's own fold holds every step by construction; any other state is checked against the file.
    const missing = journal.holdsEveryStep(state) ? [] : stepsMissingFrom(state, parseJournalText(await readRegularFile(journal.path, 'the journal'), this.key, journal.path).entries);
    if (missing.length > 0) {
      this.journal = undefined;
      throw stateError(
        'STATE_JOURNAL_MISMATCH',
        `the final state does not contain the steps recorded in ${journal.path} (${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', …' : ''}): it was not written; the next read recovers them`,
      );
    }
    const written = await this.writeState(state);
    await this.removeJournalFile();
    this.journal = undefined;
    return written;
  }

  private serialised<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async writeState(state: State): Promise<State> {
    if (state.version !== STATE_VERSION) throw stateError('STATE_INVALID', `cannot write a state of format version ${String(state.version)}`);
    try {
      return await this.writeKnown(state);
    } catch (err) {
      // A value not known yet refuses to be serialised (Unknown.toJSON throws; sortKeys keeps it as it is): the file
      // is left as it was, and the value is named here rather than looked for in every state written.
      assertKnown(state);
      throw err;
    }
  }

  private async writeKnown(state: State): Promise<State> {
    const disk = await this.readDisk();
    if (disk) this.checkLineage(disk.state, state);
    const next = normaliseState({ ...state, terraform_version: this.writer });
    if (disk && contentOf(next) === contentOf(disk.state)) {
      await fs.chmod(this.path, MODE);
      return disk.state;
    }
    const stored = { ...next, serial: (disk ? disk.state.serial : state.serial) + 1 };
    // Sealed, checked and serialised one resource at a time as it is written (a state of 10,000 keys is ~12 MB of text).
    const key = this.key;
    const memo = this.memo;
    const text = encodeStateChunks(sealSkeleton(stored, key, memo), (function* () {
      for (const r of stored.resources) yield sealResource(r, key, memo);
    })());
    this.lastDisk = undefined;
    await writeFileAtomic(this.path, text, disk ? { mode: MODE, backup: this.backupPath } : { mode: MODE });
    const written = await stampOf(this.path);
    if (written) this.lastDisk = { state: stored, stamp: written };
    return stored;
  }

  /**
   * The state file decoded, or undefined when there is none; a file that does not read is an error. `onParsed`
   * runs between the parse and the opening of the secrets.
   */
  private async readDisk(onParsed?: () => void): Promise<OnDisk | undefined> {
    let opened: { fh: fs.FileHandle; stat: Stats };
    try {
      opened = await openRegularFile(this.path, 'the state file');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
        onParsed?.();
        return undefined;
      }
      throw err;
    }
    const { fh, stat } = opened;
    try {
      const stamp = stampText(stat);
      if (this.lastDisk?.stamp === stamp) {
        onParsed?.();
        return this.lastDisk;
      }
      const text = await fh.readFile('utf8');
      const file = parseStateText(text, this.path);
      onParsed?.();
      const state = openState(file, this.key, this.path, this.memo, this.opens);
      this.lastDisk = { state, stamp };
      return this.lastDisk;
    } finally {
      await fh.close();
    }
  }

  private checkLineage(disk: State, state: State): void {
    if (disk.lineage !== state.lineage) {
      throw stateError(
        'STATE_LINEAGE_MISMATCH',
        `refusing to write ${this.path}: it holds lineage ${disk.lineage}, this state has lineage ${state.lineage} — an unrelated history would be overwritten`,
      );
    }
  }

  private async removeJournalFile(): Promise<void> {
    await fs.unlink(this.journalPath).catch((err: NodeJS.ErrnoException) => {
      if (err.code !== 'ENOENT') throw err;
    });
    await fsyncDir(this.journalPath);
  }
}

function assertKnown(state: State): void {
  for (const r of state.resources) {
    for (const i of r.instances) {
      for (const [name, v] of Object.entries(i.attributes)) {
        if (containsUnknown(v)) throw stateError('STATE_UNKNOWN_VALUE', `${formatAddress(r.type, r.name, i.index_key)}.${name} is not known yet: it cannot be stored`);
      }
    }
  }
  for (const [name, o] of Object.entries(state.outputs)) {
    if (containsUnknown(o.value)) throw stateError('STATE_UNKNOWN_VALUE', `output ${name} is not known yet: it cannot be stored`);
  }
}

const stampText = (st: { ino: number; size: number; mtimeMs: number; ctimeMs: number }): string => `${st.ino}:${st.size}:${st.mtimeMs}:${st.ctimeMs}`;

async function stampOf(path: string): Promise<string | undefined> {
  try {
    return stampText(await fs.stat(path));
  } catch {
    return undefined;
  }
}

async function readIfExists(path: string, what: string): Promise<string | undefined> {
  try {
    return await readRegularFile(path, what);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}
