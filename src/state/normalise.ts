/**
 * The one normal form of a state: resources sorted by type and name, instances by index key, dependencies sorted
 * and unique, every schema-sensitive attribute listed in `sensitive_attributes`, and every output typed.
 * Serialisation, content comparison (serial moves only on change) and golden files all rely on it.
 */
import { sensitiveAttributes } from '../provider/schema.js';
import { compareStrings } from './address.js';
import { byIndexKey, byTypeAndName } from './instances.js';
import type { AttributePath, InstanceState, OutputState, ResourceState, State } from './types.js';

export function normaliseState(state: State): State {
  const outputs: Record<string, OutputState> = {};
  for (const name of Object.keys(state.outputs).sort(compareStrings)) outputs[name] = normaliseOutput(state.outputs[name]!);
  return { ...state, outputs, resources: [...state.resources].sort(byTypeAndName).map(normaliseResource) };
}

function normaliseResource(r: ResourceState): ResourceState {
  return { ...r, instances: [...r.instances].sort(byIndexKey).map((i) => normaliseInstance(r.type, i)) };
}

function normaliseInstance(type: string, i: InstanceState): InstanceState {
  const paths = new Map<string, AttributePath>();
  for (const p of i.sensitive_attributes) paths.set(JSON.stringify(p), p);
  for (const name of sensitiveAttributes(type)) {
    if (Object.hasOwn(i.attributes, name)) {
      const p: AttributePath = [{ type: 'get_attr', value: name }];
      paths.set(JSON.stringify(p), p);
    }
  }
  const sensitive = [...paths.keys()].sort(compareStrings).map((k) => paths.get(k)!);
  return { ...i, sensitive_attributes: sensitive, dependencies: [...new Set(i.dependencies)].sort(compareStrings) };
}

function normaliseOutput(o: OutputState): OutputState {
  return { ...o, type: o.type ?? typeOf(o.value) };
}

/** A value's type in Terraform's JSON type notation (`"string"`, `["object", {...}]`, `["tuple", [...]]`). */
export function typeOf(v: unknown): unknown {
  if (v === null) return 'dynamic';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return 'number';
  if (typeof v === 'boolean') return 'bool';
  if (Array.isArray(v)) return ['tuple', v.map(typeOf)];
  const fields: Record<string, unknown> = {};
  for (const k of Object.keys(v as object).sort(compareStrings)) fields[k] = typeOf((v as Record<string, unknown>)[k]);
  return ['object', fields];
}
