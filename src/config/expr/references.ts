/** The traversals an expression tree reads, in source order: what the dependency graph is built from. */
import type { Node, Traversal } from './ast.js';

export interface NodeReference {
  traversal: Traversal;
  /** Offset of the traversal in its string. */
  pos: number;
}

export function nodeReferences(node: Node, out: NodeReference[] = []): NodeReference[] {
  switch (node.kind) {
    case 'traversal':
      out.push({ traversal: node.traversal, pos: node.pos });
      break;
    case 'template':
      for (const p of node.parts) if (p.kind === 'interpolation') nodeReferences(p.expr, out);
      break;
    case 'index':
      nodeReferences(node.target, out);
      nodeReferences(node.key, out);
      break;
    case 'getattr':
      nodeReferences(node.target, out);
      break;
    case 'splat':
      nodeReferences(node.source, out);
      break;
    case 'call':
    case 'tuple':
      for (const a of node.kind === 'call' ? node.args : node.items) nodeReferences(a, out);
      break;
    case 'object':
      for (const item of node.items) {
        nodeReferences(item.key, out);
        nodeReferences(item.value, out);
      }
      break;
    case 'unary':
      nodeReferences(node.operand, out);
      break;
    case 'binary':
      nodeReferences(node.left, out);
      nodeReferences(node.right, out);
      break;
    case 'conditional':
      nodeReferences(node.condition, out);
      nodeReferences(node.then, out);
      nodeReferences(node.otherwise, out);
      break;
    case 'literal':
      break;
  }
  return out;
}
