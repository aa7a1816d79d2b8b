/**
 * Scopes for evaluating a module's expressions. `configScope` answers from the configuration alone (a
 * computed attribute not set is UNKNOWN) and learns each instance as it is evaluated; `addressScope` adapts
 * any `address → values` lookup (the planner's planned values, apply's results).
 */
import { UNKNOWN, type Value, type Values } from '../values.js';
import { traversalText, type Traversal } from './expr/ast.js';
import { NotFound, traverse, type Scope } from './expr/scope.js';
import { resourceAddress, rootProblem } from './reference-roots.js';
import { resourceShape } from './schema-shape.js';
import type { ConfigModule, DesiredInstance } from './types.js';

export interface InstanceScope extends Scope {
  /** Told about each instance once evaluated, in dependency order, so later references can see it. */
  instanceEvaluated?(instance: DesiredInstance): void;
}

/** Resolves a resource traversal through `lookup` (`'pending'`: declared, not known yet → UNKNOWN). */
function resolveResource(t: Traversal, lookup: (address: string) => Value | 'pending' | undefined): Value | NotFound {
  const problem = rootProblem(t);
  if (problem) return new NotFound(problem);
  const address = resourceAddress(t)!;
  const v = lookup(address);
  if (v === undefined) return new NotFound(`Reference to undeclared resource "${address}"`);
  if (v === 'pending') return UNKNOWN;
  const rest = traverse(v, t.steps.slice(1), address);
  return rest instanceof NotFound ? new NotFound(`Cannot resolve ${traversalText(t)}: ${rest.message}`) : rest;
}

export function addressScope(lookup: (address: string) => Values | undefined): Scope {
  return { resolve: (t) => resolveResource(t, lookup) };
}

export function configScope(module: ConfigModule): InstanceScope {
  const declared = new Set(module.resources.map((r) => r.address));
  const evaluated = new Map<string, { type: string; values: Values }>();
  return {
    resolve(t) {
      const problem = rootProblem(t);
      if (problem) return new NotFound(problem);
      const address = resourceAddress(t)!;
      const found = evaluated.get(address);
      if (!found) return declared.has(address) ? UNKNOWN : new NotFound(`Reference to undeclared resource "${address}"`);
      const [, attr, ...rest] = t.steps;
      if (attr?.kind !== 'attr') return resolveResource(t, () => withSchemaDefaults(found.type, found.values));
      if (Object.hasOwn(found.values, attr.name)) {
        const v = traverse(found.values[attr.name]!, rest, `${address}.${attr.name}`);
        return v instanceof NotFound ? new NotFound(`Cannot resolve ${traversalText(t)}: ${v.message}`) : v;
      }
      const a = resourceShape(found.type)?.attributes.get(attr.name);
      if (!a) return new NotFound(`Cannot resolve ${traversalText(t)}: ${address} has no attribute "${attr.name}"`);
      if (a.computed) return UNKNOWN;
      return rest.length === 0 ? null : new NotFound(`Cannot resolve ${traversalText(t)}: ${address}.${attr.name} is null`);
    },
    instanceEvaluated(instance) {
      evaluated.set(instance.address, { type: instance.type, values: instance.values });
    },
  };
}

/** Configured values plus every other schema attribute: UNKNOWN when the provider computes it, else null. */
function withSchemaDefaults(type: string, values: Values): Values {
  const shape = resourceShape(type);
  if (!shape) return values;
  const out: Values = { ...values };
  for (const [k, a] of shape.attributes) if (!Object.hasOwn(out, k)) out[k] = a.computed ? UNKNOWN : null;
  return out;
}
