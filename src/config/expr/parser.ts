/**
 * A recursive-descent parser for HCL native expressions over the tokenizer's tokens: literals, traversals,
 * index and attribute access, splats, calls, tuples, objects, unary and binary operators and the conditional,
 * with HCL's precedence. What keyform cannot evaluate yet still parses, so the evaluator can name it exactly.
 */
import type { BinaryOp, ExprProblem, Node, Step } from './ast.js';
import { parseTemplateRange } from './template.js';
import type { Token } from './tokenizer.js';

/** Binary operators by precedence level, loosest first. */
const LEVELS: BinaryOp[][] = [['||'], ['&&'], ['==', '!='], ['<', '>', '<=', '>='], ['+', '-'], ['*', '/', '%']];

/** How deep expressions (and the templates inside them) may nest: deeper input is refused, not a stack overflow. */
const MAX_NESTING = 64;
let nesting = 0;

class ParseFailure {
  constructor(readonly problem: ExprProblem) {}
}

/** Parses `tokens` (ending with an `end` token) as one expression; `src` is the string the offsets refer to. */
export function parseExpression(tokens: readonly Token[], src: string): { node: Node } | { problem: ExprProblem } {
  const p = new Parser(tokens, src);
  try {
    const node = p.expression();
    const next = p.peek();
    if (next.kind !== 'end') p.fail(`Expected the end of the expression, found ${describe(next)}`, next);
    return { node };
  } catch (e) {
    if (e instanceof ParseFailure) return { problem: e.problem };
    throw e;
  }
}

class Parser {
  private i = 0;
  constructor(private readonly tokens: readonly Token[], private readonly src: string) {}

  peek(offset = 0): Token {
    return this.tokens[Math.min(this.i + offset, this.tokens.length - 1)]!;
  }

  private next(): Token {
    const t = this.peek();
    if (this.i < this.tokens.length - 1) this.i++;
    return t;
  }

  private isPunct(text: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t.kind === 'punct' && t.text === text;
  }

  private expect(text: string, what: string): Token {
    const t = this.peek();
    if (t.kind !== 'punct' || t.text !== text) this.fail(`Expected ${what}, found ${describe(t)}`, t);
    return this.next();
  }

  fail(summary: string, at: Token, kind: ExprProblem['kind'] = 'syntax'): never {
    throw new ParseFailure({ kind, summary, pos: at.pos });
  }

  expression(): Node {
    return this.nested(() => this.conditional());
  }

  /** Runs a recursive step, refusing input nested deeper than MAX_NESTING. */
  private nested<T>(step: () => T): T {
    if (nesting >= MAX_NESTING) this.fail(`Expression nested too deeply (more than ${MAX_NESTING} levels)`, this.peek());
    nesting++;
    try {
      return step();
    } finally {
      nesting--;
    }
  }

  private conditional(): Node {
    const condition = this.binary(0);
    if (!this.isPunct('?')) return condition;
    this.next();
    const then = this.expression();
    this.expect(':', '":" of the conditional expression');
    const otherwise = this.expression();
    return { kind: 'conditional', condition, then, otherwise, pos: condition.pos, end: otherwise.end };
  }

  private binary(level: number): Node {
    if (level >= LEVELS.length) return this.unary();
    let left = this.binary(level + 1);
    const ops = LEVELS[level]!;
    for (;;) {
      const t = this.peek();
      if (t.kind !== 'punct' || !ops.includes(t.text as BinaryOp)) return left;
      this.next();
      const right = this.binary(level + 1);
      left = { kind: 'binary', op: t.text as BinaryOp, left, right, pos: left.pos, end: right.end };
    }
  }

  private unary(): Node {
    const t = this.peek();
    if (t.kind === 'punct' && (t.text === '-' || t.text === '!')) {
      this.next();
      const operand = this.nested(() => this.unary());
      if (t.text === '-' && operand.kind === 'literal' && typeof operand.value === 'number') return { ...operand, value: -operand.value, pos: t.pos };
      return { kind: 'unary', op: t.text, operand, pos: t.pos, end: operand.end };
    }
    return this.postfix(this.primary());
  }

