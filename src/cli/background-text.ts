/**
 * Long texts (rendered plans) written to a stream in large writes: at once (writeText), or while other work goes on
 * (writeInBackground, the plan of an auto-approved apply). In the background the pieces are produced and written a
 * slice at a time, about a millisecond each, between turns of the event loop, so that the apply's first calls are not held back by the rendering of thousands of change blocks and answers are read between
 * slices. Whatever else is written through `write` meanwhile (progress lines, the summary) is held and follows the
 * text, in order: the output reads as if the text had been written first.
 */
import { performance } from 'node:perf_hooks';

export interface TextSink {
  write(chunk: string): unknown;
}

export interface BackgroundText {
  /** Writes after the text (held until the text is out, then written straight through). */
  write(chunk: string): void;
  /** Resolves once the text and everything held are written; rejects if producing the text threw. */
  readonly done: Promise<void>;
}

/** How long one slice may render before it lets the event loop run. */
const SLICE_MS = 1;
/** Pieces are joined into writes of at most about this many characters (a plan of 10,000 creates is 12 MB of text). */
const WRITE_CHARS = 65_536;

/** A long text written at once, its pieces joined into writes of about WRITE_CHARS characters. */
export function writeText(sink: TextSink, pieces: Iterable<string>): void {
  let pending = '';
  for (const piece of pieces) {
    pending += piece;
    if (pending.length >= WRITE_CHARS) {
      sink.write(pending);
      pending = '';
    }
  }
  if (pending !== '') sink.write(pending);
}

export function writeInBackground(sink: TextSink, pieces: Iterable<string>): BackgroundText {
  const iterator = pieces[Symbol.iterator]();
  let held: string[] | undefined = [];
  let pending = '';
  let resolveDone!: () => void;
  let rejectDone!: (err: unknown) => void;
  const done = new Promise<void>((resolve, reject) => {
    resolveDone = resolve;
    rejectDone = reject;
  });
  done.catch(() => undefined); // the caller awaits it when its own work is over; a failure is reported there

  /** The held writes go out once the text is written (or could not be made: they are still owed to the reader). */
  const release = (): void => {
    const later = held!.join('');
    held = undefined;
    if (later !== '') sink.write(later);
  };

  const slice = (): void => {
    try {
      const until = performance.now() + SLICE_MS;
      do {
        const next = iterator.next();
        if (next.done) {
          if (pending !== '') sink.write(pending);
          release();
          return resolveDone();
        }
        pending += next.value;
        if (pending.length >= WRITE_CHARS) {
          sink.write(pending);
          pending = '';
        }
      } while (performance.now() < until);
      // What a slice rendered is written before the next turn: text kept across turns outlives young-generation
      // collections and piles up in the old generation while the apply runs (+40 MB at 10,000 creates).
      if (pending !== '') sink.write(pending);
      pending = '';
      setImmediate(slice);
    } catch (err) {
      release();
      rejectDone(err);
    }
  };
  setImmediate(slice);

  return {
    write(chunk) {
      if (held !== undefined) held.push(chunk);
      else sink.write(chunk);
    },
    done,
  };
}
