/**
 * What can be found wrong in an expression before it is evaluated: a call to a function keyform does not have
 * (with the closest name it does have), so `keyform validate` names it without needing any value.
 */
import type { ExprProblem, Node } from './ast.js';
import { callFunction } from './functions/index.js';

/** Functions the evaluator implements itself, because their arguments are evaluated lazily. */
const LANGUAGE_FUNCTIONS = new Set(['try', 'can']);

/** The problem of a node on its own (not its children), or undefined. */
export function unsupportedProblem(node: Node): ExprProblem | undefined {
  if (node.kind !== 'call' || LANGUAGE_FUNCTIONS.has(node.name)) return undefined;
  if (node.name.includes('::')) {
    return { kind: 'unsupported', summary: `Provider-defined functions are not supported: ${node.name}()`, pos: node.pos };
  }
  const probe = callFunction(node.name, []);
  if ('error' in probe && probe.unknownFunction) {
    const hint = probe.suggestion && !probe.error.includes('did you mean') ? `; did you mean "${probe.suggestion}"?` : '';
    return { kind: 'unsupported', summary: `${probe.error}${hint}`, pos: node.pos, detail: 'The functions keyform provides are listed in docs/functions.md.' };
  }
  return undefined;
}

/** Every such problem in `node`, outermost first. */
export function findUnsupported(node: Node, out: ExprProblem[] = []): ExprProblem[] {
  const problem = unsupportedProblem(node);
  if (problem) out.push(problem);
  const walk = (n: Node | undefined): void => void (n && findUnsupported(n, out));
  switch (node.kind) {
    case 'template':
      for (const p of node.parts) if (p.kind === 'interpolation') walk(p.expr);
      break;
    case 'tuple':
      node.items.forEach(walk);
      break;
    case 'object':
      for (const item of node.items) {
        walk(item.key);
        walk(item.value);
      }
      break;
    case 'call':
      node.args.forEach(walk);
      break;
    case 'index':
      walk(node.target);
      walk(node.key);
      break;
    case 'getattr':
      walk(node.target);
      break;
    case 'splat':
      walk(node.source);
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
    case 'for':
      walk(node.collection);
      walk(node.key);
      walk(node.value);
      walk(node.condition);
      break;
    default:
      break;
  }
  return out;
}
