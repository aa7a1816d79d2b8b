/** The state as the planner reads it: instances with their values, and outputs. */
import { formatAddress } from '../state/index.js';
import type { State } from '../state/index.js';
import type { PriorInstance } from '../plan/inputs.js';
import type { Values } from '../values.js';

export function priorInstances(state: State): PriorInstance[] {
  const out: PriorInstance[] = [];
  for (const r of state.resources) {
    for (const i of r.instances) {
      out.push({
        address: formatAddress(r.type, r.name, i.index_key),
        type: r.type,
        name: r.name,
        values: i.attributes,
        ...(i.status ? { status: i.status } : {}),
        dependencies: i.dependencies,
      });
    }
  }
  return out;
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
