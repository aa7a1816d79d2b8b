/**
 * Reading and editing the instances of a state. Every edit is pure: it returns a new State and leaves its input
 * untouched (untouched resources are shared), so the journal's fold and the engine can use the same functions.
 */
import { PROVIDER_SOURCE, resourceSchema } from '../provider/schema.js';
import type { Values } from '../values.js';
import { compareIndexKeys, compareStrings, formatAddress, parseAddress, sameIndexKey } from './address.js';
import type { IndexKey, InstanceState, ResourceState, State } from './types.js';

export const PROVIDER_ADDRESS = `provider[${JSON.stringify(PROVIDER_SOURCE)}]`;

/** Resolves `address` (which may carry its own index) and an explicit index key, the explicit one winning. */
function target(address: string, indexKey?: IndexKey): { type: string; name: string; indexKey?: IndexKey } {
  const parsed = parseAddress(address);
  return indexKey === undefined ? parsed : { type: parsed.type, name: parsed.name, indexKey };
}

export function findResource(state: State, type: string, name: string): ResourceState | undefined {
  return state.resources.find((r) => r.type === type && r.name === name);
}

/** The instance at `address` (`type.name`, `type.name[0]`, `type.name["k"]`, or `type.name` plus `indexKey`). */
export function findInstance(state: State, address: string, indexKey?: IndexKey): InstanceState | undefined {
  const t = target(address, indexKey);
  return findResource(state, t.type, t.name)?.instances.find((i) => sameIndexKey(i.index_key, t.indexKey));
}

/** A new instance record with the schema's version, for values just read or written through the provider. */
export function newInstance(type: string, attributes: Values, dependencies: string[] = [], extra: Partial<InstanceState> = {}): InstanceState {
  return { schema_version: resourceSchema(type)?.version ?? 0, attributes, sensitive_attributes: [], dependencies, ...extra };
}

/** Sets (adds or replaces) one instance; its `index_key` is taken from the `indexKey` argument. */
export function setInstance(state: State, type: string, name: string, indexKey: IndexKey | undefined, instance: InstanceState): State {
  const stored: InstanceState = { ...instance };
  if (indexKey === undefined) delete stored.index_key;
  else stored.index_key = indexKey;
  const existing = findResource(state, type, name);
  const resource: ResourceState = existing
    ? { ...existing, instances: [...existing.instances.filter((i) => !sameIndexKey(i.index_key, indexKey)), stored].sort(byIndexKey) }
    : { mode: 'managed', type, name, provider: PROVIDER_ADDRESS, instances: [stored] };
  return withResource(state, type, name, resource);
}

/** Removes one instance (and its resource when it was the last); a missing instance leaves the state as it is. */
export function removeInstance(state: State, address: string, indexKey?: IndexKey): State {
  const t = target(address, indexKey);
  const existing = findResource(state, t.type, t.name);
  if (!existing || !existing.instances.some((i) => sameIndexKey(i.index_key, t.indexKey))) return state;
  const instances = existing.instances.filter((i) => !sameIndexKey(i.index_key, t.indexKey));
  return withResource(state, t.type, t.name, instances.length ? { ...existing, instances } : undefined);
}

/** Every instance address, in the order resources and instances are stored (type, name, index key). */
export function listAddresses(state: State): string[] {
  return [...state.resources]
    .sort(byTypeAndName)
    .flatMap((r) => [...r.instances].sort(byIndexKey).map((i) => formatAddress(r.type, r.name, i.index_key)));
}

/** Replaces (or with `undefined` removes) the resource `type.name`, keeping resources sorted. */
export function withResource(state: State, type: string, name: string, resource: ResourceState | undefined): State {
  const others = state.resources.filter((r) => !(r.type === type && r.name === name));
  return { ...state, resources: resource ? [...others, resource].sort(byTypeAndName) : others };
}

export const byTypeAndName = (a: ResourceState, b: ResourceState): number => compareStrings(a.type, b.type) || compareStrings(a.name, b.name);
export const byIndexKey = (a: InstanceState, b: InstanceState): number => compareIndexKeys(a.index_key, b.index_key);
