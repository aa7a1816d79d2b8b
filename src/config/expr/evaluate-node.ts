/**
 * Evaluates an expression tree against a scope. Pure: the scope is the only way out. A problem is reported and
 * the value becomes UNKNOWN, so one mistake never turns into a silently wrong value or a cascade of errors.
 * Semantics follow Terraform's: operators convert operands the way HCL does ("5" + 1 is 6), `==` compares type
 * and value, anything touching an unknown value is unknown, and a for expression over an object walks its keys
 * in lexical order.
 */
import { containsUnknown, isUnknown, UNKNOWN, valuesEqual, type Value } from '../../values.js';
import { traversalText, type ExprProblem, type ForNode, type Node, type NodeOf, type Step } from './ast.js';
import { callFunction } from './functions/index.js';
import { article as typeArticle, toBoolValue, toNumberValue, toStringValue, typeName } from './functions/convert.js';
import { NotFound, traverse, type Scope } from './scope.js';
import { setOwn } from '../set-own.js';

type Report = (p: ExprProblem) => void;

/** Signals a problem already reported: the expression's value is UNKNOWN. */
class Reported {}
const REPORTED = new Reported();

export function evaluateNode(node: Node, scope: Scope, report: Report): Value {
  try {
    return evalNode(node, scope, report);
  } catch (e) {
    if (e instanceof Reported) return UNKNOWN;
    throw e;
  }
}

function evalNode(node: Node, scope: Scope, report: Report): Value {
  const fail = (summary: string, at: Node = node, detail?: string): never => {
    report({ kind: 'value', summary, pos: at.pos, ...(detail ? { detail } : {}) });
    throw REPORTED;
  };
  switch (node.kind) {
    case 'literal':
      return node.value;
    case 'template':
      return evaluateTemplate(node, scope, report);
    case 'traversal': {
      const v = scope.resolve(node.traversal);
      if (v === undefined || v instanceof NotFound) {
        report({ kind: 'reference', summary: v?.message ?? `Unknown reference: ${traversalText(node.traversal)}`, pos: node.pos });
        throw REPORTED;
      }
      return v;
    }
    case 'tuple':
      return node.items.map((item) => evalNode(item, scope, report));
    case 'object':
      return evaluateObject(node, scope, report);
    case 'index': {
      const target = evalNode(node.target, scope, report);
      const key = evalNode(node.key, scope, report);
      if (isUnknown(target) || isUnknown(key)) return UNKNOWN;
      return index(target, key, node, fail);
    }
    case 'getattr': {
      const target = evalNode(node.target, scope, report);
      if (isUnknown(target)) return UNKNOWN;
      return step(target, { kind: 'attr', name: node.name }, node, fail);
    }
    case 'splat':
      return evaluateSplat(node, scope, report, fail);
    case 'call':
      return evaluateCall(node, scope, report, fail);
    case 'unary': {
      const v = evalNode(node.operand, scope, report);
      if (isUnknown(v)) return UNKNOWN;
      if (node.op === '!') return !convert(toBoolValue, v, node.operand, 'the operand of "!"', fail);
      return -convert(toNumberValue, v, node.operand, 'the operand of "-"', fail);
    }
    case 'binary':
      return evaluateBinary(node, scope, report, fail);
    case 'conditional': {
      const c = evalNode(node.condition, scope, report);
      if (isUnknown(c)) return UNKNOWN;
      if (c === null) fail('The condition of a conditional expression is null: it must be true or false', node.condition);
      const chosen = convert(toBoolValue, c, node.condition, 'the condition', fail) ? node.then : node.otherwise;
      return evalNode(chosen, scope, report);
    }
    case 'for':
      return evaluateFor(node, scope, report, fail);
  }
}

type Fail = (summary: string, at?: Node, detail?: string) => never;

/** A conversion with HCL's rules, its failure reported against `at`. */
function convert<T>(fn: (v: Value) => T, v: Value, at: Node, what: string, fail: Fail): T {
  if (v === null) return fail(`Invalid value for ${what}: it is null`, at);
  try {
    return fn(v);
  } catch (e) {
    return fail(`Invalid value for ${what}: ${(e as Error).message}`, at);
  }
}

