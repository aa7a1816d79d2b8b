/**
 * Templates: the strings of Terraform JSON (`"key-${var.env}"`) and quoted strings inside expressions. Literal
 * text, `${ expr }` interpolations (with `~` strip markers), `$${` / `%%{` escapes for a literal `${` / `%{`, and
 * the directives `%{ if c }…%{ else }…%{ endif }` and `%{ for k, v in coll }…%{ endfor }`. A directive becomes an
 * interpolation of the equivalent expression (`c ? "…" : "…"`, `join("", [for k, v in coll : "…"])`), so the
 * evaluator, the reference finder and the checks need nothing of their own for it.
 */
import type { ExprProblem, Node, NodeOf, Step, TemplatePart } from './ast.js';
import { parseExpression } from './parser.js';
import { tokenize, type Token } from './tokenizer.js';

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
  let raw: RawPart[] = [];
  const problems: ExprProblem[] = [];
  const frames: Frame[] = [];
  let text = '';
  let textStart = start;
  /** A `~}` closing a directive: the whitespace after it is dropped. */
  let trimNext = false;
  const flush = (at: number) => {
    if (trimNext) {
      text = text.replace(/^\s+/u, '');
      trimNext = false;
    }
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
        const closing = lexed.tokens[lexed.tokens.length - 1]!;
        if (stripBefore) {
          const last = raw[raw.length - 1]?.part;
          if (last?.kind === 'literal') last.text = last.text.replace(/\s+$/u, '');
        }
        const problem = directive(src, i, lexed.tokens, frames, () => raw, (r) => (raw = r));
        if (problem) {
          problems.push(problem);
          break;
        }
        trimNext = closing.strip === true;
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
  const open = frames[frames.length - 1];
  if (open && problems.length === 0) problems.push({ kind: 'syntax', summary: `Unclosed %{ ${open.kind} } directive: no %{ end${open.kind} }`, pos: open.pos });
  return { node: { kind: 'template', parts: applyStrips(raw), pos: start, end }, problems };
}

/** An open `%{ if }` or `%{ for }`: what it was opened with and the parts outside it. */
type Frame =
  | { kind: 'if'; pos: number; condition: Node; outer: RawPart[]; then?: RawPart[] }
  | { kind: 'for'; pos: number; keyVar?: string; valueVar: string; collection: Node; outer: RawPart[] };

/**
 * One directive at `pos` (its tokens after `%{`): opens, switches or closes a frame; a closed one becomes an
 * interpolation in the enclosing parts.
 */
function directive(src: string, pos: number, tokens: readonly Token[], frames: Frame[], parts: () => RawPart[], setParts: (p: RawPart[]) => void): ExprProblem | undefined {
  const fail = (summary: string): ExprProblem => ({ kind: 'syntax', summary, pos });
  const word = tokens[0]?.kind === 'ident' ? tokens[0].text : '';
  const rest = tokens.slice(1);
  const top = frames[frames.length - 1];
  const body = (items: RawPart[], at: number): TemplateNode => ({
    kind: 'template',
    // a trailing empty literal keeps the body a string even when it is one interpolation
    parts: [...applyStrips(items), { kind: 'literal', text: '', pos: at, end: at }],
    pos: at,
    end: at,
  });
  switch (word) {
    case 'if': {
      const parsed = parseExpression(rest, src);
      if ('problem' in parsed) return parsed.problem;
      frames.push({ kind: 'if', pos, condition: parsed.node, outer: parts() });
      setParts([]);
      return undefined;
    }
    case 'else':
      if (rest.length > 1) return fail('%{ else } takes nothing after "else"');
      if (top?.kind === 'if' && top.then) return fail('A second %{ else } in one %{ if }');
      if (top?.kind !== 'if') return fail('%{ else } without an open %{ if }');
      top.then = parts();
      setParts([]);
      return undefined;
    case 'endif':
    case 'endfor': {
      const kind = word === 'endif' ? 'if' : 'for';
      if (rest.length > 1) return fail(`%{ ${word} } takes nothing after "${word}"`);
      if (top?.kind !== kind) return fail(top ? `%{ ${word} } closes nothing: the open directive is %{ ${top.kind} } (close it with %{ end${top.kind} })` : `%{ ${word} } without an open %{ ${kind} }`);
      frames.pop();
      let expr: Node;
      if (top.kind === 'if') {
        const then = body(top.then ?? parts(), pos);
        const otherwise = body(top.then ? parts() : [], pos);
        expr = { kind: 'conditional', condition: top.condition, then, otherwise, pos: top.pos, end: pos };
      } else {
        const each: Node = { kind: 'for', valueVar: top.valueVar, collection: top.collection, value: body(parts(), pos), object: false, grouping: false, pos: top.pos, end: pos };
        if (top.keyVar !== undefined) each.keyVar = top.keyVar;
        expr = { kind: 'call', name: 'join', args: [{ kind: 'literal', value: '', pos, end: pos }, each], expandFinal: false, pos: top.pos, end: pos };
      }
      setParts(top.outer);
      top.outer.push({ part: { kind: 'interpolation', expr, pos: top.pos, end: pos } });
      return undefined;
    }
    case 'for': {
      const names: string[] = [];
      let k = 0;
      while (rest[k]?.kind === 'ident' && rest[k]!.text !== 'in') {
        names.push(rest[k]!.text);
        k++;
        if (rest[k]?.kind === 'punct' && rest[k]!.text === ',') k++;
      }
      if (names.length < 1 || names.length > 2 || rest[k]?.text !== 'in') return fail('Expected %{ for NAME in COLLECTION } or %{ for KEY, VALUE in COLLECTION }');
      const parsed = parseExpression(rest.slice(k + 1), src);
      if ('problem' in parsed) return parsed.problem;
      const frame: Frame = { kind: 'for', pos, valueVar: names[names.length - 1]!, collection: parsed.node, outer: parts() };
      if (names.length === 2) frame.keyVar = names[0]!;
      frames.push(frame);
      setParts([]);
      return undefined;
    }
    default:
      return fail(`Unknown template directive "%{ ${word || (tokens[0]?.text ?? '')} }": expected if, else, endif, for or endfor`);
  }
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
