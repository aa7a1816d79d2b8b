/**
 * The references written in a configuration expression: every traversal in every template, with the attribute
 * path of the string it is in. The dependency graph and the reference checks are built from these.
 */
import { traversalText, type Traversal } from './expr/ast.js';
import { parseTemplate } from './expr/parse-template.js';
import { nodeReferences } from './expr/references.js';
import { templateSites } from './template-sites.js';
import { resourceAddress } from './reference-roots.js';
import type { Expr, OutputConfig, ResourceConfig } from './types.js';

export class Reference {
  /** The resource it names (`type.name`), or undefined for other roots (`var.x`, `local.y`). */
  readonly address: string | undefined;
  constructor(
    readonly traversal: Traversal,
    /** Attribute path of the string it is written in: `description`, `rules[0].resources[1]`. */
    readonly path: string,
  ) {
    this.address = resourceAddress(traversal);
  }

  /** The traversal as written, normalised: `cycloid_organization_api_key.a.canonical`. */
  get text(): string {
    return traversalText(this.traversal);
  }
}

export function references(expr: Expr, path = ''): Reference[] {
  const out: Reference[] = [];
  for (const site of templateSites(expr, path)) {
    const node = parseTemplate(site.text).node;
    if (node) for (const r of nodeReferences(node)) out.push(new Reference(r.traversal, site.path));
  }
  return out;
}

const memo = new WeakMap<object, Reference[]>();

/** The references of a resource's attributes, or of an output's value (memoised per declaration). */
export function declarationReferences(decl: ResourceConfig | OutputConfig): Reference[] {
  let refs = memo.get(decl);
  if (!refs) {
    refs = 'config' in decl ? references(decl.config) : references(decl.value, 'value');
    memo.set(decl, refs);
  }
  return refs;
}

/** The resources a declaration refers to (by reference or depends_on), as addresses, in first-seen order. */
export function referencedAddresses(decl: ResourceConfig | OutputConfig): string[] {
  const out = new Set<string>();
  for (const r of declarationReferences(decl)) if (r.address !== undefined) out.add(r.address);
  for (const a of decl.dependsOn) out.add(a);
  return [...out];
}
