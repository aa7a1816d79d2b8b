/**
 * Evaluates an expression tree against a scope. Pure: the scope is the only way out. A problem is reported and
 * the value becomes UNKNOWN, so one mistake never turns into a silently wrong value or a cascade of errors.
 */
import { isUnknown, UNKNOWN, type Value } from '../../values.js';
import { traversalText, type ExprProblem, type Node, type NodeOf } from './ast.js';
import { NotFound, type Scope } from './scope.js';
import { unsupportedProblem } from './unsupported.js';
import { setOwn } from '../set-own.js';

export function evaluateNode(node: Node, scope: Scope, report: (p: ExprProblem) => void): Value {
  switch (node.kind) {
    case 'literal':
      return node.value;
    case 'template':
      return evaluateTemplate(node, scope, report);
    case 'traversal': {
      const v = scope.resolve(node.traversal);
      if (v === undefined || v instanceof NotFound) {
        report({ kind: 'reference', summary: v?.message ?? `Unknown reference: ${traversalText(node.traversal)}`, pos: node.pos });
        return UNKNOWN;
      }
      return v;
    }
    case 'tuple':
      return node.items.map((item) => evaluateNode(item, scope, report));
    case 'object':
      return evaluateObject(node, scope, report);
    default: {
      report(unsupportedProblem(node) ?? { kind: 'unsupported', summary: `Expression not supported: ${node.kind}`, pos: node.pos });
      return UNKNOWN;
    }
  }
}

/** A template of exactly one interpolation keeps the value's type; any other template yields a string. */
function evaluateTemplate(node: NodeOf<'template'>, scope: Scope, report: (p: ExprProblem) => void): Value {
  const only = node.parts[0];
  if (node.parts.length === 1 && only?.kind === 'interpolation') return evaluateNode(only.expr, scope, report);
  let out = '';
  let unknown = false;
  for (const part of node.parts) {
    if (part.kind === 'literal') {
      out += part.text;
      continue;
    }
    const v = evaluateNode(part.expr, scope, report);
    const text = interpolationText(v);
    if (typeof text === 'string') out += text;
    else {
      unknown = true;
      if (text) report({ ...text, pos: part.pos });
    }
  }
  return unknown ? UNKNOWN : out;
}

/** The text a value contributes to a string template, or the reason it cannot (undefined for unknown). */
function interpolationText(v: Value): string | ExprProblem | undefined {
  if (isUnknown(v)) return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  const what = v === null ? 'null' : Array.isArray(v) ? 'a list' : 'an object';
  return { kind: 'value', summary: `Cannot include ${what} in a string template`, pos: 0 };
}

function evaluateObject(node: NodeOf<'object'>, scope: Scope, report: (p: ExprProblem) => void): Value {
  const out: Record<string, Value> = {};
  let unknown = false;
  for (const item of node.items) {
    const key = evaluateNode(item.key, scope, report);
    const value = evaluateNode(item.value, scope, report);
    if (isUnknown(key)) unknown = true;
    else if (typeof key === 'string' || typeof key === 'number' || typeof key === 'boolean') setOwn(out, String(key), value);
    else {
      report({ kind: 'value', summary: `An object key must be a string, not ${key === null ? 'null' : Array.isArray(key) ? 'a list' : 'an object'}`, pos: item.key.pos });
      unknown = true;
    }
  }
  return unknown ? UNKNOWN : out;
}
