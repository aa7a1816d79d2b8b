/**
 * The steps an apply records in its journal, and their one-line encoding (JSON with sensitive values encrypted
 * exactly as in the state file). `address` is the resource address `type.name`; the instance's key is apart.
 */
import { containsUnknown, type Value } from '../values.js';
import { deposedLabel, formatAddress, parseAddress, type InstanceAddress } from './address.js';
import type { StateKey } from './encryption-key.js';
import { stateError } from './errors.js';
import { openInstance, openOutput, sealInstance, sealOutput, type CipherMemo } from './secrets.js';
import type { DeposedKey, IndexKey, InstanceState } from './types.js';

export type JournalEntry =
  /** The instance now has these values (a create, update or read finished). */
  | { op: 'set'; address: string; index_key?: IndexKey; instance: InstanceState }
  /** A create is about to be sent; stored with status `pending_create`. */
  | { op: 'pending'; address: string; index_key?: IndexKey; instance: InstanceState }
  /** The instance's current object is gone — or, with `deposed`, that deposed object is. */
  | { op: 'remove'; address: string; index_key?: IndexKey; deposed?: DeposedKey }
  /** The current object is set aside as deposed object `deposed`: a create_before_destroy replacement is about to be created. */
  | { op: 'depose'; address: string; index_key?: IndexKey; deposed: DeposedKey }
  /** The deposed object `deposed` is the current object again: its replacement was not created. */
  | { op: 'restore'; address: string; index_key?: IndexKey; deposed: DeposedKey }
  | { op: 'output'; name: string; value: Value; sensitive: boolean; type?: unknown }
  | { op: 'remove-output'; name: string };

export interface JournalHeader {
  journal: 1;
  lineage: string;
  /** Serial of the state the entries apply to. */
  serial: number;
  key_id: string;
}

/** The same entry with an instance address that may carry its index (`type.name["k"]`) split into `index_key`. */
export function normaliseEntry(entry: JournalEntry): JournalEntry {
  return 'address' in entry ? normaliseParsed(entry, parseAddress(entry.address)) : entry;
}

export type AddressedEntry = Extract<JournalEntry, { address: string }>;

/** normaliseEntry, given the entry's address parsed: the entry itself when its address is `type.name` already. */
export function normaliseParsed(entry: AddressedEntry, a: InstanceAddress): AddressedEntry {
  if (a.indexKey === undefined) return entry;
  const index_key = entry.index_key ?? a.indexKey;
  const { index_key: _drop, ...rest } = entry;
  return { ...rest, address: `${a.type}.${a.name}`, index_key } as AddressedEntry;
}

/** The instance address of an entry (`type.name[key]`), or `output.NAME`. */
export const entryAddress = (e: JournalEntry): string =>
  'address' in e ? formatAddress(parseAddress(e.address).type, parseAddress(e.address).name, e.index_key) : `output.${e.name}`;

/** The object an entry is about: its instance address, with the deposed key when it names one. */
export const entryObject = (e: JournalEntry): { address: string; deposed?: DeposedKey } => {
  const address = entryAddress(e);
  return 'deposed' in e && e.deposed !== undefined ? { address, deposed: e.deposed } : { address };
};

/** `entryObject` as one label, as messages name it. */
export const entryLabel = (e: JournalEntry): string => {
  const o = entryObject(e);
  return deposedLabel(o.address, o.deposed);
};

/** The line written for entry number `seq` (no newline); `memo` keeps the ciphertexts made, for the state file. */
export function encodeEntry(seq: number, entry: JournalEntry, key: StateKey, memo?: CipherMemo): string {
  if (entry.op === 'set' || entry.op === 'pending') {
    // The address parsed once (normaliseEntry and entryAddress would parse it three times: once per step recorded).
    const a = parseAddress(entry.address);
    const indexKey = entry.index_key ?? a.indexKey;
    const address = formatAddress(a.type, a.name, indexKey);
    const stored = entry.op === 'pending' && entry.instance.status !== 'pending_create' ? { ...entry.instance, status: 'pending_create' as const } : entry.instance;
    let instance: string;
    try {
      instance = JSON.stringify(sealInstance(a.type, address, withoutIndex(stored), key, memo));
    } catch (err) {
      // An unknown value refuses to be serialised (Unknown.toJSON throws): found here rather than looked for first.
      if (containsUnknown(entry.instance.attributes)) throw stateError('STATE_UNKNOWN_VALUE', `${address} has values not known yet: they cannot be recorded`);
      throw err;
    }
    // The same text as JSON.stringify({ seq, op, address, index_key?, instance }), without that object.
    const index = indexKey !== undefined ? `,"index_key":${JSON.stringify(indexKey)}` : '';
    return `{"seq":${seq},"op":"${entry.op}","address":${JSON.stringify(`${a.type}.${a.name}`)}${index},"instance":${instance}}`;
  }
  const e = normaliseEntry(entry) as Exclude<JournalEntry, { op: 'set' | 'pending' }>;
  if (e.op === 'output') {
    if (containsUnknown(e.value)) throw stateError('STATE_UNKNOWN_VALUE', `output ${e.name} is not known yet: it cannot be recorded`);
    const value = e.sensitive ? sealOutput(e.name, e.value, key, memo) : e.value;
    return JSON.stringify({ seq, op: e.op, name: e.name, value, sensitive: e.sensitive, ...(e.type !== undefined ? { type: e.type } : {}) });
  }
  if (e.op === 'remove') return JSON.stringify({ seq, op: e.op, address: e.address, ...indexOf(e), ...(e.deposed !== undefined ? { deposed: e.deposed } : {}) });
  if (e.op === 'depose' || e.op === 'restore') return JSON.stringify({ seq, op: e.op, address: e.address, ...indexOf(e), deposed: e.deposed });
  return JSON.stringify({ seq, op: e.op, name: e.name });
}

/** The entry of a parsed and validated line; sensitive values decrypted (`source` names the file in errors). */
export function decodeEntry(line: Record<string, unknown>, key: StateKey, source: string): JournalEntry {
  const e = line as unknown as JournalEntry & { seq: number };
  const { seq: _seq, ...entry } = e;
  if (entry.op === 'set' || entry.op === 'pending') {
    const { type } = parseAddress(entry.address);
    const instance = openInstance(type, entryAddress(entry), entry.instance, key, source);
    return { ...entry, instance: { ...instance, sensitive_attributes: instance.sensitive_attributes ?? [], dependencies: instance.dependencies ?? [] } };
  }
  if (entry.op === 'output' && entry.sensitive) return { ...entry, value: openOutput(entry.name, entry.value, key, source) };
  return entry;
}

const indexOf = (e: { index_key?: IndexKey }): { index_key?: IndexKey } => (e.index_key !== undefined ? { index_key: e.index_key } : {});

function withoutIndex(i: InstanceState): InstanceState {
  if (!('index_key' in i)) return i;
  const { index_key: _k, ...rest } = i;
  return rest;
}
