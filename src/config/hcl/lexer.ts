/**
 * HCL's tokens outside of templates, read on demand. Whether a newline is a token depends on where the parser
 * is (a block body or an object: yes; inside brackets and parentheses: no), so the parser pushes that mode and
 * the lexer skips or reports newlines accordingly. A `#` or `//` comment ends with its newline and stands for
 * it; `/* … *\/` comments are skipped whole. Characters HCL has no token for are errors here.
 *
 * After `peek()` the fields `type`, `start`, `end` describe the next token; `next()` consumes it and leaves
 * them describing the consumed token until the next peek.
 */
import { describeChar, fail } from './syntax-failure.js';

export const enum Tok {
  Eof,
  Newline,
  Ident,
  Number,
  OQuote,
  OHeredoc,
  LBrace,
  RBrace,
  /** `~}`: closes a template sequence and strips the white space after it. */
  TildeRBrace,
  LBrack,
  RBrack,
  LParen,
  RParen,
  Dot,
  Comma,
  Star,
  Slash,
  Percent,
  Plus,
  Minus,
  Equal,
  Lt,
  Gt,
  Bang,
  Question,
  Colon,
  EqEq,
  NotEq,
  LtEq,
  GtEq,
  And,
  Or,
  DColon,
  Ellipsis,
  Arrow,
}

const IDENT_START = /[\p{ID_Start}_]/u;
const IDENT_REST = /[\p{ID_Continue}-]*/uy;

export const isIdentStart = (c: string): boolean => IDENT_START.test(c);

export class Lexer {
  /** Offset of the first character not consumed yet. */
  pos: number;
  /** End offset of the last consumed token. */
  prevEnd: number;
  type: Tok = Tok.Eof;
  start = 0;
  end = 0;
  private cachedAt = -1;
  private cachedNewlines = false;
  private readonly newlineModes: boolean[] = [true];

  constructor(
    readonly src: string,
    start: number,
  ) {
    this.pos = start;
    this.prevEnd = start;
  }

  pushNewlines(significant: boolean): void {
    this.newlineModes.push(significant);
  }

  popNewlines(): void {
    this.newlineModes.pop();
  }

  peek(): Tok {
    const newlines = this.newlineModes[this.newlineModes.length - 1]!;
    if (this.cachedAt !== this.pos || this.cachedNewlines !== newlines) {
      this.scan(newlines);
      this.cachedAt = this.pos;
      this.cachedNewlines = newlines;
    }
    return this.type;
  }

  next(): Tok {
    const t = this.peek();
    this.pos = this.end;
    this.prevEnd = this.end;
    this.cachedAt = -1;
    return t;
  }

  /** Moves past text the template scanner consumed itself. */
  jump(to: number): void {
    this.pos = to;
    this.prevEnd = to;
    this.cachedAt = -1;
  }

  text(): string {
    return this.src.slice(this.start, this.end);
  }

  /** True when the peeked token is the identifier `word` (HCL's keywords are plain identifiers). */
  isWord(word: string): boolean {
    return this.peek() === Tok.Ident && this.end - this.start === word.length && this.src.startsWith(word, this.start);
  }

  private token(type: Tok, start: number, end: number): void {
    this.type = type;
    this.start = start;
    this.end = end;
  }

  private scan(newlines: boolean): void {
    const s = this.src;
    let i = this.pos;
    for (;;) {
      const c = s.charCodeAt(i);
      switch (c) {
        case 0x20:
        case 0x09:
          i++;
          continue;
        case 0x0a:
          if (newlines) return this.token(Tok.Newline, i, i + 1);
          i++;
          continue;
        case 0x0d:
          if (s.charCodeAt(i + 1) !== 0x0a) fail(i, 'Invalid character U+000D (carriage return): a line may end with "\\r\\n" or "\\n" only');
          if (newlines) return this.token(Tok.Newline, i, i + 2);
          i += 2;
          continue;
        case 0x23: // #
          i = this.lineComment(i, newlines);
          if (i < 0) return;
          continue;
        case 0x2f: // /
          if (s.charCodeAt(i + 1) === 0x2f) {
            i = this.lineComment(i, newlines);
            if (i < 0) return;
            continue;
          }
          if (s.charCodeAt(i + 1) === 0x2a) {
            const close = s.indexOf('*/', i + 2);
            if (close === -1) fail(i, 'Unterminated comment: "/*" has no closing "*/"');
            i = close + 2;
            continue;
          }
          return this.token(Tok.Slash, i, i + 1);
        default:
          return this.scanToken(i, c);
      }
    }
  }

  /** Skips a `#`/`//` comment; when newlines matter, a comment that ends with one is that newline (returns -1). */
  private lineComment(i: number, newlines: boolean): number {
    const nl = this.src.indexOf('\n', i);
    if (nl === -1) return this.src.length;
    if (newlines) {
      this.token(Tok.Newline, i, nl + 1);
      return -1;
    }
    return nl + 1;
  }

