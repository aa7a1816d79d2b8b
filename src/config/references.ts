/**
 * The references written in a configuration expression: every traversal in every template, with the attribute
 * path of the string it is in. The dependency graph and the reference checks are built from these.
 */
import { traversalText, type Step, type Traversal } from './expr/ast.js';
import { parseTemplate } from './expr/parse-template.js';
import { nodeReferences } from './expr/references.js';
import { templateSites } from './template-sites.js';
import { graphNode, resourceAddress } from './reference-roots.js';
import type { Expr, LocalConfig, OutputConfig, ResourceConfig } from './types.js';

/** A declaration whose expressions may reference others. */
export type Declaration = ResourceConfig | OutputConfig | LocalConfig;

export class Reference {
  /** The resource it names (`type.name`), or undefined for other roots (`var.x`, `local.y`). */
  readonly address: string | undefined;
  /** The dependency graph node it reads: the resource, or `local.NAME`. */
  readonly node: string | undefined;
  constructor(
    readonly traversal: Traversal,
    /** Attribute path of the string it is written in: `description`, `rules[0].resources[1]`. */
    readonly path: string,
    /** For the source of a splat (`type.name[*].id`): the steps applied to each element. */
    readonly splat?: readonly Step[],
  ) {
    this.address = resourceAddress(traversal);
    this.node = graphNode(traversal);
  }

  /** The traversal as written, normalised: `cycloid_organization_api_key.a.canonical`. */
  get text(): string {
    return traversalText(this.traversal);
  }
}

export function references(expr: Expr, path = ''): Reference[] {
  const out: Reference[] = [];
  const sites = templateSites(expr, path);
  if (sites.length === 0) return out;
  for (const site of sites) {
    const node = parseTemplate(site.text).node;
    if (node) for (const r of nodeReferences(node)) out.push(new Reference(r.traversal, site.path, r.splat));
  }
  return out;
}

const memo = new WeakMap<object, Reference[]>();
const NONE: readonly Reference[] = Object.freeze([]);

/**
 * The references of a declaration: a resource's attributes, count and for_each; an output's value; a local's
 * value. Remembered when there are some (finding none again is a walk without a parse).
 */
export function declarationReferences(decl: Declaration): readonly Reference[] {
  let refs = memo.get(decl);
  if (!refs) {
    if ('config' in decl) {
      refs = references(decl.config);
      if (decl.count !== undefined) refs.push(...references(decl.count, 'count'));
      if (decl.forEach !== undefined) refs.push(...references(decl.forEach, 'for_each'));
    } else refs = references(decl.value, 'dependsOn' in decl ? 'value' : '');
    if (refs.length === 0) return NONE;
    memo.set(decl, refs);
  }
  return refs;
}

/**
 * The graph nodes a declaration depends on, in first-seen order: resources (`type.name`) and local values
 * (`local.NAME`) it references, and what depends_on names.
 */
export function referencedAddresses(decl: Declaration): string[] {
  const refs = declarationReferences(decl);
  if (refs.length === 0 && (!('dependsOn' in decl) || decl.dependsOn.length === 0)) return [];
  const out = new Set<string>();
  for (const r of refs) if (r.node !== undefined) out.add(r.node);
  if ('dependsOn' in decl) for (const a of decl.dependsOn) out.add(a);
  return [...out];
}
