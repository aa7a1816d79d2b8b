/**
 * A template (quoted string or heredoc) as HCL first reads it: a flat list of literal pieces, interpolations
 * and directive markers. Then, in HCL's order: strip markers (`~`) have trimmed neighbouring literals while
 * reading; a `<<-` heredoc loses its common indentation (flushIndentation); consecutive literals are joined
 * (meld); and the directives are nested into a tree (toTemplateExpr).
 */
import type { Expr } from './hcl-ast.js';
import { isGoSpace, trimLeftGoSpace } from './go-text.js';
import { fail } from './syntax-failure.js';

export type TemplateToken =
  | { t: 'literal'; value: string; at: number }
  | { t: 'interp'; expr: Expr; at: number }
  | { t: 'if'; condition: Expr; at: number }
  | { t: 'for'; keyVar: string; valueVar: string; collection: Expr; at: number }
  | { t: 'else' | 'endif' | 'endfor'; at: number };

/**
 * The flush-heredoc rule: the smallest indentation (in characters) of the lines' leading literals — a line
 * that starts with an interpolation or directive counts as 0, a blank line does not count — is removed from
 * every line-leading literal that was measured.
 */
export function flushIndentation(tokens: TemplateToken[]): void {
  let min = Number.MAX_SAFE_INTEGER;
  let atLineStart = true;
  const adjust: Array<Extract<TemplateToken, { t: 'literal' }>> = [];
  for (const tok of tokens) {
    if (atLineStart) {
      atLineStart = false;
      let spaces = 0;
      if (tok.t === 'literal') {
        const trimmed = trimLeftGoSpace(tok.value);
        if (trimmed.length === 0 && tok.value.endsWith('\n')) spaces = Number.MAX_SAFE_INTEGER;
        else {
          spaces = countCharacters(tok.value.slice(0, tok.value.length - trimmed.length));
          adjust.push(tok);
        }
      }
      if (spaces < min) min = spaces;
    }
    if (tok.t === 'literal' && tok.value.endsWith('\n')) atLineStart = true;
  }
  if (min === 0 || min === Number.MAX_SAFE_INTEGER) return;
  for (const lit of adjust) lit.value = dropCharacters(lit.value, min);
}

/** Characters as Go's grapheme scanner counts white space: one per code point, `\r\n` as one. */
function countCharacters(space: string): number {
  let n = 0;
  for (let i = 0; i < space.length; i++) {
    const c = space.charCodeAt(i);
    if (c === 0x0d && space.charCodeAt(i + 1) === 0x0a) i++;
    else if (c >= 0xd800 && c <= 0xdbff) i++;
    n++;
  }
  return n;
}

function dropCharacters(s: string, count: number): string {
  let i = 0;
  for (let n = 0; n < count && i < s.length; n++) {
    const c = s.charCodeAt(i);
    i += (c === 0x0d && s.charCodeAt(i + 1) === 0x0a) || (c >= 0xd800 && c <= 0xdbff) ? 2 : 1;
    // A space followed by combining marks is one grapheme in Go; white space is never combined in practice.
    while (i < s.length && !isGoSpace(s.charCodeAt(i)) && isCombining(s.charCodeAt(i))) i++;
  }
  return s.slice(i);
}

const isCombining = (c: number): boolean => (c >= 0x300 && c <= 0x36f) || c === 0x200d || (c >= 0xfe00 && c <= 0xfe0f);

/** Joins consecutive literals, as HCL does before building the tree. */
export function meld(tokens: TemplateToken[]): TemplateToken[] {
  const out: TemplateToken[] = [];
  for (const tok of tokens) {
    const last = out[out.length - 1];
    if (tok.t === 'literal' && last?.t === 'literal') out[out.length - 1] = { t: 'literal', value: last.value + tok.value, at: last.at };
    else out.push(tok);
  }
  return out;
}

/**
 * The template's expression: a lone interpolation stands for its expression (`wrap`); anything else is a
 * `template` whose parts are literals, interpolated expressions, and the directives as conditionals and loops.
 */
export function toTemplateExpr(tokens: TemplateToken[], start: number, end: number, what: string): Expr {
  const only = tokens[0];
  if (tokens.length === 1 && only?.t === 'interp') return { kind: 'wrap', inner: only.expr, start, end };
  const reader = { tokens, i: 0, what };
  const parts = sequence(reader, undefined);
  return { kind: 'template', parts: parts.length === 0 ? [{ kind: 'string', value: '', start, end: start }] : parts, start, end };
}

interface Reader {
  tokens: TemplateToken[];
  i: number;
  what: string;
}

type Closer = Extract<TemplateToken, { t: 'else' | 'endif' | 'endfor' }>;

/** Parts up to the end of the template (`closing` undefined) or up to a closing directive, which is left unread. */
function sequence(r: Reader, opener: { name: 'if' | 'for'; at: number } | undefined): Expr[] {
  const parts: Expr[] = [];
  for (;;) {
    const tok = r.tokens[r.i];
    if (tok === undefined) {
      if (opener) fail(opener.at, `Unterminated template directive: %{ ${opener.name} } has no %{ end${opener.name} } before the end of the ${r.what}`);
      return parts;
    }
    switch (tok.t) {
      case 'literal':
        r.i++;
        parts.push({ kind: 'string', value: tok.value, start: tok.at, end: tok.at });
        break;
      case 'interp':
        r.i++;
        parts.push(tok.expr);
        break;
      case 'if':
        r.i++;
        parts.push(ifDirective(r, tok));
        break;
      case 'for':
        r.i++;
        parts.push(forDirective(r, tok));
        break;
      default:
        if (!opener) fail(tok.at, `Unexpected %{ ${tok.t} }: there is no matching %{ ${tok.t === 'endfor' ? 'for' : 'if'} } before it`);
        return parts;
    }
  }
}

function closer(r: Reader): Closer {
  return r.tokens[r.i++] as Closer;
}

function ifDirective(r: Reader, open: Extract<TemplateToken, { t: 'if' }>): Expr {
  const opener = { name: 'if' as const, at: open.at };
  const then = sequence(r, opener);
  let end = closer(r);
  let otherwise: Expr[] = [];
  if (end.t === 'else') {
    otherwise = sequence(r, opener);
    end = closer(r);
    if (end.t === 'else') fail(end.at, 'Unexpected %{ else }: this %{ if } already has its %{ else }');
  }
  if (end.t !== 'endif') fail(end.at, `Unexpected %{ ${end.t} }: expected %{ endif } for the %{ if } opened before it`);
  return { kind: 'conditional', condition: open.condition, then: templateOf(then, end.at), otherwise: templateOf(otherwise, end.at), start: open.at, end: end.at };
}

function forDirective(r: Reader, open: Extract<TemplateToken, { t: 'for' }>): Expr {
  const body = sequence(r, { name: 'for', at: open.at });
  const end = closer(r);
  if (end.t !== 'endfor') fail(end.at, `Unexpected %{ ${end.t} }: expected %{ endfor } for the %{ for } opened before it`);
  return { kind: 'for-directive', keyVar: open.keyVar, valueVar: open.valueVar, collection: open.collection, body: templateOf(body, end.at), start: open.at, end: end.at };
}

const templateOf = (parts: Expr[], at: number): Expr => ({ kind: 'template', parts: parts.length === 0 ? [{ kind: 'string', value: '', start: at, end: at }] : parts, start: at, end: at });
