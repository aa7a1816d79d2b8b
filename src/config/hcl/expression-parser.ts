/**
 * HCL native expressions, parsed the way hashicorp/hcl's hclsyntax parser does (same grammar, same places where
 * a newline ends an expression), keeping only what the conversion to Terraform JSON needs: literals, templates,
 * tuples, objects, unary operators on literals, and the source span of everything else.
 */
import type { Expr, ObjectItem } from './hcl-ast.js';
import { Lexer, Tok } from './lexer.js';
import { NUMBER_LITERAL } from './go-text.js';
import type { LineMap } from './line-map.js';
import { fail } from './syntax-failure.js';
import { scanHeredoc, scanQuoted } from './template-scanner.js';

/** How deep blocks, brackets, templates and operators may nest before the input is refused. */
export const MAX_DEPTH = 500;

const BINARY = new Set<Tok>([Tok.Or, Tok.And, Tok.EqEq, Tok.NotEq, Tok.Lt, Tok.Gt, Tok.LtEq, Tok.GtEq, Tok.Plus, Tok.Minus, Tok.Star, Tok.Slash, Tok.Percent]);

export class ExpressionParser {
  private depth = 0;

  constructor(
    readonly lex: Lexer,
    readonly lines: LineMap,
  ) {}

  get src(): string {
    return this.lex.src;
  }

  /**
   * Enters a nested construct, refusing input nested deeper than MAX_DEPTH. A failure abandons the whole parse,
   * so `leave` is only needed on success.
   */
  enter(at: number): void {
    if (++this.depth > MAX_DEPTH) fail(at, `Nested too deeply: more than ${MAX_DEPTH} levels of blocks, brackets or templates`);
  }

  leave<T>(result: T): T {
    this.depth--;
    return result;
  }

  nested<T>(at: number, step: () => T): T {
    this.enter(at);
    return this.leave(step());
  }

  /** What the peeked token is, for messages. */
  found(): string {
    const lex = this.lex;
    switch (lex.peek()) {
      case Tok.Eof:
        return 'the end of the file';
      case Tok.Newline:
        return lex.src.charCodeAt(lex.start) === 0x0a || lex.src.charCodeAt(lex.start) === 0x0d ? 'a newline' : 'a comment ending the line';
      case Tok.Number:
        return `the number ${lex.text()}`;
      case Tok.OQuote:
        return 'a quoted string';
      case Tok.OHeredoc:
        return 'a heredoc';
      default:
        return JSON.stringify(lex.text());
    }
  }

  expect(type: Tok, what: string): void {
    if (this.lex.peek() !== type) fail(this.lex.start, `${what}, found ${this.found()}`);
    this.lex.next();
  }

  expression(): Expr {
    const lex = this.lex;
    if (lex.peek() === Tok.OQuote) {
      const text = this.plainText();
      if (text) return text;
    }
    const condition = this.binary();
    if (lex.peek() !== Tok.Question) return condition;
    return this.nested(lex.start, () => {
      lex.next();
      const then = this.expression();
      this.expect(Tok.Colon, 'Missing false expression in conditional: expected ":"');
      const otherwise = this.expression();
      return { kind: 'conditional', condition, then, otherwise, start: condition.start, end: otherwise.end };
    });
  }

  /**
   * Most expressions of a configuration, read without the general path: a quoted string of plain text (no
   * escape, `$` or `%`) that the expression ends with — a newline, `,`, `]`, `}`, `)` or the end follows. The
   * general path reads exactly this for it. Undefined, with nothing consumed, for anything else.
   */
  private plainText(): Expr | undefined {
    const lex = this.lex;
    const s = this.src;
    const start = lex.start;
    if (this.depth >= MAX_DEPTH) return undefined; // the general path reports the nesting
    let i = start + 1;
    for (let c = s.charCodeAt(i); c !== 0x22; c = s.charCodeAt(++i)) {
      if (c === 0x5c || c === 0x24 || c === 0x25 || c === 0x0a || c === 0x0d || Number.isNaN(c)) return undefined;
    }
    lex.jump(i + 1);
    const after = lex.peek();
    if (after === Tok.Newline || after === Tok.Eof || after === Tok.Comma || after === Tok.RBrack || after === Tok.RBrace || after === Tok.RParen) {
      return { kind: 'text', value: s.slice(start + 1, i), start, end: i + 1 };
    }
    lex.jump(start);
    return undefined;
  }

