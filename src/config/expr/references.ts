/**
 * The traversals an expression tree reads, in source order: what the dependency graph is built from. Names a
 * for expression declares (`[for k, v in …]`) are local to it and are not references.
 */
import type { Node, Step, Traversal } from './ast.js';

export interface NodeReference {
  traversal: Traversal;
  /** Offset of the traversal in its string. */
  pos: number;
  /** When the traversal is the source of a splat (`x[*].a.b`): the steps applied to each element. */
  splat?: Step[];
}

export function nodeReferences(node: Node, out: NodeReference[] = [], bound: ReadonlySet<string> = NO_NAMES): NodeReference[] {
  const walk = (n: Node): void => void nodeReferences(n, out, bound);
  switch (node.kind) {
    case 'traversal':
      if (!bound.has(node.traversal.root)) out.push({ traversal: node.traversal, pos: node.pos });
      break;
    case 'template':
      for (const p of node.parts) if (p.kind === 'interpolation') walk(p.expr);
      break;
    case 'index':
      walk(node.target);
      walk(node.key);
      break;
    case 'getattr':
      walk(node.target);
      break;
    case 'splat':
      if (node.source.kind === 'traversal' && !bound.has(node.source.traversal.root)) out.push({ traversal: node.source.traversal, pos: node.source.pos, splat: node.each });
      else walk(node.source);
      break;
    case 'call':
      for (const a of node.args) walk(a);
      break;
    case 'tuple':
      for (const a of node.items) walk(a);
      break;
    case 'object':
      for (const item of node.items) {
        walk(item.key);
        walk(item.value);
      }
      break;
    case 'unary':
      walk(node.operand);
      break;
    case 'binary':
      walk(node.left);
      walk(node.right);
      break;
    case 'conditional':
      walk(node.condition);
      walk(node.then);
      walk(node.otherwise);
      break;
    case 'for': {
      walk(node.collection);
      const inner = new Set(bound);
      inner.add(node.valueVar);
      if (node.keyVar !== undefined) inner.add(node.keyVar);
      for (const n of [node.key, node.value, node.condition]) if (n) nodeReferences(n, out, inner);
      break;
    }
    case 'literal':
      break;
  }
  return out;
}

const NO_NAMES: ReadonlySet<string> = new Set();
