/**
 * The tokenizer for HCL native expressions, as found inside `${ … }` of a template or as a bare expression
 * (`depends_on` entries). It knows every HCL operator, so the grammar can grow without touching it; quoted
 * strings are kept as one token whose body the parser reads as a nested template.
 */
import type { ExprProblem } from './ast.js';

export type TokenKind = 'ident' | 'number' | 'string' | 'punct' | 'end';

export interface Token {
  kind: TokenKind;
  /** The source text of the token (for `string`: the body between the quotes, escapes not yet processed). */
  text: string;
  pos: number;
  /** Offset just past the token. */
  end: number;
  /** For `end` in interpolation mode: the closing `~}` strips whitespace after it. */
  strip?: boolean;
}

export interface Tokens {
  tokens: Token[];
  /** Offset just past the closing `}` (interpolation mode) or the end of the text (whole mode). */
  end: number;
  problem?: ExprProblem;
}

/** Punctuation and operators, longest first so `==` wins over `=`. */
const PUNCTUATION = ['...', '==', '!=', '<=', '>=', '&&', '||', '=>', '::', '.', ',', '[', ']', '(', ')', '?', ':', '=', '!', '<', '>', '+', '-', '*', '/', '%'];

const MAX_NESTING = 64;
const IDENT = /[\p{L}_][\p{L}\p{N}_-]*/uy;
const NUMBER = /[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;

/**
 * Tokens of `src` from `start`: in `interpolation` mode up to the `}` that closes the interpolation (nested
 * `{ }` and quoted strings respected), in `whole` mode up to the end of the text. `open` is where the
 * interpolation's `${` starts, for the message when it is never closed.
 */
export function tokenize(src: string, start: number, mode: 'interpolation' | 'whole', open = start, nesting = 0): Tokens {
  const tokens: Token[] = [];
  let depth = 0;
  let i = start;
  const fail = (summary: string, pos: number, detail?: string): Tokens => ({
    tokens,
    end: src.length,
    problem: { kind: 'syntax', summary, pos, ...(detail ? { detail } : {}) },
  });
  while (i < src.length) {
    const c = src[i]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    if (c === '~' && src[i + 1] === '}' && depth === 0 && mode === 'interpolation') {
      tokens.push({ kind: 'end', text: '~}', pos: i, end: i + 2, strip: true });
      return { tokens, end: i + 2 };
    }
    if (c === '{') {
      depth++;
      tokens.push({ kind: 'punct', text: '{', pos: i, end: i + 1 });
      i++;
      continue;
    }
    if (c === '}') {
      if (depth === 0) {
        if (mode === 'interpolation') {
          tokens.push({ kind: 'end', text: '}', pos: i, end: i + 1 });
          return { tokens, end: i + 1 };
        }
        return fail('Unexpected "}"', i);
      }
      depth--;
      tokens.push({ kind: 'punct', text: '}', pos: i, end: i + 1 });
      i++;
      continue;
    }
    if (c === '"') {
      if (nesting >= MAX_NESTING) return fail(`Strings and interpolations nested too deeply (more than ${MAX_NESTING} levels)`, i);
      const close = quotedEnd(src, i + 1, nesting + 1);
      if (typeof close !== 'number') return { tokens, end: src.length, problem: close };
      tokens.push({ kind: 'string', text: src.slice(i + 1, close), pos: i, end: close + 1 });
      i = close + 1;
      continue;
    }
    if (c === '<' && src[i + 1] === '<') return fail('Heredoc templates are not supported inside a string', i);
    if (c === '#' || (c === '/' && (src[i + 1] === '/' || src[i + 1] === '*'))) return fail('Comments are not allowed inside an interpolation', i);
    if (c === '.' && src[i + 1] !== '.') {
      tokens.push({ kind: 'punct', text: '.', pos: i, end: i + 1 });
      i++;
      continue;
    }
    IDENT.lastIndex = i;
    if (IDENT.test(src)) {
      tokens.push({ kind: 'ident', text: src.slice(i, IDENT.lastIndex), pos: i, end: IDENT.lastIndex });
      i = IDENT.lastIndex;
      continue;
    }
    NUMBER.lastIndex = i;
    if (NUMBER.test(src)) {
      tokens.push({ kind: 'number', text: src.slice(i, NUMBER.lastIndex), pos: i, end: NUMBER.lastIndex });
      i = NUMBER.lastIndex;
      continue;
    }
    const punct = PUNCTUATION.find((p) => src.startsWith(p, i));
    if (punct !== undefined) {
      tokens.push({ kind: 'punct', text: punct, pos: i, end: i + punct.length });
      i += punct.length;
      continue;
    }
    return fail(`Unexpected character ${describeChar(c)}`, i);
  }
  if (mode === 'interpolation') return fail('Unterminated interpolation: "${" has no closing "}"', open);
  if (depth > 0) return fail('Unclosed "{"', src.length);
  tokens.push({ kind: 'end', text: '', pos: src.length, end: src.length });
  return { tokens, end: src.length };
}

/** The offset of the `"` closing a quoted string whose body starts at `from`, skipping escapes and interpolations. */
function quotedEnd(src: string, from: number, nesting: number): number | ExprProblem {
  let i = from;
  while (i < src.length) {
    const c = src[i]!;
    if (c === '\\') {
      i += 2;
      continue;
    }
    if (c === '"') return i;
    if ((c === '$' || c === '%') && src[i + 1] === c && src[i + 2] === '{') {
      i += 3; // `$${` / `%%{`: an escaped, literal opener
      continue;
    }
    if ((c === '$' || c === '%') && src[i + 1] === '{') {
      const inner = tokenize(src, i + 2, 'interpolation', i, nesting);
      if (inner.problem) return inner.problem;
      i = inner.end;
      continue;
    }
    i++;
  }
  return { kind: 'syntax', summary: 'Unterminated quoted string: missing closing "', pos: from - 1 };
}

function describeChar(c: string): string {
  const code = c.codePointAt(0) ?? 0;
  return code < 0x20 || code === 0x7f ? `U+${code.toString(16).toUpperCase().padStart(4, '0')}` : JSON.stringify(c);
}
