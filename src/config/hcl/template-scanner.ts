/**
 * Reading a quoted string (`"…"`) or a heredoc (`<<EOT` / `<<-EOT`) into template tokens, split where HCL's
 * scanner splits them — that decides what a `~` strip marker trims and which literals a `<<-` heredoc
 * measures: a literal ends at every `$` and `%`, and in a heredoc at every line end. Interpolations and
 * directives are parsed by the expression parser in between.
 */
import type { Expr } from './hcl-ast.js';
import type { ExpressionParser } from './expression-parser.js';
import { isGoSpace, trimLeftGoSpace, trimRightGoSpace } from './go-text.js';
import { Tok } from './lexer.js';
import { fail } from './syntax-failure.js';
import { flushIndentation, meld, toTemplateExpr, type TemplateToken } from './template-tokens.js';

const DOLLAR = 0x24;
const PERCENT = 0x25;
const BRACE = 0x7b;
const TILDE = 0x7e;

/** The token list being read, with the strip-marker state: `~}` trims the next literal, `${~` the previous one. */
class Tokens {
  readonly list: TemplateToken[] = [];
  private trimNext = false;
  private lastIsLiteral = false;

  literal(value: string, at: number): void {
    this.list.push({ t: 'literal', value: this.trimNext ? trimLeftGoSpace(value) : value, at });
    this.trimNext = false;
    this.lastIsLiteral = true;
  }

  /** A `${` or `%{` opener; `~` trims the literal right before it. */
  open(tilde: boolean): void {
    const last = this.list[this.list.length - 1];
    if (tilde && this.lastIsLiteral && last?.t === 'literal') last.value = trimRightGoSpace(last.value);
    this.trimNext = false;
    this.lastIsLiteral = false;
  }

  close(tok: TemplateToken, tilde: boolean): void {
    this.list.push(tok);
    this.trimNext = tilde;
  }

  /** The tokens, with an empty literal when there are none (as HCL reads `""`). */
  done(start: number): TemplateToken[] {
    return this.list.length === 0 ? [{ t: 'literal', value: '', at: start }] : this.list;
  }
}

/** A quoted string whose opening `"` is at `start`. */
export function scanQuoted(p: ExpressionParser, start: number): Expr {
  const s = p.src;
  // Most strings are plain text: no escape, no `$` or `%`.
  let i = start + 1;
  for (let c = s.charCodeAt(i); c !== 0x22; c = s.charCodeAt(++i)) {
    if (c === 0x5c || c === DOLLAR || c === PERCENT || c === 0x0a || c === 0x0d || Number.isNaN(c)) {
      i = -1;
      break;
    }
  }
  if (i !== -1) {
    p.lex.jump(i + 1);
    return { kind: 'text', value: s.slice(start + 1, i), start, end: i + 1 };
  }
  return scanTemplate(p, start);
}

function scanTemplate(p: ExpressionParser, start: number): Expr {
  const s = p.src;
  const tokens = new Tokens();
  let i = start + 1;
  for (;;) {
    const c = s.charCodeAt(i);
    if (Number.isNaN(c)) fail(start, `Unterminated string: the string opened at line ${p.lines.line(start)} has no closing quote before the end of the file`);
    if (c === 0x22) break;
    if (c === 0x0a || c === 0x0d) fail(i, 'Invalid multi-line string: a quoted string must end on the line it starts; use "\\n" or a heredoc (<<EOT) for several lines');
    if (c === DOLLAR || c === PERCENT) {
      i = dollarOrPercent(p, tokens, i, 'quoted string');
      continue;
    }
    const runStart = i;
    let value = '';
    let plain = i;
    for (;;) {
      const d = s.charCodeAt(i);
      if (Number.isNaN(d) || d === 0x22 || d === DOLLAR || d === PERCENT || d === 0x0a || d === 0x0d) break;
      if (d === 0x5c) {
        value += s.slice(plain, i);
        const [text, next] = readEscape(s, i);
        value += text;
        i = plain = next;
      } else i++;
    }
    tokens.literal(value + s.slice(plain, i), runStart);
  }
  p.lex.jump(i + 1);
  return toTemplateExpr(meld(tokens.done(start + 1)), start, i + 1, 'quoted string');
}

