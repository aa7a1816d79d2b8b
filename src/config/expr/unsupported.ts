/**
 * The constructs that parse but that keyform cannot evaluate yet, each with the message that names it. The
 * next release shrinks this list (functions, operators, conditionals); nothing else has to change.
 */
import type { ExprProblem, Node } from './ast.js';

/** The problem for a node keyform cannot evaluate yet, or undefined when it can. */
export function unsupportedProblem(node: Node): ExprProblem | undefined {
  const at = (summary: string, detail?: string): ExprProblem => ({ kind: 'unsupported', summary, pos: node.pos, ...(detail ? { detail } : {}) });
  switch (node.kind) {
    case 'call':
      return at(`Functions are not supported yet: ${node.name}()`, 'Functions arrive with the next release of keyform.');
    case 'unary':
    case 'binary':
      return at(`Expression not supported: the "${node.op}" operator`);
    case 'conditional':
      return at('Expression not supported: conditional expressions (… ? … : …)');
    case 'splat':
      return at('Expression not supported: splat expressions ([*])');
    case 'index':
      return at('Expression not supported: an index that is not a literal number or string');
    case 'getattr':
      return at(`Expression not supported: attribute access (.${node.name}) on a computed value`);
    default:
      return undefined;
  }
}

/** Every construct in `node` that keyform cannot evaluate yet, outermost first. */
export function findUnsupported(node: Node, out: ExprProblem[] = []): ExprProblem[] {
  const problem = unsupportedProblem(node);
  if (problem) {
    out.push(problem);
    return out; // one message per construct: its insides are reported once it is supported
  }
  switch (node.kind) {
    case 'template':
      for (const p of node.parts) if (p.kind === 'interpolation') findUnsupported(p.expr, out);
      break;
    case 'tuple':
      for (const item of node.items) findUnsupported(item, out);
      break;
    case 'object':
      for (const item of node.items) {
        findUnsupported(item.key, out);
        findUnsupported(item.value, out);
      }
      break;
    default:
      break;
  }
  return out;
}
