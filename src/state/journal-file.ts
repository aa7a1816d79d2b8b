/**
 * Reading a journal left by an apply: the header, then every complete entry in order. A torn last line (a crash
 * in the middle of a write that was never acknowledged) is ignored; any other damage is reported as a problem,
 * and the caller moves the journal aside rather than applying part of it.
 */
import { describeErrors, validator } from '../json-schemas.js';
import type { StateKey } from './encryption-key.js';
import { stateError } from './errors.js';
import { decodeEntry, type JournalEntry, type JournalHeader } from './journal-entry.js';

export interface JournalContents {
  /** Absent when the crash came before the header was complete: nothing was recorded. */
  header?: JournalHeader;
  entries: JournalEntry[];
  /** The last line was incomplete and was ignored. */
  tornTail: boolean;
  /** Why the journal cannot be applied (damaged header or entry); entries stop before it. */
  problem?: string;
}

export function parseJournalText(text: string, key: StateKey, source: string): JournalContents {
  const lines = text.split('\n');
  const tail = lines.pop()!; // '' when the text ends with a newline
  const out: JournalContents = { entries: [], tornTail: false };
  const all = tail === '' ? lines : [...lines, tail];
  const header = all[0] === undefined ? undefined : parseLine(all[0]);
  if (header === undefined) {
    if (all.length <= 1) return { ...out, tornTail: all.length === 1 };
    return { ...out, problem: 'its header line is damaged' };
  }
  const validHeader = validator('state.schema.json', '#/definitions/JournalHeader');
  if (!validHeader(header)) return { ...out, problem: `its header is not a keyform journal header (${describeErrors(validHeader.errors).join('; ')})` };
  out.header = header as unknown as JournalHeader;
  if (out.header.key_id !== key.id) {
    throw stateError('STATE_KEY_MISMATCH', `${source} was encrypted with key id ${out.header.key_id}, but the key in use has id ${key.id}: use the key this state was written with`);
  }
  const validLine = validator('state.schema.json', '#/definitions/JournalLine');
  for (let n = 1; n < all.length; n++) {
    const isTail = n === all.length - 1 && tail !== '';
    const line = parseLine(all[n]!);
    const ok = line !== undefined && validLine(line) && line['seq'] === n;
    if (!ok) {
      if (isTail) return { ...out, tornTail: true };
      return { ...out, problem: `line ${n + 1} is damaged${line && !validLine(line) ? ` (${describeErrors(validLine.errors).join('; ')})` : ''}` };
    }
    out.entries.push(decodeEntry(line, key, `${source} line ${n + 1}`));
  }
  return out;
}

function parseLine(line: string): Record<string, unknown> | undefined {
  try {
    const v = JSON.parse(line) as unknown;
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