/** A backslash escape at `i` in a quoted string: its text and the offset after it. */
export function readEscape(s: string, i: number): [string, number] {
  const k = s[i + 1];
  switch (k) {
    case 'n':
      return ['\n', i + 2];
    case 'r':
      return ['\r', i + 2];
    case 't':
      return ['\t', i + 2];
    case '"':
      return ['"', i + 2];
    case '\\':
      return ['\\', i + 2];
    case 'u':
    case 'U': {
      const width = k === 'u' ? 4 : 8;
      const hex = s.slice(i + 2, i + 2 + width);
      if (!/^[0-9a-fA-F]*$/.test(hex) || hex.length !== width) fail(i, `Invalid escape sequence: \\${k} must be followed by ${width === 4 ? 'four' : 'eight'} hexadecimal digits`);
      const code = parseInt(hex, 16);
      if ((code >= 0xd800 && code <= 0xdfff) || code > 0x10ffff) fail(i, `Invalid escape sequence: \\${k}${hex} is not a character that can be written in UTF-8`);
      return [String.fromCodePoint(code), i + 2 + width];
    }
    case undefined:
    case '\n':
    case '\r':
      return fail(i, 'Invalid escape sequence: a backslash at the end of a line');
    default:
      return fail(i, `Invalid escape sequence \\${k}: a backslash may start \\n, \\r, \\t, \\", \\\\, \\uNNNN or \\UNNNNNNNN only`);
  }
}

/**
 * A heredoc whose opener (`<<EOT` or `<<-EOT` and its newline) spans start..contentStart. It ends at a line
 * holding only the marker (surrounding white space allowed) followed by a newline.
 */
export function scanHeredoc(p: ExpressionParser, start: number, contentStart: number): Expr {
  const s = p.src;
  const flush = s.charCodeAt(start + 2) === 0x2d;
  const markerEnd = s.charCodeAt(contentStart - 2) === 0x0d ? contentStart - 2 : contentStart - 1;
  const marker = s.slice(start + (flush ? 3 : 2), markerEnd);
  const tokens = new Tokens();
  let i = contentStart;
  let lineStart = true;
  for (;;) {
    const c = s.charCodeAt(i);
    if (Number.isNaN(c)) fail(start, `Unterminated heredoc: <<${flush ? '-' : ''}${marker} opened at line ${p.lines.line(start)} has no closing "${marker}" line (the marker alone on a line, followed by a newline)`);
    if (c === DOLLAR || c === PERCENT) {
      const x = s.charCodeAt(i + 1);
      const eol = s.charCodeAt(i + 2) === 0x0a || (s.charCodeAt(i + 2) === 0x0d && s.charCodeAt(i + 3) === 0x0a);
      if (eol && x < 0x80 && x !== BRACE && !(x === c && s.charCodeAt(i + 2) === BRACE)) {
        // HCL's scanner quirk: a `$`/`%` whose next character ends the line takes that character along ("$ "),
        // so a following `${~` trims only the newline, not that space.
        tokens.literal(s.slice(i, i + 2), i);
        i += 2;
        lineStart = true;
        continue;
      }
      i = dollarOrPercent(p, tokens, i, 'heredoc');
      lineStart = false;
      continue;
    }
    let j = i;
    let d = c;
    while (!Number.isNaN(d) && d !== DOLLAR && d !== PERCENT && d !== 0x0a && d !== 0x0d) d = s.charCodeAt(++j);
    let eol = -1;
    if (d === 0x0a) eol = j + 1;
    else if (d === 0x0d) {
      if (s.charCodeAt(j + 1) !== 0x0a) fail(j, 'Invalid character U+000D (carriage return) in a heredoc: a line may end with "\\r\\n" or "\\n" only');
      eol = j + 2;
    }
    if (eol === -1) {
      if (j > i) tokens.literal(s.slice(i, j), i);
      lineStart = false;
      i = j;
      continue;
    }
    if (lineStart && isMarkerLine(s, i, j, marker)) {
      const end = j;
      p.lex.jump(end);
      const list = tokens.done(contentStart);
      if (flush) flushIndentation(list);
      return toTemplateExpr(meld(list), start, end, 'heredoc');
    }
    tokens.literal(s.slice(i, eol), i);
    lineStart = true;
    i = eol;
  }
}