  private primary(): Node {
    const t = this.next();
    switch (t.kind) {
      case 'number':
        return { kind: 'literal', value: Number(t.text), pos: t.pos, end: t.end };
      case 'string':
        return this.quoted(t);
      case 'ident':
        return this.identifier(t);
      case 'punct':
        if (t.text === '(') {
          const inner = this.expression();
          this.expect(')', '")"');
          return inner;
        }
        if (t.text === '[') return this.tuple(t);
        if (t.text === '{') return this.object(t);
        break;
      default:
        break;
    }
    return this.fail(`Expected an expression, found ${describe(t)}`, t);
  }

  private quoted(t: Token): Node {
    const { node, problems } = parseTemplateRange(this.src, t.pos + 1, t.end - 1, true);
    if (problems[0]) throw new ParseFailure(problems[0]);
    const parts = node.parts;
    if (parts.length === 0) return { kind: 'literal', value: '', pos: t.pos, end: t.end };
    if (parts.length === 1 && parts[0]!.kind === 'literal') return { kind: 'literal', value: parts[0]!.text, pos: t.pos, end: t.end };
    return { ...node, pos: t.pos, end: t.end };
  }

  private identifier(t: Token): Node {
    if (t.text === 'true' || t.text === 'false') return { kind: 'literal', value: t.text === 'true', pos: t.pos, end: t.end };
    if (t.text === 'null') return { kind: 'literal', value: null, pos: t.pos, end: t.end };
    let name = t.text;
    while (this.isPunct('::') && this.peek(1).kind === 'ident') {
      this.next();
      name += `::${this.next().text}`;
    }
    if (this.isPunct('(')) return this.call(name, t);
    if (name !== t.text) this.fail(`Expected "(" after the function name ${name}`, this.peek());
    return { kind: 'traversal', traversal: { root: t.text, steps: [] }, pos: t.pos, end: t.end };
  }

  private call(name: string, start: Token): Node {
    this.next();
    const args: Node[] = [];
    let expandFinal = false;
    while (!this.isPunct(')')) {
      args.push(this.expression());
      if (this.isPunct('...')) {
        this.next();
        expandFinal = true;
        break;
      }
      if (!this.isPunct(',')) break;
      this.next();
    }
    const close = this.expect(')', '"," or ")" in the argument list');
    return { kind: 'call', name, args, expandFinal, pos: start.pos, end: close.end };
  }

  private tuple(open: Token): Node {
    if (this.startsFor()) return this.forExpression(open, false);
    const items: Node[] = [];
    while (!this.isPunct(']')) {
      items.push(this.expression());
      if (!this.isPunct(',')) break;
      this.next();
    }
    const close = this.expect(']', '"," or "]" in the tuple');
    return { kind: 'tuple', items, pos: open.pos, end: close.end };
  }

  private object(open: Token): Node {
    if (this.startsFor()) return this.forExpression(open, true);
    const items: Array<{ key: Node; value: Node }> = [];
    while (!this.isPunct('}')) {
      const k = this.peek();
      const bare = k.kind === 'ident' && (this.isPunct('=', 1) || this.isPunct(':', 1));
      const key: Node = bare ? (this.next(), { kind: 'literal', value: k.text, pos: k.pos, end: k.end }) : this.expression();
      const sep = this.peek();
      if (sep.kind !== 'punct' || (sep.text !== '=' && sep.text !== ':')) this.fail(`Expected "=" or ":" after the object key, found ${describe(sep)}`, sep);
      this.next();
      items.push({ key, value: this.expression() });
      if (this.isPunct(',')) this.next();
    }
    const close = this.expect('}', '"}"');
    return { kind: 'object', items, pos: open.pos, end: close.end };
  }

  /** `for NAME` or `for NAME,` right after the opening bracket starts a for expression. */
  private startsFor(): boolean {
    const t = this.peek();
    const name = this.peek(1);
    const after = this.peek(2);
    return t.kind === 'ident' && t.text === 'for' && name.kind === 'ident' && (after.kind === 'ident' ? after.text === 'in' : after.kind === 'punct' && after.text === ',');
  }

