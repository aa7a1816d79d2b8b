/**
 * Templates: the strings of Terraform JSON (`"key-${var.env}"`) and quoted strings inside expressions. Literal
 * text, `${ expr }` interpolations (with `~` strip markers), `$${` / `%%{` escapes for a literal `${` / `%{`;
 * `%{ … }` directives are recognised and reported as not supported yet.
 */
import type { ExprProblem, Node, NodeOf, Step, TemplatePart } from './ast.js';
import { parseExpression } from './parser.js';
import { tokenize } from './tokenizer.js';

export type TemplateNode = NodeOf<'template'>;

/** Characters that may start something other than literal text. */
const SPECIAL = /[$%\\]/g;

interface RawPart {
  part: TemplatePart;
  stripBefore?: boolean;
  stripAfter?: boolean;
}

/**
 * Parses `src` between `start` and `end` as a template. `quoted`: the template is a quoted string inside an
 * expression, so backslash escapes apply (in JSON strings the JSON parser already decoded them).
 */
export function parseTemplateRange(src: string, start: number, end: number, quoted: boolean): { node: TemplateNode; problems: ExprProblem[] } {
  const raw: RawPart[] = [];
  const problems: ExprProblem[] = [];
  let text = '';
  let textStart = start;
  const flush = (at: number) => {
    if (text !== '') raw.push({ part: { kind: 'literal', text, pos: textStart, end: at } });
    text = '';
  };
  let i = start;
  while (i < end) {
    // Copy the run of ordinary characters up to the next `$`, `%` or `\` in one slice.
    SPECIAL.lastIndex = i;
    const next = SPECIAL.exec(src);
    const stop = next === null || next.index > end ? end : next.index;
    if (stop > i) {
      if (text === '') textStart = i;
      text += src.slice(i, stop);
      i = stop;
      if (i >= end) break;
    }
    const c = src[i]!;
    if (quoted && c === '\\') {
      const escape = readEscape(src, i, end);
      if (typeof escape !== 'string') {
        problems.push(escape);
        break;
      }
      if (text === '') textStart = i;
      text += escape;
      i += escapeLength(src, i);
      continue;
    }
    if ((c === '$' || c === '%') && src[i + 1] === c && src[i + 2] === '{') {
      if (text === '') textStart = i;
      text += `${c}{`;
      i += 3;
      continue;
    }
    if (c === '$' && src[i + 1] === '{') {
      const fast = simpleTraversal(src, i + 2);
      if (fast) {
        flush(i);
        raw.push({ part: { kind: 'interpolation', expr: fast.node, pos: i, end: fast.end } });
        i = fast.end;
        textStart = i;
        continue;
      }
    }
    if ((c === '$' || c === '%') && src[i + 1] === '{') {
      flush(i);
      const stripBefore = src[i + 2] === '~';
      const lexed = tokenize(src, i + 2 + (stripBefore ? 1 : 0), 'interpolation', i);
      if (lexed.problem) {
        problems.push(lexed.problem);
        break;
      }
      if (c === '%') {
        if (!problems.some((p) => p.kind === 'unsupported')) problems.push({ kind: 'unsupported', summary: 'Template directives (%{ … }) are not supported yet', pos: i });
        i = lexed.end;
        textStart = i;
        continue;
      }
      const parsed = parseExpression(lexed.tokens, src);
      if ('problem' in parsed) {
        problems.push(parsed.problem);
        break;
      }
      const closing = lexed.tokens[lexed.tokens.length - 1]!;
      raw.push({ part: { kind: 'interpolation', expr: parsed.node, pos: i, end: lexed.end }, stripBefore, stripAfter: closing.strip === true });
      i = lexed.end;
      textStart = i;
      continue;
    }
    if (text === '') textStart = i;
    text += c;
    i++;
  }
  flush(i);
  return { node: { kind: 'template', parts: applyStrips(raw), pos: start, end }, problems };
}

/** `a.b[0]["k"]` followed by `}`: the common interpolation, read without the general tokenizer and parser. */
const SIMPLE = /([A-Za-z_][A-Za-z0-9_-]*)((?:\.[A-Za-z_][A-Za-z0-9_-]*|\[[0-9]{1,9}\]|\["[A-Za-z0-9_ .:/*-]*"\])*)\}/y;
const SIMPLE_STEP = /\.([A-Za-z_][A-Za-z0-9_-]*)|\[([0-9]+)\]|\["([^"]*)"\]/g;
const KEYWORDS = new Set(['true', 'false', 'null']);

function simpleTraversal(src: string, start: number): { node: Node; end: number } | undefined {
  SIMPLE.lastIndex = start;
  const m = SIMPLE.exec(src);
  if (!m || KEYWORDS.has(m[1]!)) return undefined;
  const steps: Step[] = [];
  for (const s of m[2]!.matchAll(SIMPLE_STEP)) {
    if (s[1] !== undefined) steps.push({ kind: 'attr', name: s[1] });
    else if (s[2] !== undefined) steps.push({ kind: 'index', key: Number(s[2]) });
    else steps.push({ kind: 'index', key: s[3]! });
  }
  const end = SIMPLE.lastIndex;
  return { node: { kind: 'traversal', traversal: { root: m[1]!, steps }, pos: start, end: end - 1 }, end };
}

/** `${~` trims the whitespace before an interpolation, `~}` the whitespace after it; empty literals drop out. */
function applyStrips(raw: RawPart[]): TemplatePart[] {
  for (let k = 0; k < raw.length; k++) {
    const r = raw[k]!;
    const before = raw[k - 1]?.part;
    const after = raw[k + 1]?.part;
    if (r.stripBefore && before?.kind === 'literal') before.text = before.text.replace(/\s+$/u, '');
    if (r.stripAfter && after?.kind === 'literal') after.text = after.text.replace(/^\s+/u, '');
  }
  return raw.map((r) => r.part).filter((p) => p.kind !== 'literal' || p.text !== '');
}

const SIMPLE_ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };

function escapeLength(src: string, i: number): number {
  const k = src[i + 1];
  return k === 'u' ? 6 : k === 'U' ? 10 : 2;
}

function readEscape(src: string, i: number, end: number): string | ExprProblem {
  const k = src[i + 1];
  if (k !== undefined && i + 1 < end && Object.hasOwn(SIMPLE_ESCAPES, k)) return SIMPLE_ESCAPES[k]!;
  if (k === 'u' || k === 'U') {
    const digits = src.slice(i + 2, Math.min(end, i + escapeLength(src, i)));
    const code = /^[0-9a-fA-F]+$/.test(digits) && digits.length === escapeLength(src, i) - 2 ? parseInt(digits, 16) : NaN;
    if (!Number.isNaN(code) && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff)) return String.fromCodePoint(code);
  }
  return { kind: 'syntax', summary: `Invalid escape sequence "\\${k ?? ''}" in a quoted string`, pos: i };
}
