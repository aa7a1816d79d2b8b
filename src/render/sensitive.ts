/**
 * Which attributes of an address are sensitive, and values with them taken out. Secrets never reach plan
 * output: the human plan prints `(sensitive value)`, the JSON plan `null` with a `*_sensitive` mark.
 */
import type { Plan } from '../plan/types.js';
import { sensitiveAttributes } from '../provider/schema.js';
import { knownPart, type Values } from '../values.js';
import { addressParts } from './resource-address.js';

/**
 * The sensitive attributes of every address of a plan: a change's own list and a drift entry's (what the state
 * records as sensitive), joined with the schema's for the type.
 */
export function sensitiveLookup(plan: Pick<Plan, 'changes'> & Partial<Pick<Plan, 'drift'>>): (address: string) => ReadonlySet<string> {
  // Built on first use: a plan of thousands of unchanged keys renders none of them.
  let byAddress: Map<string, Set<string>> | undefined;
  const build = (): Map<string, Set<string>> => {
    const map = new Map<string, Set<string>>();
    const add = (address: string, type: string, names: readonly string[]) => {
      const set = map.get(address) ?? new Set<string>(schemaSensitive(type));
      for (const a of names) set.add(a);
      map.set(address, set);
    };
    for (const c of plan.changes) add(c.address, c.type, c.sensitive);
    for (const d of plan.drift ?? []) if (d.sensitive) add(d.address, addressParts(d.address).type, d.sensitive);
    return map;
  };
  return (address) => (byAddress ??= build()).get(address) ?? new Set(schemaSensitive(addressParts(address).type));
}

function schemaSensitive(type: string): string[] {
  try {
    return sensitiveAttributes(type);
  } catch {
    return []; // the schema file is unreadable: the plan's own lists still apply
  }
}

/** `knownPart` of the values with every sensitive attribute set to null; null for absent values. */
export function redactedValues(values: Values | undefined, sensitive: ReadonlySet<string>): unknown {
  if (values === undefined) return null;
  const known = knownPart(values) as Record<string, unknown>;
  return Object.fromEntries(Object.entries(known).map(([k, v]) => [k, sensitive.has(k) ? null : v]));
}

/** Terraform's `before_sensitive`/`after_sensitive`: `false` for absent values, else `true` per sensitive attribute. */
export function sensitiveMarks(values: Values | undefined, sensitive: ReadonlySet<string>): false | Record<string, true> {
  if (values === undefined) return false;
  return Object.fromEntries(Object.keys(values).filter((k) => sensitive.has(k)).map((k) => [k, true as const]));
}
