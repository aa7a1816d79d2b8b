/**
 * Bodies: a file, or a block's `{ … }`, holding arguments (`name = expr`, one per line) and blocks
 * (`type "label" label { … }`, the `{` on the header's line, a newline after the `}`), or a one-line block
 * `type { name = expr }`. The rules and their order follow hashicorp/hcl's hclsyntax parser. Each item goes to
 * a BodyBuilder as soon as it is read.
 */
import type { JsonObjectNode } from '../json-ast.js';
import { BodyBuilder } from './body-builder.js';
import type { Label } from './hcl-ast.js';
import type { ExpressionParser } from './expression-parser.js';
import type { JsonConverter } from './to-json.js';
import { Tok } from './lexer.js';
import { fail } from './syntax-failure.js';
import { readEscape } from './template-scanner.js';

/** The block whose body is being read, for the "unclosed block" message; undefined for the file itself. */
interface Opener {
  type: string;
  typeStart: number;
}

export function parseBody(p: ExpressionParser, conv: JsonConverter, opener: Opener | undefined, body: BodyBuilder): JsonObjectNode {
  const lex = p.lex;
  const end = opener ? Tok.RBrace : Tok.Eof;
  for (;;) {
    const t = lex.peek();
    if (t === end) {
      lex.next();
      return body.finish();
    }
    if (t === Tok.Newline) {
      lex.next();
      continue;
    }
    if (t === Tok.Ident) {
      bodyItem(p, conv, body);
      continue;
    }
    if (t === Tok.Eof) fail(opener!.typeStart, `Unclosed block: "${opener!.type}" opened at line ${p.lines.line(opener!.typeStart)} has no closing "}"`);
    if (t === Tok.OQuote) fail(lex.start, 'Invalid argument name: argument names must not be quoted');
    fail(lex.start, `Argument or block definition required: expected a name, found ${p.found()}`);
  }
}

function bodyItem(p: ExpressionParser, conv: JsonConverter, body: BodyBuilder): void {
  const lex = p.lex;
  const nameStart = lex.start;
  const name = lex.text();
  lex.next();
  const t = lex.peek();
  if (t === Tok.Equal) {
    lex.next();
    body.attribute(name, nameStart, p.expression());
    const after = lex.peek();
    if (after !== Tok.Newline && after !== Tok.Eof) {
      const why = after === Tok.Comma ? 'Unexpected comma after argument: arguments are separated by newlines, not commas' : 'Missing newline after argument';
      fail(lex.start, `${why}: expected a newline after "${name} = …", found ${p.found()}`);
    }
    lex.next();
  } else if (t === Tok.OQuote || t === Tok.LBrace || t === Tok.Ident) {
    block(p, conv, body, name, nameStart);
  } else fail(lex.start, `Argument or block definition required: expected "=" after "${name}" (an argument) or a label or "{" (a block), found ${p.found()}`);
}

function block(p: ExpressionParser, conv: JsonConverter, parent: BodyBuilder, type: string, typeStart: number): void {
  const lex = p.lex;
  const labels: Label[] = [];
  for (;;) {
    const t = lex.peek();
    if (t === Tok.LBrace) break;
    if (t === Tok.OQuote) labels.push(quotedLabel(p));
    else if (t === Tok.Ident) {
      labels.push({ value: lex.text(), start: lex.start });
      lex.next();
    } else if (t === Tok.Equal) fail(lex.start, `Invalid block definition: "${type}" is followed by labels, so it is a block and takes no "="`);
    else if (t === Tok.Newline) fail(lex.start, `Invalid block definition: the "{" of block "${type}" must be on the same line as its type and labels`);
    else fail(lex.start, `Invalid block definition: expected a quoted label or "{" after "${type}", found ${p.found()}`);
  }
  const builder = new BodyBuilder(conv, lex.start);
  lex.next();
  p.enter(typeStart);
  const opener = { type, typeStart };
  const after = lex.peek();
  const body = after === Tok.Newline || after === Tok.Eof || after === Tok.RBrace ? parseBody(p, conv, opener, builder) : oneLineBody(p, opener, builder);
  const eol = lex.peek();
  if (eol !== Tok.Newline && eol !== Tok.Eof) fail(lex.start, `Missing newline after block definition: expected a newline after the "}" of "${type}", found ${p.found()}`);
  lex.next();
  p.leave(undefined);
  parent.block({ type, typeStart, labels }, body);
}

/** `type { name = expr }`: exactly one argument, closed on the same line. */
function oneLineBody(p: ExpressionParser, opener: Opener, body: BodyBuilder): JsonObjectNode {
  const lex = p.lex;
  if (lex.peek() !== Tok.Ident) fail(lex.start, `Argument or block definition required: expected an argument name, found ${p.found()}`);
  const nameStart = lex.start;
  const name = lex.text();
  lex.next();
  const t = lex.peek();
  if (t === Tok.OQuote || t === Tok.LBrace || t === Tok.Ident) {
    fail(nameStart, `Argument definition required: a one-line block holds a single argument ("${name} = …"); put a nested block on a line of its own`);
  }
  if (t !== Tok.Equal) fail(lex.start, `Argument or block definition required: expected "=" after "${name}", found ${p.found()}`);
  lex.next();
  body.attribute(name, nameStart, p.expression());
  const close = lex.peek();
  if (close === Tok.Eof) fail(opener.typeStart, `Unclosed block: "${opener.type}" opened at line ${p.lines.line(opener.typeStart)} has no closing "}"`);
  if (close !== Tok.RBrace) {
    const why = close === Tok.Comma ? 'a one-line block holds one argument only' : close === Tok.Newline ? 'a block with an argument on its first line must close on that line' : 'expected "}" right after its argument';
    fail(lex.start, `Invalid single-argument block definition: ${why}, found ${p.found()}`);
  }
  lex.next();
  return body.finish();
}

/** A block label in quotes: escapes are processed (`$${` gives `${`); interpolations are not allowed. */
function quotedLabel(p: ExpressionParser): Label {
  const lex = p.lex;
  const s = p.src;
  const start = lex.start;
  let i = start + 1;
  // Most labels are plain names: read in one slice.
  for (let c = s.charCodeAt(i); c !== 0x22; c = s.charCodeAt(++i)) {
    if (c === 0x5c || c === 0x24 || c === 0x25 || c === 0x0a || c === 0x0d || Number.isNaN(c)) {
      i = -1;
      break;
    }
  }
  if (i !== -1) {
    lex.jump(i + 1);
    return { value: s.slice(start + 1, i), start };
  }
  i = start + 1;
  let value = '';
  for (;;) {
    const c = s[i];
    if (c === undefined) fail(start, `Unterminated string: the label opened at line ${p.lines.line(start)} has no closing quote before the end of the file`);
    if (c === '"') break;
    if (c === '\n' || c === '\r') fail(i, 'Invalid multi-line string: a block label must end on the line it starts');
    if ((c === '$' || c === '%') && s[i + 1] === '{') fail(i, `Invalid string literal: a block label cannot hold "${c}{…}"; to write "${c}{" literally, double it as "${c}${c}{"`);
    if ((c === '$' || c === '%') && s[i + 1] === c && s[i + 2] === '{') {
      value += `${c}{`;
      i += 3;
    } else if (c === '\\') {
      const [text, next] = readEscape(s, i);
      value += text;
      i = next;
    } else {
      value += c;
      i++;
    }
  }
  lex.jump(i + 1);
  return { value, start };
}
