/**
 * What to do with a journal found beside the state (a crashed or still-running apply): apply it, drop it because
 * the state already contains it, or move it aside because it belongs to another history. The decision is pure.
 */
import { emptyState } from './empty-state.js';
import { foldJournal } from './fold-journal.js';
import type { JournalContents } from './journal-file.js';
import { canonicalJson, contentOf } from './serialise.js';
import { findDeposed, findInstance } from './instances.js';
import { entryLabel, entryObject, type JournalEntry } from './journal-entry.js';
import type { State } from './types.js';

export type RecoveryDecision =
  | { action: 'apply'; state: State }
  | { action: 'drop'; reason: 'empty' | 'already-committed' }
  | { action: 'orphan'; reason: string };

/** Report of a journal handled while reading the state, for the CLI ("recovered N steps from an interrupted apply"). */
export interface Recovery {
  outcome: 'recovered' | 'already-committed' | 'orphaned';
  /** Complete entries the journal held. */
  steps: number;
  /** An incomplete last line (a write cut by the crash, never acknowledged) was ignored. */
  tornTail: boolean;
  journal: string;
  /** For `orphaned`: why, and where the journal was moved (absent in a dry run). */
  reason?: string;
  movedTo?: string;
  /** True when nothing on disk was changed (`load({ recover: false })`). */
  dryRun: boolean;
}

export function decideRecovery(disk: State | undefined, journal: JournalContents): RecoveryDecision {
  if (journal.problem) return { action: 'orphan', reason: `it cannot be read: ${journal.problem}` };
  const header = journal.header;
  if (!header) return { action: 'drop', reason: 'empty' };
  if (!disk) return { action: 'apply', state: foldJournal({ ...emptyState(header.lineage), serial: header.serial }, journal.entries) };
  if (header.lineage !== disk.lineage) {
    return { action: 'orphan', reason: `it belongs to another state (lineage ${header.lineage}, the state's is ${disk.lineage})` };
  }
  if (header.serial === disk.serial) return { action: 'apply', state: foldJournal(disk, journal.entries) };
  // A crash between the final write and the journal's removal: the state already holds every entry.
  if (header.serial < disk.serial && contentOf(foldJournal(disk, journal.entries)) === contentOf(disk)) {
    return { action: 'drop', reason: 'already-committed' };
  }
  return { action: 'orphan', reason: `it extends serial ${header.serial}, but the state is at serial ${disk.serial}` };
}

/** Addresses whose last journal entry the state does not reflect (empty when the state contains the journal). */
export function stepsMissingFrom(state: State, entries: JournalEntry[]): string[] {
  const folded = foldJournal(state, entries);
  if (contentOf(folded) === contentOf(state)) return [];
  const same = (a: unknown, b: unknown): boolean => canonicalJson(a) === canonicalJson(b);
  const objectIn = (s: State, o: { address: string; deposed?: string }) => (o.deposed === undefined ? findInstance(s, o.address) : findDeposed(s, o.address, undefined, o.deposed));
  const missing = new Set<string>();
  for (const e of entries) {
    const label = entryLabel(e);
    if (missing.has(label)) continue;
    const o = entryObject(e);
    // A depose or restore moves an object between the current slot and a deposed one: both must match.
    const moved = e.op === 'depose' || e.op === 'restore' ? [o, { address: o.address }] : [o];
    const differs = o.address.startsWith('output.')
      ? !same(folded.outputs[o.address.slice(7)], state.outputs[o.address.slice(7)])
      : moved.some((x) => !same(objectIn(folded, x), objectIn(state, x)));
    if (differs) missing.add(label);
  }
  return [...missing];
}