  /** Operands joined by binary operators. Precedence does not change what is accepted or the source span. */
  private binary(): Expr {
    const lex = this.lex;
    const first = this.withTraversals();
    let last = first;
    while (BINARY.has(lex.peek())) {
      lex.next();
      last = this.withTraversals();
    }
    return last === first ? first : { kind: 'other', start: first.start, end: last.end };
  }

  private withTraversals(): Expr {
    return this.traversals(this.term());
  }

  private term(): Expr {
    const lex = this.lex;
    const type = lex.peek();
    const start = lex.start;
    switch (type) {
      case Tok.LParen:
        return this.nested(start, () => {
          lex.next();
          lex.pushNewlines(false);
          this.expression();
          this.expect(Tok.RParen, 'Unbalanced parentheses: expected ")"');
          lex.popNewlines();
          return { kind: 'other', start, end: lex.prevEnd };
        });
      case Tok.Number:
        lex.next();
        return this.number(start, lex.end);
      case Tok.Ident:
        return this.identifier();
      case Tok.OQuote:
        lex.next();
        this.enter(start);
        return this.leave(scanQuoted(this, start));
      case Tok.OHeredoc:
        lex.next();
        this.enter(start);
        return this.leave(scanHeredoc(this, start, lex.end));
      case Tok.Minus:
      case Tok.Bang: {
        const op = type === Tok.Minus ? '-' : '!';
        lex.next();
        return this.nested(start, () => {
          const operand = this.withTraversals();
          return { kind: 'unary', op, operand, start, end: operand.end };
        });
      }
      case Tok.LBrack:
        this.enter(start);
        return this.leave(this.tuple());
      case Tok.LBrace:
        this.enter(start);
        return this.leave(this.object());
      default:
        return fail(lex.start, `Invalid expression: expected the start of an expression, found ${this.found()}`);
    }
  }

  private number(start: number, end: number): Expr {
    const text = this.src.slice(start, end);
    if (!NUMBER_LITERAL.test(text)) fail(start, `Invalid number literal "${text}"`);
    return { kind: 'number', text, start, end };
  }

  private identifier(): Expr {
    const lex = this.lex;
    const start = lex.start;
    lex.next();
    const end = lex.end;
    const after = lex.peek();
    if (after === Tok.LParen || after === Tok.DColon) return this.call(start);
    const len = end - start;
    if (len === 4 && this.src.startsWith('true', start)) return { kind: 'bool', value: true, start, end };
    if (len === 5 && this.src.startsWith('false', start)) return { kind: 'bool', value: false, start, end };
    if (len === 4 && this.src.startsWith('null', start)) return { kind: 'null', start, end };
    return { kind: 'traversal', start, end };
  }

  private call(start: number): Expr {
    const lex = this.lex;
    let open = lex.next();
    while (open === Tok.DColon) {
      if (lex.next() !== Tok.Ident) fail(lex.start, 'Missing function name: "::" must be followed by a function name');
      open = lex.next();
    }
    if (open !== Tok.LParen) fail(lex.start, 'Missing open parenthesis: a function name must be followed by "("');
    return this.nested(start, () => {
      lex.pushNewlines(false);
      while (lex.peek() !== Tok.RParen) {
        this.expression();
        const sep = lex.peek();
        if (sep === Tok.RParen) break;
        if (sep === Tok.Ellipsis) {
          lex.next();
          if (lex.peek() !== Tok.RParen) fail(lex.start, `Missing closing parenthesis: an expanded argument (with "...") must be the last, found ${this.found()}`);
          break;
        }
        if (sep === Tok.Eof) fail(start, 'Unterminated function call: no closing ")" before the end of the file');
        if (sep !== Tok.Comma) fail(lex.start, `Missing argument separator: expected "," or ")", found ${this.found()}`);
        lex.next();
      }
      lex.next();
      lex.popNewlines();
      return { kind: 'other', start, end: lex.prevEnd };
    });
  }