  private scanToken(i: number, c: number): void {
    const s = this.src;
    const next = s.charCodeAt(i + 1);
    if (Number.isNaN(c)) return this.token(Tok.Eof, s.length, s.length);
    if (c >= 0x30 && c <= 0x39) return this.token(Tok.Number, i, this.numberEnd(i));
    if ((c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f) return this.token(Tok.Ident, i, this.identEnd(i + 1));
    switch (c) {
      case 0x22: // "
        return this.token(Tok.OQuote, i, i + 1);
      case 0x7b:
        return this.token(Tok.LBrace, i, i + 1);
      case 0x7d:
        return this.token(Tok.RBrace, i, i + 1);
      case 0x5b:
        return this.token(Tok.LBrack, i, i + 1);
      case 0x5d:
        return this.token(Tok.RBrack, i, i + 1);
      case 0x28:
        return this.token(Tok.LParen, i, i + 1);
      case 0x29:
        return this.token(Tok.RParen, i, i + 1);
      case 0x2c:
        return this.token(Tok.Comma, i, i + 1);
      case 0x3f:
        return this.token(Tok.Question, i, i + 1);
      case 0x2a:
        return this.token(Tok.Star, i, i + 1);
      case 0x25:
        return this.token(Tok.Percent, i, i + 1);
      case 0x2b:
        return this.token(Tok.Plus, i, i + 1);
      case 0x2d:
        return this.token(Tok.Minus, i, i + 1);
      case 0x2e: // .
        if (next === 0x2e && s.charCodeAt(i + 2) === 0x2e) return this.token(Tok.Ellipsis, i, i + 3);
        return this.token(Tok.Dot, i, i + 1);
      case 0x3d: // =
        if (next === 0x3d) return this.token(Tok.EqEq, i, i + 2);
        if (next === 0x3e) return this.token(Tok.Arrow, i, i + 2);
        return this.token(Tok.Equal, i, i + 1);
      case 0x21: // !
        return next === 0x3d ? this.token(Tok.NotEq, i, i + 2) : this.token(Tok.Bang, i, i + 1);
      case 0x3e: // >
        return next === 0x3d ? this.token(Tok.GtEq, i, i + 2) : this.token(Tok.Gt, i, i + 1);
      case 0x3c: {
        // <
        const heredoc = next === 0x3c ? this.heredocEnd(i) : -1;
        if (heredoc !== -1) return this.token(Tok.OHeredoc, i, heredoc);
        return next === 0x3d ? this.token(Tok.LtEq, i, i + 2) : this.token(Tok.Lt, i, i + 1);
      }
      case 0x3a: // :
        return next === 0x3a ? this.token(Tok.DColon, i, i + 2) : this.token(Tok.Colon, i, i + 1);
      case 0x26: // &
        if (next === 0x26) return this.token(Tok.And, i, i + 2);
        return fail(i, 'Invalid character "&": the "and" operator is "&&"');
      case 0x7c: // |
        if (next === 0x7c) return this.token(Tok.Or, i, i + 2);
        return fail(i, 'Invalid character "|": the "or" operator is "||"');
      case 0x7e: // ~
        if (next === 0x7d) return this.token(Tok.TildeRBrace, i, i + 2);
        break;
      default:
        if (c >= 0x80) {
          const ch = String.fromCodePoint(s.codePointAt(i)!);
          if (isIdentStart(ch)) return this.token(Tok.Ident, i, this.identEnd(i + ch.length));
        }
    }
    const ch = String.fromCodePoint(s.codePointAt(i)!);
    if (ch === "'") fail(i, 'Invalid character "\'": strings are written in double quotes');
    return fail(i, `Invalid character ${describeChar(ch)}`);
  }

  /** HCL's number token: a digit, then digits, dots and exponents (`e5`, `E-5`), never ending with a dot. */
  private numberEnd(i: number): number {
    const s = this.src;
    let j = i + 1;
    let good = j;
    for (;;) {
      const c = s.charCodeAt(j);
      if (c >= 0x30 && c <= 0x39) good = ++j;
      else if (c === 0x2e) j++;
      else if (c === 0x65 || c === 0x45) {
        let k = j + 1;
        const sign = s.charCodeAt(k);
        if (sign === 0x2b || sign === 0x2d) k++;
        const d = s.charCodeAt(k);
        if (!(d >= 0x30 && d <= 0x39)) break;
        good = j = k + 1;
      } else break;
    }
    return good;
  }

  identEnd(from: number): number {
    const s = this.src;
    let j = from;
    for (;;) {
      const c = s.charCodeAt(j);
      if ((c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x5f || c === 0x2d) j++;
      else if (c >= 0x80) {
        IDENT_REST.lastIndex = j;
        IDENT_REST.test(s);
        if (IDENT_REST.lastIndex === j) return j;
        j = IDENT_REST.lastIndex;
      } else return j;
    }
  }

  /** The end of a heredoc opener `<<EOT` / `<<-EOT` with its newline, or -1 when `<<` does not open one. */
  private heredocEnd(i: number): number {
    const s = this.src;
    let j = i + 2;
    if (s.charCodeAt(j) === 0x2d) j++;
    const first = s.codePointAt(j);
    if (first === undefined || !isIdentStart(String.fromCodePoint(first))) return -1;
    j = this.identEnd(j + (first > 0xffff ? 2 : 1));
    if (s.charCodeAt(j) === 0x0a) return j + 1;
    if (s.charCodeAt(j) === 0x0d && s.charCodeAt(j + 1) === 0x0a) return j + 2;
    return -1;
  }
}
