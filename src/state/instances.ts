/**
 * Reading and editing the instances of a state. Every edit is pure: it returns a new State and leaves its input
 * untouched (untouched resources are shared), so the journal's fold and the engine can use the same functions.
 * An instance has at most one current object (no `deposed` key) and any number of deposed ones; the functions
 * named after instances read and edit current objects, the `…Deposed` ones deposed objects.
 */
import { PROVIDER_SOURCE, resourceSchema, sensitiveAttributes } from '../provider/schema.js';
import type { Values } from '../values.js';
import { compareIndexKeys, compareStrings, formatAddress, parseAddress, sameIndexKey } from './address.js';
import type { AttributePath, DeposedKey, IndexKey, InstanceState, ResourceState, State } from './types.js';

export const PROVIDER_ADDRESS = `provider[${JSON.stringify(PROVIDER_SOURCE)}]`;

/** Resolves `address` (which may carry its own index) and an explicit index key, the explicit one winning. */
function target(address: string, indexKey?: IndexKey): { type: string; name: string; indexKey?: IndexKey } {
  const parsed = parseAddress(address);
  return indexKey === undefined ? parsed : { type: parsed.type, name: parsed.name, indexKey };
}

export function findResource(state: State, type: string, name: string): ResourceState | undefined {
  return state.resources.find((r) => r.type === type && r.name === name);
}

const isCurrent = (i: InstanceState): boolean => i.deposed === undefined;
const isObject = (i: InstanceState, indexKey: IndexKey | undefined, deposed: DeposedKey | undefined): boolean =>
  i.deposed === deposed && sameIndexKey(i.index_key, indexKey);

/** The current object at `address` (`type.name`, `type.name[0]`, `type.name["k"]`, or `type.name` plus `indexKey`). */
export function findInstance(state: State, address: string, indexKey?: IndexKey): InstanceState | undefined {
  const t = target(address, indexKey);
  return findResource(state, t.type, t.name)?.instances.find((i) => isObject(i, t.indexKey, undefined));
}

/** The deposed object `deposed` of the instance at `address`. */
export function findDeposed(state: State, address: string, indexKey: IndexKey | undefined, deposed: DeposedKey): InstanceState | undefined {
  const t = target(address, indexKey);
  return findResource(state, t.type, t.name)?.instances.find((i) => isObject(i, t.indexKey, deposed));
}

export interface DeposedObject {
  /** The instance address (`type.name`, `type.name[0]`). */
  address: string;
  type: string;
  name: string;
  indexKey?: IndexKey;
  deposed: DeposedKey;
  instance: InstanceState;
}

/** Every deposed object of the state, in storage order. */
export function deposedObjects(state: State): DeposedObject[] {
  const out: DeposedObject[] = [];
  for (const r of state.resources) {
    for (const i of r.instances) {
      if (i.deposed === undefined) continue;
      out.push({ address: formatAddress(r.type, r.name, i.index_key), type: r.type, name: r.name, ...(i.index_key !== undefined ? { indexKey: i.index_key } : {}), deposed: i.deposed, instance: i });
    }
  }
  return out;
}

/**
 * A new instance record with the schema's version, for values just read or written through the provider.
 * `sensitive` names the top-level attributes the configuration makes sensitive (fed by sensitive variables): they
 * are recorded in `sensitive_attributes` (the schema's are added when the state is normalised).
 */
export function newInstance(type: string, attributes: Values, dependencies: string[] = [], extra: Partial<InstanceState> = {}, sensitive: readonly string[] = []): InstanceState {
  return { schema_version: resourceSchema(type)?.version ?? 0, attributes, sensitive_attributes: attributePaths(sensitive), dependencies, ...extra };
}

/** Terraform's encoding of top-level attribute names as `sensitive_attributes` paths (`[{"type":"get_attr","value":NAME}]`). */
export function attributePaths(names: readonly string[]): AttributePath[] {
  return names.map((value) => [{ type: 'get_attr', value }]);
}

const NONE: readonly string[] = Object.freeze([]);

/**
 * The top-level attributes an instance's `sensitive_attributes` lists beyond the schema's sensitive ones: those a
 * sensitive value of the configuration fed when it was last applied. Sorted; the same empty list when there are none.
 */
