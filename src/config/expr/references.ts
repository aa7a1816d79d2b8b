/**
 * The traversals an expression tree reads, in source order: what the dependency graph is built from. Names a
 * for expression declares (`[for k, v in …]`) are local to it and are not references.
 */
import { childNodes, type Node, type Step, type Traversal } from './ast.js';

export interface NodeReference {
  traversal: Traversal;
  /** Offset of the traversal in its string. */
  pos: number;
  /** When the traversal is the source of a splat (`x[*].a.b`): the steps applied to each element. */
  splat?: Step[];
}

export function nodeReferences(node: Node, out: NodeReference[] = [], bound: ReadonlySet<string> = NO_NAMES): NodeReference[] {
  switch (node.kind) {
    case 'traversal':
      if (!bound.has(node.traversal.root)) out.push({ traversal: node.traversal, pos: node.pos });
      return out;
    case 'splat':
      if (node.source.kind === 'traversal' && !bound.has(node.source.traversal.root)) {
        out.push({ traversal: node.source.traversal, pos: node.source.pos, splat: node.each });
        return out;
      }
      break;
    case 'for': {
      // Over a plain reference (`for k, key in type.name : …`), each use of the element variable reads the
      // element's attributes: recorded like a splat (`type.name[*].canonical`), so checks see what is read.
      const c = node.collection;
      if (c.kind === 'traversal' && !bound.has(c.traversal.root)) {
        const uses: Traversal[] = [];
        for (const n of [node.key, node.value, node.condition]) if (n) collectRooted(n, node.valueVar, uses);
        if (uses.length === 0 || uses.some((u) => u.steps.length === 0)) out.push({ traversal: c.traversal, pos: c.pos });
        else for (const u of uses) out.push({ traversal: c.traversal, pos: c.pos, splat: u.steps });
      } else nodeReferences(c, out, bound);
      const inner = new Set(bound);
      inner.add(node.valueVar);
      if (node.keyVar !== undefined) inner.add(node.keyVar);
      for (const n of [node.key, node.value, node.condition]) if (n) nodeReferences(n, out, inner);
      return out;
    }
    default:
      break;
  }
  for (const child of childNodes(node)) nodeReferences(child, out, bound);
  return out;
}

const NO_NAMES: ReadonlySet<string> = new Set();

/** The traversals in `node` rooted at `name` (not shadowed by an inner for expression). */
function collectRooted(node: Node, name: string, out: Traversal[]): void {
  for (const r of nodeReferences(node)) if (r.traversal.root === name) out.push(r.splat ? { root: name, steps: [...r.traversal.steps, ...r.splat] } : r.traversal);
}
