/**
 * What the first names of a traversal mean: `type.name` is a resource; `var.NAME` a variable, `local.NAME` a
 * local value, `count.index` and `each.key`/`each.value` the instance being evaluated, `path.*` and
 * `terraform.workspace` facts of the run. `data`, `module` and `self` are Terraform's other roots, not
 * available in keyform.
 */
import { traversalText, type Traversal } from './expr/ast.js';

/** Roots that are not resource types. */
export const SPECIAL_ROOTS = new Set(['var', 'local', 'each', 'count', 'path', 'terraform', 'data', 'module', 'self']);

const UNAVAILABLE: Record<string, string> = {
  data: 'data sources are not supported yet',
  module: 'modules are not supported yet',
  self: 'self is only available in provisioner and connection blocks, which keyform does not have',
};

const ATTRIBUTES: Record<string, readonly string[]> = {
  count: ['index'],
  each: ['key', 'value'],
  path: ['module', 'root', 'cwd'],
  terraform: ['workspace'],
};

/** Why a traversal cannot be resolved because of how it starts, or undefined when its form is right. */
export function rootProblem(t: Traversal): string | undefined {
  if (Object.hasOwn(UNAVAILABLE, t.root)) return `Cannot use ${traversalText(t)}: ${UNAVAILABLE[t.root]}`;
  const first = t.steps[0];
  if (t.root === 'var' || t.root === 'local') {
    if (first?.kind !== 'attr') return `Invalid reference ${traversalText(t)}: ${t.root} must be followed by a name, like ${t.root}.NAME`;
    return undefined;
  }
  const names = ATTRIBUTES[t.root];
  if (names) {
    if (first?.kind !== 'attr' || !names.includes(first.name)) return `Invalid reference ${traversalText(t)}: ${t.root} has ${names.map((n) => `${t.root}.${n}`).join(', ')}`;
    if (t.root !== 'each' && t.steps.length > 1) return `Invalid reference ${traversalText(t)}: ${t.root}.${first.name} has no attributes`;
    return undefined;
  }
  if (first?.kind !== 'attr') return `Invalid reference ${traversalText(t)}: a resource type must be followed by the resource name, like ${t.root}.NAME`;
  return undefined;
}

/** `type.name` for a traversal that refers to a resource, else undefined. */
export function resourceAddress(t: Traversal): string | undefined {
  const first = t.steps[0];
  return SPECIAL_ROOTS.has(t.root) || first?.kind !== 'attr' ? undefined : `${t.root}.${first.name}`;
}

/** The dependency graph node a traversal reads: a resource (`type.name`) or a local value (`local.NAME`). */
export function graphNode(t: Traversal): string | undefined {
  if (t.root === 'local') return t.steps[0]?.kind === 'attr' ? `local.${t.steps[0].name}` : undefined;
  return resourceAddress(t);
}
