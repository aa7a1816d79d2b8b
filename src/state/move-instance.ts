/**
 * `keyform state mv FROM TO`: renames a resource (all its instances) or moves one instance, as Terraform does.
 * The type must stay the same; `FROM` must exist and `TO` must not.
 */
import { formatAddress, parseAddress } from './address.js';
import { stateError } from './errors.js';
import { findInstance, findResource, removeInstance, setInstance, withResource } from './instances.js';
import type { State } from './types.js';

export function moveInstance(state: State, from: string, to: string): State {
  const src = parseAddress(from);
  const dst = parseAddress(to);
  if (src.type !== dst.type) {
    throw stateError('STATE_MOVE_TYPE_MISMATCH', `cannot move ${from} to ${to}: an instance keeps its resource type (${src.type})`);
  }
  const resource = findResource(state, src.type, src.name);
  if (!resource) throw stateError('STATE_ADDRESS_NOT_FOUND', `${from} is not in the state`);

  // `type.name` with no index names the whole resource when it has keyed instances (count/for_each).
  const wholeResource = src.indexKey === undefined && dst.indexKey === undefined && resource.instances.some((i) => i.index_key !== undefined);
  if (wholeResource) {
    if (findResource(state, dst.type, dst.name)) throw stateError('STATE_ADDRESS_EXISTS', `cannot move ${from} to ${to}: ${to} is already in the state`);
    const moved = withResource(state, src.type, src.name, undefined);
    return withResource(moved, dst.type, dst.name, { ...resource, name: dst.name });
  }

  const instance = findInstance(state, from);
  if (!instance) throw stateError('STATE_ADDRESS_NOT_FOUND', `${from} is not in the state`);
  if (findInstance(state, to)) throw stateError('STATE_ADDRESS_EXISTS', `cannot move ${from} to ${to}: ${formatAddress(dst.type, dst.name, dst.indexKey)} is already in the state`);
  const kind = keyKind(dst.indexKey);
  const staying = (findResource(state, dst.type, dst.name)?.instances ?? []).filter((i) => !(src.name === dst.name && i.index_key === src.indexKey));
  if (staying.some((i) => keyKind(i.index_key) !== kind)) {
    throw stateError('STATE_ADDRESS_EXISTS', `cannot move ${from} to ${to}: ${dst.type}.${dst.name} already has instances keyed differently`);
  }
  return setInstance(removeInstance(state, from), dst.type, dst.name, dst.indexKey, instance);
}

const keyKind = (k: unknown): string => (k === undefined ? 'none' : typeof k);