export function recordedSensitive(type: string, instance: Pick<InstanceState, 'sensitive_attributes'>): readonly string[] {
  const paths = instance.sensitive_attributes ?? [];
  let out: string[] | undefined;
  for (const p of paths) {
    if (p.length !== 1 || p[0]!.type !== 'get_attr') continue;
    const name = p[0]!.value;
    if (typeof name !== 'string' || sensitiveAttributes(type).includes(name) || out?.includes(name)) continue;
    (out ??= []).push(name);
  }
  return out ? out.sort() : NONE;
}

/** Sets (adds or replaces) one instance's current object; its `index_key` is taken from the `indexKey` argument. */
export function setInstance(state: State, type: string, name: string, indexKey: IndexKey | undefined, instance: InstanceState): State {
  return setObject(state, type, name, indexKey, undefined, instance);
}

function setObject(state: State, type: string, name: string, indexKey: IndexKey | undefined, deposed: DeposedKey | undefined, instance: InstanceState): State {
  const stored: InstanceState = { ...instance };
  if (indexKey === undefined) delete stored.index_key;
  else stored.index_key = indexKey;
  if (deposed === undefined) delete stored.deposed;
  else stored.deposed = deposed;
  const existing = findResource(state, type, name);
  const resource: ResourceState = existing
    ? { ...existing, instances: [...existing.instances.filter((i) => !isObject(i, indexKey, deposed)), stored].sort(byIndexKey) }
    : { mode: 'managed', type, name, provider: PROVIDER_ADDRESS, instances: [stored] };
  return withResource(state, type, name, resource);
}

/** Removes one instance's current object (and its resource when nothing is left); a missing one leaves the state as it is. */
export function removeInstance(state: State, address: string, indexKey?: IndexKey): State {
  return removeObject(state, address, indexKey, undefined);
}

/** Removes a deposed object (once it is deleted). */
export function removeDeposed(state: State, address: string, indexKey: IndexKey | undefined, deposed: DeposedKey): State {
  return removeObject(state, address, indexKey, deposed);
}

function removeObject(state: State, address: string, indexKey: IndexKey | undefined, deposed: DeposedKey | undefined): State {
  const t = target(address, indexKey);
  const existing = findResource(state, t.type, t.name);
  if (!existing || !existing.instances.some((i) => isObject(i, t.indexKey, deposed))) return state;
  const instances = existing.instances.filter((i) => !isObject(i, t.indexKey, deposed));
  return withResource(state, t.type, t.name, instances.length ? { ...existing, instances } : undefined);
}

/** The current object becomes the deposed object `deposed` (before its replacement is created); no current object, no change. */
export function deposeInstance(state: State, address: string, indexKey: IndexKey | undefined, deposed: DeposedKey): State {
  const t = target(address, indexKey);
  const current = findInstance(state, address, indexKey);
  if (!current) return state;
  return setObject(removeInstance(state, address, indexKey), t.type, t.name, t.indexKey, deposed, current);
}

/** The deposed object `deposed` becomes the current object again (its replacement was not created); none, no change. */
export function restoreDeposed(state: State, address: string, indexKey: IndexKey | undefined, deposed: DeposedKey): State {
  const t = target(address, indexKey);
  const object = findDeposed(state, address, indexKey, deposed);
  if (!object) return state;
  return setObject(removeDeposed(state, address, indexKey, deposed), t.type, t.name, t.indexKey, undefined, object);
}

/** Every instance address with a current object, in the order resources and instances are stored (type, name, index key). */
export function listAddresses(state: State): string[] {
  return [...state.resources]
    .sort(byTypeAndName)
    .flatMap((r) => [...r.instances].sort(byIndexKey).filter(isCurrent).map((i) => formatAddress(r.type, r.name, i.index_key)));
}

/** Replaces (or with `undefined` removes) the resource `type.name`, keeping resources sorted. */
export function withResource(state: State, type: string, name: string, resource: ResourceState | undefined): State {
  const others = state.resources.filter((r) => !(r.type === type && r.name === name));
  return { ...state, resources: resource ? [...others, resource].sort(byTypeAndName) : others };
}

export const byTypeAndName = (a: ResourceState, b: ResourceState): number => compareStrings(a.type, b.type) || compareStrings(a.name, b.name);
/** By index key, the current object before the deposed ones (by key). */
export const byIndexKey = (a: InstanceState, b: InstanceState): number =>
  compareIndexKeys(a.index_key, b.index_key) || compareStrings(a.deposed ?? '', b.deposed ?? '');