/** True when s[from, to) is the marker with white space around it (Go's bytes.TrimSpace, without a copy). */
function isMarkerLine(s: string, from: number, to: number, marker: string): boolean {
  let a = from;
  let b = to;
  while (a < b && isGoSpace(s.charCodeAt(a))) a++;
  while (b > a && isGoSpace(s.charCodeAt(b - 1))) b--;
  return b - a === marker.length && s.startsWith(marker, a);
}

/** At a `$` or `%`: an interpolation or directive, an escaped `$${`/`%%{`, or a lone literal character. */
function dollarOrPercent(p: ExpressionParser, tokens: Tokens, i: number, what: string): number {
  const s = p.src;
  const c = s.charCodeAt(i);
  const next = s.charCodeAt(i + 1);
  if (next === BRACE) return sequence(p, tokens, i, c === DOLLAR, what);
  if (next === c && s.charCodeAt(i + 2) === BRACE) {
    const tilde = s.charCodeAt(i + 3) === TILDE;
    tokens.literal(tilde ? `${s[i]}{~` : `${s[i]}{`, i);
    return i + (tilde ? 4 : 3);
  }
  tokens.literal(s[i]!, i);
  return i + 1;
}

/** `${ expr }` or `%{ directive }` opening at `open`; returns the offset after its closing brace. */
function sequence(p: ExpressionParser, tokens: Tokens, open: number, interpolation: boolean, what: string): number {
  const lex = p.lex;
  const s = p.src;
  const tilde = s.charCodeAt(open + 2) === TILDE;
  tokens.open(tilde);
  lex.jump(open + (tilde ? 3 : 2));
  lex.pushNewlines(false);
  let tok: TemplateToken;
  let name = 'interpolation';
  if (interpolation) {
    tok = { t: 'interp', expr: p.expression(), at: open };
  } else {
    if (lex.peek() !== Tok.Ident) fail(lex.start, `Invalid template directive: expected if, for, else, endif or endfor after "%{", found ${p.found()}`);
    name = lex.text();
    const kwStart = lex.start;
    lex.next();
    tok = directive(p, name, open, kwStart);
  }
  const close = lex.peek();
  if (close !== Tok.RBrace && close !== Tok.TildeRBrace) {
    const opener = interpolation ? '"${"' : `"%{ ${name}"`;
    fail(lex.start, `${interpolation ? 'Unclosed interpolation' : `Extra characters in the ${name} directive`}: expected "}" to close the ${opener} in this ${what}, found ${p.found()}`);
  }
  lex.next();
  lex.popNewlines();
  tokens.close(tok, close === Tok.TildeRBrace);
  return lex.pos;
}

function directive(p: ExpressionParser, name: string, open: number, kwStart: number): TemplateToken {
  const lex = p.lex;
  switch (name) {
    case 'if':
      return { t: 'if', condition: p.expression(), at: open };
    case 'else':
    case 'endif':
    case 'endfor':
      return { t: name, at: open };
    case 'for': {
      const what = "Invalid 'for' directive";
      p.expect(Tok.Ident, `${what}: expected a variable name after "for"`);
      let keyVar = '';
      let valueVar = lex.text();
      if (lex.peek() === Tok.Comma) {
        lex.next();
        p.expect(Tok.Ident, `${what}: expected a second variable name after ","`);
        keyVar = valueVar;
        valueVar = lex.text();
      }
      if (!lex.isWord('in')) fail(lex.start, `${what}: expected "in" after the variable names, found ${p.found()}`);
      lex.next();
      return { t: 'for', keyVar, valueVar, collection: p.expression(), at: open };
    }
    default:
      return fail(kwStart, `Invalid template directive ${JSON.stringify(name)}: expected if, for, else, endif or endfor`);
  }
}
