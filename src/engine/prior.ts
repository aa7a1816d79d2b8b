/** The state as the planner reads it: instances with their values, deposed objects, and outputs. */
import { deposedObjects, formatAddress, recordedSensitive } from '../state/index.js';
import type { InstanceState, State } from '../state/index.js';
import type { DeposedInstance, PriorInstance } from '../plan/inputs.js';
import type { Values } from '../values.js';

export function priorInstances(state: State): PriorInstance[] {
  const out: PriorInstance[] = [];
  for (const r of state.resources) {
    for (const i of r.instances) {
      if (i.deposed !== undefined) continue;
      out.push({
        address: formatAddress(r.type, r.name, i.index_key),
        type: r.type,
        name: r.name,
        values: i.attributes,
        ...(i.status ? { status: i.status } : {}),
        dependencies: i.dependencies,
        ...sensitiveOf(r.type, i),
      });
    }
  }
  return out;
}

/** The deposed objects of the state (old objects of create_before_destroy replacements, not deleted yet). */
export function priorDeposed(state: State): DeposedInstance[] {
  return deposedObjects(state).map((d) => ({ address: d.address, type: d.type, name: d.name, values: d.instance.attributes, dependencies: d.instance.dependencies, deposed: d.deposed, ...sensitiveOf(d.type, d.instance) }));
}

/** `{ sensitive }` when the state records attributes sensitive beyond the schema's for this object, else nothing. */
function sensitiveOf(type: string, instance: InstanceState): { sensitive?: string[] } {
  const names = recordedSensitive(type, instance);
  return names.length > 0 ? { sensitive: [...names] } : {};
}

/** `org/canonical` of every key the state manages, deposed objects included. */
export function managedIdentities(state: State): Set<string> {
  const identity = (values: Values) => `${String(values['organization_canonical'])}/${String(values['canonical'])}`;
  return new Set([...priorInstances(state), ...priorDeposed(state)].map((p) => identity(p.values)));
}

export function priorOutputs(state: State): Record<string, { value: unknown; sensitive: boolean }> {
  const out: Record<string, { value: unknown; sensitive: boolean }> = {};
  for (const [name, o] of Object.entries(state.outputs)) out[name] = { value: o.value, sensitive: o.sensitive ?? false };
  return out;
}

/** address → values of every instance in state. */
export function stateValues(state: State): Map<string, Values> {
  return new Map(priorInstances(state).map((p) => [p.address, p.values]));
}