function evaluateBinary(node: NodeOf<'binary'>, scope: Scope, report: Report, fail: Fail): Value {
  const left = evalNode(node.left, scope, report);
  const right = evalNode(node.right, scope, report);
  if (node.op === '==' || node.op === '!=') {
    if (containsUnknown(left) || containsUnknown(right)) return UNKNOWN;
    return valuesEqual(left, right) === (node.op === '==');
  }
  if (isUnknown(left) || isUnknown(right)) return UNKNOWN;
  const operand = (side: 'left' | 'right') => `the ${side} operand of "${node.op}"`;
  if (node.op === '&&' || node.op === '||') {
    const a = convert(toBoolValue, left, node.left, operand('left'), fail);
    const b = convert(toBoolValue, right, node.right, operand('right'), fail);
    return node.op === '&&' ? a && b : a || b;
  }
  const a = convert(toNumberValue, left, node.left, operand('left'), fail);
  const b = convert(toNumberValue, right, node.right, operand('right'), fail);
  switch (node.op) {
    case '<':
      return a < b;
    case '>':
      return a > b;
    case '<=':
      return a <= b;
    case '>=':
      return a >= b;
    case '+':
      return finite(a + b, node, fail);
    case '-':
      return finite(a - b, node, fail);
    case '*':
      return finite(a * b, node, fail);
    case '/':
      if (b === 0) return fail('Division by zero', node.right);
      return finite(a / b, node, fail);
    case '%':
      if (b === 0) return fail('Modulo by zero', node.right);
      return finite(a % b, node, fail);
  }
}

const finite = (n: number, at: Node, fail: Fail): number => (Number.isFinite(n) ? n : fail('The result is too large for a number', at));

/** `v[key]`: lists take whole numbers (or numeric strings), objects take strings (or numbers, as text). */
function index(v: Value, key: Value, at: NodeOf<'index'>, fail: Fail): Value {
  if (v === null) return fail('Cannot index a null value', at.target);
  if (Array.isArray(v)) {
    if (typeof key !== 'number' && typeof key !== 'string') return fail(`A list index must be a number, not ${article(key)}`, at.key);
    const n = typeof key === 'number' ? key : Number(key);
    if (!Number.isInteger(n) || (typeof key === 'string' && key.trim() === '')) return fail(`Invalid list index ${JSON.stringify(key)}: it must be a whole number`, at.key);
    if (n < 0 || n >= v.length) return fail(`Invalid index: ${n} is out of range for a list of ${v.length} element${v.length === 1 ? '' : 's'}`, at.key);
    return v[n]!;
  }
  if (typeof v === 'object' && !isUnknown(v)) {
    if (typeof key !== 'string' && typeof key !== 'number' && typeof key !== 'boolean') return fail(`An object key must be a string, not ${article(key)}`, at.key);
    const k = String(key);
    if (!Object.hasOwn(v, k)) return fail(`Invalid index: the object has no element ${JSON.stringify(k)}`, at.key);
    return (v as Record<string, Value>)[k]!;
  }
  return fail(`Cannot index ${article(v)}: only lists and objects have elements`, at.target);
}

/** One static step applied to a computed value (`(expr).name`, a splat's `.name`). */
function step(v: Value, s: Step, at: Node, fail: Fail): Value {
  const r = traverse(v, [s], 'the value');
  return r instanceof NotFound ? fail(r.message, at) : r;
}

/** `list[*].a`: the steps applied to each element; a single non-list value acts as a one-element list, null as none. */
function evaluateSplat(node: NodeOf<'splat'>, scope: Scope, report: Report, fail: Fail): Value {
  const source = evalNode(node.source, scope, report);
  if (isUnknown(source)) return UNKNOWN;
  const items = source === null ? [] : Array.isArray(source) ? source : [source];
  return items.map((item) => {
    let v = item;
    for (const s of node.each) {
      if (isUnknown(v)) return UNKNOWN;
      v = step(v, s, node, fail);
    }
    return v;
  });
}

function evaluateCall(node: NodeOf<'call'>, scope: Scope, report: Report, fail: Fail): Value {
  if (node.name === 'try' || node.name === 'can') return evaluateTryCan(node, scope, report, fail);
  let args = node.args.map((a) => evalNode(a, scope, report));
  if (node.expandFinal) {
    const last = args[args.length - 1];
    if (isUnknown(last)) return UNKNOWN;
    if (!Array.isArray(last)) return fail(`The final argument of ${node.name}(…) is expanded with "...", so it must be a list, not ${article(last ?? null)}`, node.args[node.args.length - 1]);
    args = [...args.slice(0, -1), ...last];
  }
  const result = callFunction(node.name, args);
  if ('value' in result) return result.value;
  const argNode = result.arg !== undefined && !node.expandFinal ? node.args[result.arg] : undefined;
  const summary = result.unknownFunction ? result.error : `Invalid function call ${node.name}(): ${result.error}`;
  return fail(summary, argNode ?? node);
}

/**
 * `try(a, b, …)`: the first argument that evaluates without a problem; `can(x)`: whether `x` does. The problems
 * of the arguments tried are not reported (that is the point); when none succeeds, that is the problem.
 */
function evaluateTryCan(node: NodeOf<'call'>, scope: Scope, _report: Report, fail: Fail): Value {
  if (node.name === 'can' && node.args.length !== 1) return fail(`can() takes exactly one argument, found ${node.args.length}`);
  if (node.name === 'try' && node.args.length === 0) return fail('try() needs at least one argument');
  const problems: ExprProblem[] = [];
  for (const arg of node.args) {
    const before = problems.length;
    const v = evaluateNode(arg, scope, (p) => problems.push(p));
    if (problems.length === before) {
      if (node.name === 'can') return isUnknown(v) ? UNKNOWN : true;
      return v;
    }
  }
  if (node.name === 'can') return false;
  return fail('No argument of try() could be evaluated', node, problems.map((p) => p.summary).join('; '));
}

