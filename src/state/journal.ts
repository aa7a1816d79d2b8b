/**
 * The apply journal: an append-only JSON-lines file beside the state (`<state>.journal`) where apply records each
 * finished step before moving on — O(size of the step) bytes per step instead of rewriting the whole state.
 * `append` resolves only once its line is on disk. Appends are serialised in call order; those made in the same
 * pass of the event loop (until its check phase), or while a write is in flight, are written together and made
 * durable once (group commit).
 * Where the platform has O_DSYNC the file is opened with it, so one write(2) is also the sync; elsewhere each write
 * is followed by an fdatasync.
 */
import { constants, promises as fs } from 'node:fs';
import { fsyncDir } from './atomic-write.js';
import type { StateKey } from './encryption-key.js';
import { stateError } from './errors.js';
import { foldJournal } from './fold-journal.js';
import { encodeEntry, type JournalEntry, type JournalHeader } from './journal-entry.js';
import type { CipherMemo } from './secrets.js';
import type { State } from './types.js';

export interface JournalStats {
  entries: number;
  /** write(2) calls, one per batch. */
  writes: number;
  /** Times the file was made durable: an O_DSYNC write or an fdatasync/fsync (the header's included). */
  syncs: number;
  bytes: number;
}

interface Waiting {
  line: string;
  resolve: () => void;
  reject: (err: unknown) => void;
}

/** Entries kept unfolded before the first fold (see `append`). */
const FOLD_AT = 1024;

/** O_DSYNC where the platform has it (Linux, macOS): a write returns once its data is durable. */
const DSYNC = typeof constants.O_DSYNC === 'number' && process.platform !== 'win32';
/** `ax`: created exclusively, appended to. */
const OPEN_FLAGS = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_APPEND | (DSYNC ? constants.O_DSYNC : 0);

export class Journal {
  readonly path: string;
  readonly header: JournalHeader;
  private readonly fh: fs.FileHandle;
  private readonly key: StateKey;
  private queue: Waiting[] = [];
  private flushing: Promise<void> | undefined;
  private failed: unknown;
  private closed = false;
  private seq = 0;
  /** The base state and the entries appended since it was last folded (folded lazily: O(N) for N steps). */
  private folded: State;
  private unfolded: JournalEntry[] = [];
  private readonly counters: JournalStats = { entries: 0, writes: 0, syncs: 0, bytes: 0 };

  private readonly memo: CipherMemo | undefined;

  private constructor(path: string, fh: fs.FileHandle, header: JournalHeader, key: StateKey, base: State, memo: CipherMemo | undefined) {
    this.path = path;
    this.fh = fh;
    this.header = header;
    this.key = key;
    this.folded = base;
    this.memo = memo;
  }

  /**
   * Creates the journal for `base` (which must be the state on disk); fails if a journal already exists. `memo`
   * receives the ciphertexts the journal makes, so that the final state file reuses them.
   */
  static async create(path: string, base: State, key: StateKey, memo?: CipherMemo): Promise<Journal> {
    let fh: fs.FileHandle;
    try {
      fh = await fs.open(path, OPEN_FLAGS, 0o600);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') {
        throw stateError('STATE_JOURNAL_EXISTS', `${path} exists: an apply was interrupted or is running; read the state under the lock to recover it`, err);
      }
      throw err;
    }
    const header: JournalHeader = { journal: 1, lineage: base.lineage, serial: base.serial, key_id: key.id };
    const journal = new Journal(path, fh, header, key, base, memo);
    try {
      await fh.chmod(0o600);
      const line = `${JSON.stringify(header)}\n`;
      // The header durable (an O_DSYNC write, else write + fsync) and the file's entry in its folder durable: both
      // before any step is recorded, at the same time.
      await Promise.all([DSYNC ? fh.write(line) : fh.write(line).then(() => fh.sync()), fsyncDir(path)]);
      journal.counters.syncs++;
      journal.counters.writes++;
      journal.counters.bytes += Buffer.byteLength(line);
    } catch (err) {
      await fh.close().catch(() => undefined);
      throw err;
    }
    return journal;
  }

  /** The base state with every appended entry applied (what the final commit should contain). */
  get state(): State {
    if (this.unfolded.length > 0) {
      this.folded = foldJournal(this.folded, this.unfolded);
      this.unfolded = [];
    }
    return this.folded;
  }

  /** True when `state` is this journal's base with every appended entry applied (what `state` returned, unchanged since). */
  holdsEveryStep(state: State): boolean {
    return this.unfolded.length === 0 && state === this.folded;
  }

  get stats(): JournalStats {
    return { ...this.counters };
  }

  /** Records one step; resolves once it is durable. After a failed write every later append fails too. */
  append(entry: JournalEntry): Promise<void> {
    if (this.closed) return Promise.reject(stateError('STATE_JOURNAL_CLOSED', `${this.path} is closed`));
    if (this.failed) return Promise.reject(stateError('STATE_JOURNAL_FAILED', `${this.path} could not be written: no further step can be recorded`, this.failed));
    let line: string;
    try {
      line = `${encodeEntry(this.seq + 1, entry, this.key, this.memo)}\n`;
    } catch (err) {
      return Promise.reject(err);
    }
    this.seq++;
    this.counters.entries++;
    this.unfolded.push(entry);
    // Folded as they come once there are as many as the state has resources (at least FOLD_AT): O(N) in all, and the
    // entries a later one supersedes (a create's pending record) are not all held until the end of a large apply.
    if (this.unfolded.length >= Math.max(FOLD_AT, this.folded.resources.length)) void this.state;
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ line, resolve, reject });
      this.flushing ??= this.flush();
    });
  }

  /** Waits for pending appends and closes the file (it stays on disk until the backend commits). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.flushing;
    await this.fh.close();
  }

  private async flush(): Promise<void> {
    while (this.queue.length > 0) {
      // Appends made until the event loop's check phase join the batch: those of this turn (the next step's pending
      // create after a step's result, say) and of the other answers read in this same poll.
      await new Promise<void>((resolve) => setImmediate(resolve));
      const batch = this.queue;
      this.queue = [];
      try {
        if (this.failed) throw this.failed;
        const buf = Buffer.from(batch.map((w) => w.line).join(''));
        let done = 0;
        while (done < buf.length) done += (await this.fh.write(buf, done, buf.length - done)).bytesWritten;
        if (!DSYNC) await this.fh.datasync();
        this.counters.writes++;
        this.counters.syncs++;
        this.counters.bytes += buf.length;
        for (const w of batch) w.resolve();
      } catch (err) {
        this.failed ??= err;
        const failure = stateError('STATE_JOURNAL_FAILED', `${this.path} could not be written: the step was not recorded`, err);
        for (const w of batch) w.reject(failure);
      }
    }
    this.flushing = undefined;
  }
}