  private tuple(): Expr {
    const lex = this.lex;
    const start = lex.start;
    lex.next();
    lex.pushNewlines(false);
    if (lex.isWord('for')) {
      const loop = this.forExpression(start, Tok.RBrack);
      lex.popNewlines();
      return loop;
    }
    const items: Expr[] = [];
    while (lex.peek() !== Tok.RBrack) {
      items.push(this.expression());
      const sep = lex.peek();
      if (sep === Tok.RBrack) break;
      if (sep === Tok.Eof) fail(start, 'Unterminated tuple: no closing "]" before the end of the file');
      if (sep !== Tok.Comma) fail(lex.start, `Missing item separator: expected "," or "]", found ${this.found()}`);
      lex.next();
    }
    lex.next();
    lex.popNewlines();
    return { kind: 'tuple', items, start, end: lex.prevEnd };
  }

  private object(): Expr {
    const lex = this.lex;
    const start = lex.start;
    lex.next();
    lex.pushNewlines(false);
    const isFor = lex.isWord('for');
    lex.popNewlines();
    if (isFor) {
      lex.pushNewlines(false);
      const loop = this.forExpression(start, Tok.RBrace);
      lex.popNewlines();
      return loop;
    }
    lex.pushNewlines(true);
    const items: ObjectItem[] = [];
    for (;;) {
      const t = lex.peek();
      if (t === Tok.Newline) {
        lex.next();
        continue;
      }
      if (t === Tok.RBrace) break;
      const key = this.expression();
      const sep = lex.peek();
      if (sep !== Tok.Equal && sep !== Tok.Colon) {
        if (sep === Tok.Eof) fail(start, 'Unterminated object: no closing "}" before the end of the file');
        const what = sep === Tok.Newline || sep === Tok.Comma ? 'Missing attribute value' : 'Missing key/value separator';
        fail(lex.start, `${what}: expected "=" after the object key, found ${this.found()}`);
      }
      lex.next();
      items.push({ key, value: this.expression() });
      const after = lex.peek();
      if (after === Tok.RBrace) break;
      if (after === Tok.Eof) fail(start, 'Unterminated object: no closing "}" before the end of the file');
      if (after !== Tok.Comma && after !== Tok.Newline) fail(lex.start, `Missing attribute separator: expected a newline or "," after the object attribute, found ${this.found()}`);
      lex.next();
    }
    lex.next();
    lex.popNewlines();
    return { kind: 'object', items, start, end: lex.prevEnd };
  }

  /** `[for v in coll : expr if cond]` and `{for k, v in coll : key => value... if cond}`; the caller turns newlines off. */
  private forExpression(start: number, close: Tok): Expr {
    const lex = this.lex;
    const isObject = close === Tok.RBrace;
    const what = "Invalid 'for' expression";
    lex.next(); // for
    this.expect(Tok.Ident, `${what}: expected a variable name after "for"`);
    if (lex.peek() === Tok.Comma) {
      lex.next();
      this.expect(Tok.Ident, `${what}: expected a second variable name after ","`);
    }
    if (!lex.isWord('in')) fail(lex.start, `${what}: expected "in" after the variable names, found ${this.found()}`);
    lex.next();
    this.expression();
    this.expect(Tok.Colon, `${what}: expected ":" after the collection`);
    const first = this.expression();
    let key: typeof first | undefined;
    if (lex.peek() === Tok.Arrow) {
      lex.next();
      key = first;
      this.expression();
    }
    let group = -1;
    if (lex.peek() === Tok.Ellipsis) {
      group = lex.start;
      lex.next();
    }
    if (lex.isWord('if')) {
      lex.next();
      this.expression();
    }
    if (lex.peek() !== close) fail(lex.start, `${what}: expected "${isObject ? '}' : ']'}" to end it, found ${this.found()}`);
    lex.next();
    if (!isObject && key) fail(key.start, `${what}: a key expression ("=>") is not valid when building a tuple`);
    if (!isObject && group !== -1) fail(group, `${what}: grouping ("...") is not valid when building a tuple`);
    if (isObject && !key) fail(first.start, `${what}: building an object needs a key expression ("key => value")`);
    return { kind: 'other', start, end: lex.prevEnd };
  }