function evaluateFor(node: ForNode, scope: Scope, report: Report, fail: Fail): Value {
  const coll = evalNode(node.collection, scope, report);
  if (isUnknown(coll)) return UNKNOWN;
  let pairs: Array<[Value, Value]>;
  if (Array.isArray(coll)) pairs = coll.map((v, i) => [i, v]);
  else if (coll !== null && typeof coll === 'object') pairs = Object.keys(coll).sort(byCodeUnit).map((k) => [k, (coll as Record<string, Value>)[k]!]);
  else return fail(`A for expression needs a list or an object to iterate over, not ${article(coll)}`, node.collection);
  const tuple: Value[] = [];
  const object: Record<string, Value> = {};
  const groups = new Map<string, Value[]>();
  let unknown = false;
  for (const [k, v] of pairs) {
    const bindings = new Map<string, Value>([[node.valueVar, v]]);
    if (node.keyVar !== undefined) bindings.set(node.keyVar, k);
    const inner = bind(scope, bindings);
    if (node.condition) {
      const c = evalNode(node.condition, inner, report);
      if (isUnknown(c)) {
        unknown = true;
        continue;
      }
      if (!convert(toBoolValue, c, node.condition, 'the "if" condition of the for expression', fail)) continue;
    }
    const value = evalNode(node.value, inner, report);
    if (!node.object) {
      tuple.push(value);
      continue;
    }
    const key = evalNode(node.key!, inner, report);
    if (isUnknown(key)) {
      unknown = true;
      continue;
    }
    const name = convert(toStringValue, key, node.key!, 'an object key in the for expression', fail);
    if (node.grouping) {
      const group = groups.get(name);
      if (group) group.push(value);
      else groups.set(name, [value]);
    } else if (Object.hasOwn(object, name)) {
      return fail(`Duplicate object key "${name}" in the for expression`, node.key!, 'Add "..." after the value expression to group the values of equal keys into lists.');
    } else setOwn(object, name, value);
  }
  if (unknown) return UNKNOWN;
  if (!node.object) return tuple;
  if (node.grouping) for (const [k, vs] of groups) setOwn(object, k, vs);
  return object;
}

/** A scope where `names` (a for expression's variables) shadow the outer scope. */
function bind(scope: Scope, names: ReadonlyMap<string, Value>): Scope {
  return {
    resolve(t) {
      if (!names.has(t.root)) return scope.resolve(t);
      const r = traverse(names.get(t.root)!, t.steps, t.root);
      return r instanceof NotFound ? new NotFound(`Cannot resolve ${traversalText(t)}: ${r.message}`) : r;
    },
  };
}

/** A template of exactly one interpolation keeps the value's type; any other template yields a string. */
function evaluateTemplate(node: NodeOf<'template'>, scope: Scope, report: Report): Value {
  const only = node.parts[0];
  if (node.parts.length === 1 && only?.kind === 'interpolation') return evalNode(only.expr, scope, report);
  let out = '';
  let unknown = false;
  for (const part of node.parts) {
    if (part.kind === 'literal') {
      out += part.text;
      continue;
    }
    const v = evalNode(part.expr, scope, report);
    const text = interpolationText(v);
    if (typeof text === 'string') out += text;
    else {
      unknown = true;
      if (text) {
        report({ ...text, pos: part.pos });
        throw REPORTED;
      }
    }
  }
  return unknown ? UNKNOWN : out;
}

/** The text a value contributes to a string template, or the reason it cannot (undefined for unknown). */
function interpolationText(v: Value): string | ExprProblem | undefined {
  if (isUnknown(v)) return undefined;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return toStringValue(v);
  return { kind: 'value', summary: `Cannot include ${article(v)} in a string template`, pos: 0 };
}

function evaluateObject(node: NodeOf<'object'>, scope: Scope, report: Report): Value {
  const out: Record<string, Value> = {};
  let unknown = false;
  for (const item of node.items) {
    const key = evalNode(item.key, scope, report);
    const value = evalNode(item.value, scope, report);
    if (isUnknown(key)) unknown = true;
    else if (typeof key === 'string' || typeof key === 'number' || typeof key === 'boolean') setOwn(out, typeof key === 'string' ? key : toStringValue(key), value);
    else {
      report({ kind: 'value', summary: `An object key must be a string, not ${article(key)}`, pos: item.key.pos });
      throw REPORTED;
    }
  }
  return unknown ? UNKNOWN : out;
}

/** "a list", "an object", "null", "a number": how a value is named in messages. */
const article = (v: Value): string => typeArticle(typeName(v));

const byCodeUnit = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
