/**
 * Scopes for evaluating a module's expressions. `moduleScope` answers every root of Terraform's language from a
 * prepared module (variables, locals, count/each of the instance, path, terraform.workspace) and resources
 * through a lookup of their values — the configuration's own while validating, the planner's planned values,
 * apply's results. `addressScope` is the same for resources alone.
 */
import { UNKNOWN, type Value, type Values } from '../values.js';
import { traversalText, type Traversal } from './expr/ast.js';
import { NotFound, traverse, type Scope } from './expr/scope.js';
import { resourceAddress, rootProblem } from './reference-roots.js';
import { resourceShape } from './schema-shape.js';
import type { DesiredInstance } from './types.js';
import type { ModuleContext } from './context.js';
import { formatInstanceAddress, type IndexKey } from './instance-address.js';

/** A resource instance's values, `'pending'` when declared but known only later, undefined when not declared. */
export type ResourceLookup = (address: string) => Values | 'pending' | undefined;

export interface InstanceScope extends Scope {
  /** Told about each instance once evaluated, in dependency order, so later references can see it. */
  instanceEvaluated?(instance: DesiredInstance): void;
}

/** The instance being evaluated: its `count.index`, or `each.key` and `each.value`. */
export interface InstanceKeys {
  count?: number;
  each?: { key: string; value: Value };
}

export function addressScope(lookup: (address: string) => Values | undefined): Scope {
  return {
    resolve(t) {
      const problem = rootProblem(t);
      if (problem) return new NotFound(problem);
      const address = resourceAddress(t);
      if (address === undefined) return new NotFound(`Cannot use ${traversalText(t)} here`);
      const v = lookup(address);
      if (v === undefined) return new NotFound(`Reference to undeclared resource "${address}"`);
      return rest(t, withSchemaDefaults(t.root, v), address, 1);
    },
  };
}

/** The scope of one expression of a module: resources through `lookup`, the rest from the module's context. */
export function moduleScope(ctx: ModuleContext, lookup: ResourceLookup, instance: InstanceKeys = {}): Scope {
  const scope: Scope = {
    resolve(t) {
      const problem = rootProblem(t);
      if (problem) return new NotFound(problem);
      const first = t.steps[0];
      const name = first?.kind === 'attr' ? first.name : '';
      switch (t.root) {
        case 'var': {
          if (!ctx.variables.has(name)) return new NotFound(`Reference to undeclared input variable "${name}"`);
          return rest(t, ctx.variables.get(name)!, `var.${name}`, 1);
        }
        case 'local': {
          const v = ctx.local(name, lookup);
          return v instanceof NotFound ? v : rest(t, v, `local.${name}`, 1);
        }
        case 'count':
          if (instance.count === undefined) return ctx.expanding ? UNKNOWN : new NotFound('count.index is available only in a resource that sets count');
          return instance.count;
        case 'each':
          if (instance.each === undefined) return ctx.expanding ? UNKNOWN : new NotFound(`${traversalText(t)} is available only in a resource that sets for_each`);
          return name === 'key' ? instance.each.key : rest(t, instance.each.value, 'each.value', 1);
        case 'path':
          return name === 'cwd' ? ctx.cwd : '.';
        case 'terraform':
          return 'default';
        default:
          return resolveResource(ctx, t, lookup);
      }
    },
  };
  return scope;
}

/** `type.name…`: one instance, or the list (count) or object (for_each) of all of them. */
function resolveResource(ctx: ModuleContext, t: Traversal, lookup: ResourceLookup): Value | NotFound {
  const address = resourceAddress(t)!;
  const expansion = ctx.expansion.get(address);
  const instance = (key: IndexKey | undefined): Value => {
    const a = formatInstanceAddress(address, key);
    const v = lookup(a);
    return v === undefined || v === 'pending' ? UNKNOWN : withSchemaDefaults(t.root, v);
  };
  if (expansion === undefined) {
    const v = lookup(address);
    if (v === undefined) return ctx.declared.has(address) ? UNKNOWN : new NotFound(`Reference to undeclared resource "${address}"`);
    return v === 'pending' ? UNKNOWN : rest(t, withSchemaDefaults(t.root, v), address, 1);
  }
  if (expansion === 'unknown') return UNKNOWN;
  const keyStep = t.steps[1];
  if (keyStep?.kind === 'index') {
    const key = expansion.kind === 'count' ? (typeof keyStep.key === 'number' ? keyStep.key : Number(keyStep.key)) : String(keyStep.key);
    const exists = expansion.kind === 'count' ? Number.isInteger(key) && (key as number) >= 0 && (key as number) < expansion.keys.length : expansion.keys.includes(key as string);
    if (!exists) {
      const have = expansion.kind === 'count' ? `count is ${expansion.keys.length}` : expansion.keys.length === 0 ? 'for_each is empty' : `for_each has ${expansion.keys.map((k) => JSON.stringify(k)).join(', ')}`;
      return new NotFound(`Cannot resolve ${traversalText(t)}: ${address} has no instance [${JSON.stringify(keyStep.key)}] (${have})`);
    }
    return rest(t, instance(key), `${address}[${JSON.stringify(key)}]`, 2);
  }
  if (expansion.kind === 'count') return rest(t, expansion.keys.map((k) => instance(k)), address, 1);
  const all: Record<string, Value> = {};
  for (const k of expansion.keys) all[k] = instance(k);
  return rest(t, all, address, 1);
}

/** The steps of `t` from `from` on, applied to `v`. */
function rest(t: Traversal, v: Value, prefix: string, from: number): Value | NotFound {
  if (t.steps.length <= from) return v;
  const r = traverse(v, t.steps.slice(from), prefix);
  return r instanceof NotFound ? new NotFound(`Cannot resolve ${traversalText(t)}: ${r.message}`) : r;
}

/**
 * Configured values plus every other schema attribute: UNKNOWN when the provider computes it, else null. (The
 * resource type is the traversal's root.)
 */
function withSchemaDefaults(type: string, values: Values): Values {
  const shape = resourceShape(type);
  if (!shape) return values;
  let out: Values | undefined;
  for (const [k, a] of shape.attributes) {
    if (Object.hasOwn(values, k)) continue;
    out ??= { ...values };
    out[k] = a.computed ? UNKNOWN : null;
  }
  return out ?? values;
}
