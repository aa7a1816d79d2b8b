/**
 * Drift: the last run's state against the live API (STYLE 8: its own diff). For each prior instance, what is
 * there now — and the values planning should start from.
 */
import type { RemoteObject, ResourceType } from '../provider/resource.js';
import type { Values } from '../values.js';
import { changedAttributes, managedAttributes } from './attributes.js';
import type { DeposedInstance, PriorInstance } from './inputs.js';
import type { DriftEntry } from './types.js';

export interface Current {
  /** The object as it is now (the state's token kept when the object is the same one), or undefined when gone. */
  values?: Values;
  drift?: DriftEntry;
  /**
   * A create left pending found its identity taken by an object that create did not make (these attributes
   * differ from the record): it must not be touched, and planning stops.
   */
  notMadeByPending?: { found: Values; differences: string[] };
}

export function currentOf(prior: PriorInstance, rt: ResourceType, refreshed: ReadonlyMap<string, RemoteObject> | undefined): Current {
  return withRecordedSensitive(currentFound(prior, rt, refreshed), prior);
}

/** A drift entry carries the attributes the state records as sensitive: shown, their values stay hidden. */
function withRecordedSensitive(current: Current, prior: PriorInstance): Current {
  if (!current.drift || !prior.sensitive?.length) return current;
  return { ...current, drift: { ...current.drift, sensitive: prior.sensitive } };
}

function currentFound(prior: PriorInstance, rt: ResourceType, refreshed: ReadonlyMap<string, RemoteObject> | undefined): Current {
  if (!refreshed) return { values: prior.values };
  const remote = refreshed.get(rt.identity(prior.values));
  if (prior.status === 'pending_create') {
    if (!remote) return {};
    const differences = rt.differencesFromCreate?.(prior.values, remote) ?? [];
    if (differences.length > 0) return { notMadeByPending: { found: remote, differences } };
    return {
      values: { ...remote, token: null },
      drift: {
        address: prior.address,
        kind: 'interrupted-create',
        before: prior.values,
        after: remote,
        changedAttributes: [],
        message: 'an earlier apply was interrupted while creating this key: the key exists but its token was never recorded',
      },
    };
  }
  if (!remote) {
    return {
      drift: { address: prior.address, kind: 'deleted', before: prior.values, changedAttributes: [], message: 'the key was deleted outside keyform' },
    };
  }
  if (prior.values['id'] !== undefined && prior.values['id'] !== null && remote['id'] !== prior.values['id']) {
    return {
      values: { ...remote, token: null },
      drift: {
        address: prior.address,
        kind: 'replaced',
        before: prior.values,
        after: remote,
        changedAttributes: ['id'],
        message: `the key was replaced outside keyform (same canonical, id ${String(prior.values['id'])} → ${String(remote['id'])}): the token in state no longer works`,
      },
    };
  }
  const values: Values = { ...remote, token: prior.values['token'] ?? null };
  const managed = managedAttributes(rt);
  const changed = changedAttributes(rt, prior.values, values).filter((a) => managed.includes(a));
  if (changed.length === 0) return { values };
  return {
    values,
    drift: {
      address: prior.address,
      kind: 'changed',
      before: prior.values,
      after: values,
      changedAttributes: changed,
      message: `${changed.join(', ')} changed outside keyform`,
    },
  };
}

/**
 * A deposed object as it is now: still there (the same key: same identity and id), or gone — deleted outside
 * keyform, or its canonical taken by another key since (that key is not the deposed object and is left alone).
 */
export function deposedCurrent(prior: DeposedInstance, rt: ResourceType, refreshed: ReadonlyMap<string, RemoteObject> | undefined): Current {
  if (!refreshed) return { values: prior.values };
  const remote = refreshed.get(rt.identity(prior.values));
  const id = prior.values['id'];
  if (remote && (id === undefined || id === null || remote['id'] === id)) return { values: { ...remote, token: prior.values['token'] ?? null } };
  return withRecordedSensitive({
    drift: {
      address: prior.address,
      deposed: prior.deposed,
      kind: 'deleted',
      before: prior.values,
      changedAttributes: [],
      message: remote ? `the deposed object is gone: its canonical now belongs to another key (id ${String(remote['id'])})` : 'the deposed object was deleted outside keyform',
    },
  }, prior);
}
