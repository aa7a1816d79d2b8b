/**
 * What can be found wrong in an expression before it is evaluated: a call to a function keyform does not have
 * (with the closest name it does have), so `keyform validate` names it without needing any value.
 */
import { childNodes, type ExprProblem, type Node } from './ast.js';
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
  for (const child of childNodes(node)) findUnsupported(child, out);
  return out;
}
