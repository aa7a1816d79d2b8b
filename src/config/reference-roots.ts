/**
 * What the first names of a traversal mean: `type.name` is a resource; `var`, `local`, `data`, `module`,
 * `each`, `count`, `self`, `path` and `terraform` are Terraform's other roots, none of them available yet.
 */
import { traversalText, type Traversal } from './expr/ast.js';

const ROOT_MESSAGES: Record<string, string> = {
  var: 'input variables arrive with the next release',
  local: 'local values arrive with the next release',
  each: 'for_each arrives with the next release',
  count: 'count arrives with the next release',
  data: 'data sources are not supported yet',
  module: 'modules are not supported yet',
  self: 'self is only available in provisioner and connection blocks, which keyform does not have',
  path: 'path.* values are not supported yet',
  terraform: 'terraform.* values are not supported yet',
};

/** Why a traversal cannot be resolved because of its root, or undefined for a resource reference. */
export function rootProblem(t: Traversal): string | undefined {
  if (Object.hasOwn(ROOT_MESSAGES, t.root)) return `Cannot use ${traversalText(t)}: ${ROOT_MESSAGES[t.root]}`;
  const first = t.steps[0];
  if (first?.kind !== 'attr') return `Invalid reference ${traversalText(t)}: a resource type must be followed by the resource name, like ${t.root}.NAME`;
  return undefined;
}

/** `type.name` for a traversal that refers to a resource, else undefined. */
export function resourceAddress(t: Traversal): string | undefined {
  const first = t.steps[0];
  return Object.hasOwn(ROOT_MESSAGES, t.root) || first?.kind !== 'attr' ? undefined : `${t.root}.${first.name}`;
}
