/**
 * Applying journal entries to a state, purely. `applyEntry` is one step through the ordinary state edits;
 * `foldJournal` applies many in one pass (O(entries + resources), for recovering thousands of steps) and is
 * property-tested to equal applying them one by one.
 */
import { parseAddress } from './address.js';
import { byIndexKey, byTypeAndName, deposeInstance, removeDeposed, removeInstance, restoreDeposed, setInstance } from './instances.js';
import { normaliseEntry, normaliseParsed, type JournalEntry } from './journal-entry.js';
import { PROVIDER_ADDRESS } from './instances.js';
import type { IndexKey, InstanceState, OutputState, ResourceState, State } from './types.js';

export function applyEntry(state: State, entry: JournalEntry): State {
  const e = normaliseEntry(entry);
  switch (e.op) {
    case 'set':
    case 'pending': {
      const { type, name } = parseAddress(e.address);
      return setInstance(state, type, name, e.index_key, instanceOf(e));
    }
    case 'remove':
      return e.deposed === undefined ? removeInstance(state, e.address, e.index_key) : removeDeposed(state, e.address, e.index_key, e.deposed);
    case 'depose':
      return deposeInstance(state, e.address, e.index_key, e.deposed);
    case 'restore':
      return restoreDeposed(state, e.address, e.index_key, e.deposed);
    case 'output':
      return { ...state, outputs: { ...state.outputs, [e.name]: outputOf(e) } };
    case 'remove-output': {
      if (!Object.hasOwn(state.outputs, e.name)) return state;
      const { [e.name]: _gone, ...outputs } = state.outputs;
      return { ...state, outputs };
    }
  }
}

export function foldJournal(state: State, entries: readonly JournalEntry[]): State {
  if (entries.length === 0) return state;
  // resource key → (instance key → instance); untouched resources are kept as they are.
  const touched = new Map<string, { template: ResourceState; instances: Map<string, InstanceState> }>();
  const resources = new Map(state.resources.map((r) => [resKey(r.type, r.name), r]));
  const outputs: Record<string, OutputState> = { ...state.outputs };
  for (const entry of entries) {
    if (entry.op === 'output') outputs[entry.name] = outputOf(entry);
    else if (entry.op === 'remove-output') delete outputs[entry.name];
    else {
      // The address parsed once, for its resource and to normalise the entry.
      const a = parseAddress(entry.address);
      const { type, name } = a;
      const e = normaliseParsed(entry, a);
      const k = resKey(type, name);
      let t = touched.get(k);
      if (!t) {
        const r = resources.get(k) ?? { mode: 'managed', type, name, provider: PROVIDER_ADDRESS, instances: [] };
        t = { template: r, instances: new Map(r.instances.map((i) => [instKey(i.index_key, i.deposed), i])) };
        touched.set(k, t);
      }
      const current = instKey(e.index_key);
      if (e.op === 'remove') t.instances.delete(instKey(e.index_key, e.deposed));
      else if (e.op === 'depose' || e.op === 'restore') {
        const aside = instKey(e.index_key, e.deposed);
        const [from, to] = e.op === 'depose' ? [current, aside] : [aside, current];
        const object = t.instances.get(from);
        if (object) {
          t.instances.delete(from);
          const { deposed: _d, ...rest } = object;
          t.instances.set(to, e.op === 'depose' ? { ...rest, deposed: e.deposed } : rest);
        }
      } else t.instances.set(current, withIndex(instanceOf(e), e.index_key));
    }
  }
  for (const [k, t] of touched) {
    if (t.instances.size === 0) resources.delete(k);
    else resources.set(k, { ...t.template, instances: [...t.instances.values()].sort(byIndexKey) });
  }
  return { ...state, outputs, resources: [...resources.values()].sort(byTypeAndName) };
}

function instanceOf(e: { op: 'set' | 'pending'; instance: InstanceState }): InstanceState {
  return e.op === 'pending' ? { ...e.instance, status: 'pending_create' } : e.instance;
}

function outputOf(e: { value: OutputState['value']; sensitive: boolean; type?: unknown }): OutputState {
  return { value: e.value, ...(e.type !== undefined ? { type: e.type } : {}), ...(e.sensitive ? { sensitive: true } : {}) };
}

/** A current object at `indexKey` (a set or pending entry never describes a deposed one). */
function withIndex(i: InstanceState, indexKey: IndexKey | undefined): InstanceState {
  const { index_key: _k, deposed: _d, ...rest } = i;
  return indexKey === undefined ? rest : { index_key: indexKey, ...rest };
}

const resKey = (type: string, name: string): string => `${type}\u0000${name}`;
const instKey = (k: IndexKey | undefined, deposed?: string): string => `${k === undefined ? '' : `${typeof k}:${k}`}${deposed === undefined ? '' : `\u0000${deposed}`}`;