  /**
   * Attribute access, indexes and splats after a term. The result stays a `traversal` only while every step is
   * static (a name, a literal index); anything else makes it `other`.
   */
  private traversals(from: Expr): Expr {
    const lex = this.lex;
    let staticPath = from.kind === 'traversal';
    let end = from.end;
    for (;;) {
      const t = lex.peek();
      if (t === Tok.Dot) {
        lex.next();
        const step = lex.peek();
        if (step === Tok.Ident) lex.next();
        else if (step === Tok.Number) this.legacyIndex();
        else if (step === Tok.Star) {
          lex.next();
          this.attributeSplat();
          staticPath = false;
        } else fail(lex.start, `Invalid attribute name: expected a name after ".", found ${this.found()}`);
        end = lex.prevEnd;
      } else if (t === Tok.LBrack) {
        const open = lex.start;
        lex.next();
        if (lex.peek() === Tok.Star) {
          lex.next();
          if (lex.next() !== Tok.RBrack) fail(lex.start, 'Missing close bracket on splat index: expected "]" after "[*"');
          const rest = this.nested(open, () => this.traversals({ kind: 'other', start: open, end: lex.prevEnd }));
          return { kind: 'other', start: from.start, end: rest.end };
        }
        const key = this.nested(open, () => {
          lex.pushNewlines(false);
          const k = this.expression();
          if (lex.next() !== Tok.RBrack) fail(lex.start, `Missing close bracket on index: expected "]", found ${this.describeConsumed()}`);
          lex.popNewlines();
          return k;
        });
        const literal = key.kind === 'number' || key.kind === 'bool' || key.kind === 'null' || key.kind === 'text' || (key.kind === 'template' && key.parts.length === 1 && key.parts[0]!.kind === 'string');
        if (!literal) staticPath = false;
        end = lex.prevEnd;
      } else break;
    }
    if (end === from.end) return from;
    return { kind: staticPath ? 'traversal' : 'other', start: from.start, end };
  }

  /** `.0`: HIL's index syntax; `.0.1` reads as one number and is refused, as HCL does. */
  private legacyIndex(): void {
    const lex = this.lex;
    lex.next();
    const text = lex.text();
    if (text.includes('.')) fail(lex.start, `Invalid legacy index syntax: chaining two indexes ("${text}") is not permitted; write [${text.replace('.', '][')}]`);
    this.number(lex.start, lex.end);
  }

  /** The steps after `.*`: only `.name` and `.0`. */
  private attributeSplat(): void {
    const lex = this.lex;
    while (lex.peek() === Tok.Dot) {
      lex.next();
      const t = lex.peek();
      if (t === Tok.Number) this.legacyIndex();
      else if (t === Tok.Ident) lex.next();
      else if (t === Tok.Star) fail(lex.start, 'Nested splat expression not allowed: "*" cannot follow another attribute-only splat');
      else fail(lex.start, `Invalid attribute name: expected a name after ".", found ${this.found()}`);
    }
  }

  /** The token just consumed, for messages. */
  private describeConsumed(): string {
    const lex = this.lex;
    if (lex.type === Tok.Eof) return 'the end of the file';
    return JSON.stringify(lex.text());
  }
}