  /** After `[` or `{`: `for [k,] v in coll : [key =>] value [...] [if cond]` and the closing bracket. */
  private forExpression(open: Token, object: boolean): Node {
    this.next(); // for
    const first = this.next().text;
    let keyVar: string | undefined;
    let valueVar = first;
    if (this.isPunct(',')) {
      this.next();
      const second = this.next();
      if (second.kind !== 'ident') this.fail(`Expected a variable name after "for ${first},", found ${describe(second)}`, second);
      keyVar = first;
      valueVar = second.text;
      if (keyVar === valueVar) this.fail(`The key and value variables of a for expression must have different names, both are "${keyVar}"`, second);
    }
    const inWord = this.next();
    if (inWord.kind !== 'ident' || inWord.text !== 'in') this.fail(`Expected "in" in the for expression, found ${describe(inWord)}`, inWord);
    const collection = this.expression();
    this.expect(':', '":" after the collection of the for expression');
    let key: Node | undefined;
    let value = this.expression();
    let grouping = false;
    if (object) {
      this.expect('=>', '"=>" between the key and the value of the object for expression');
      key = value;
      value = this.expression();
      if (this.isPunct('...')) {
        this.next();
        grouping = true;
      }
    } else if (this.isPunct('=>')) this.fail('A tuple for expression ([for …]) has no key: use {for … : key => value} to build an object', this.peek());
    let condition: Node | undefined;
    if (this.peek().kind === 'ident' && this.peek().text === 'if') {
      this.next();
      condition = this.expression();
    }
    const close = this.expect(object ? '}' : ']', object ? '"}" closing the for expression' : '"]" closing the for expression');
    const node: Node = { kind: 'for', valueVar, collection, value, object, grouping, pos: open.pos, end: close.end };
    if (keyVar !== undefined) node.keyVar = keyVar;
    if (key) node.key = key;
    if (condition) node.condition = condition;
    return node;
  }

  private postfix(start: Node): Node {
    let node = start;
    for (;;) {
      if (this.isPunct('.')) {
        this.next();
        const t = this.next();
        if (t.kind === 'ident') node = this.step(node, { kind: 'attr', name: t.text }, t.end);
        else if (t.kind === 'number' && /^[0-9]+(\.[0-9]+)?$/.test(t.text)) {
          for (const n of t.text.split('.')) node = this.step(node, { kind: 'index', key: Number(n) }, t.end);
        } else if (t.kind === 'punct' && t.text === '*') node = this.splat(node, t.end, false);
        else this.fail(`Expected an attribute name after ".", found ${describe(t)}`, t);
      } else if (this.isPunct('[')) {
        this.next();
        if (this.isPunct('*') && this.isPunct(']', 1)) {
          this.next();
          node = this.splat(node, this.next().end, true);
          continue;
        }
        const key = this.expression();
        const close = this.expect(']', '"]" after the index');
        const literal = key.kind === 'literal' && (typeof key.value === 'string' || (typeof key.value === 'number' && Number.isSafeInteger(key.value) && key.value >= 0));
        node = literal ? this.step(node, { kind: 'index', key: key.value as number | string }, close.end) : { kind: 'index', target: node, key, pos: node.pos, end: close.end };
      } else return node;
    }
  }

  /** Extends a traversal by a static step (the parser owns the node), or wraps any other expression in an access node. */
  private step(node: Node, step: Step, end: number): Node {
    if (node.kind === 'traversal') {
      node.traversal.steps.push(step);
      node.end = end;
      return node;
    }
    if (step.kind === 'attr') return { kind: 'getattr', target: node, name: step.name, pos: node.pos, end };
    return { kind: 'index', target: node, key: { kind: 'literal', value: step.key, pos: node.end, end }, pos: node.pos, end };
  }

  /** `x[*].a.b` / `x.*.a`: the steps after the splat apply to each element. */
  private splat(source: Node, end: number, full: boolean): Node {
    const each: Step[] = [];
    for (;;) {
      if (this.isPunct('.') && this.peek(1).kind === 'ident') {
        this.next();
        const t = this.next();
        each.push({ kind: 'attr', name: t.text });
        end = t.end;
      } else if (full && this.isPunct('[') && this.peek(1).kind === 'number' && this.isPunct(']', 2)) {
        this.next();
        each.push({ kind: 'index', key: Number(this.next().text) });
        end = this.next().end;
      } else return { kind: 'splat', source, each, pos: source.pos, end };
    }
  }
}

function describe(t: Token): string {
  if (t.kind === 'end') return t.text === '' ? 'the end of the text' : 'the end of the interpolation';
  if (t.kind === 'string') return 'a string';
  return JSON.stringify(t.text);
}
