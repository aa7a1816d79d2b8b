/**
 * Matching and replacing as Go's regexp package does, on a pattern from re2-syntax.ts: which empty matches count,
 * and how `$1`, `${name}` and `$$` expand in a replacement.
 */
import type { Pattern } from './re2-syntax.js';

/** Where `regexp` (global) matches in `text` from `from`, or null. */
function execAt(regexp: RegExp, text: string, from: number): RegExpExecArray | null {
  regexp.lastIndex = from;
  return regexp.exec(text);
}

/** Width of the code point at `i` (1 or 2 UTF-16 units; 1 at the end so a scan moves past it). */
const widthAt = (text: string, i: number): number => ((text.codePointAt(i) ?? 0) > 0xffff ? 2 : 1);

/** The leftmost match, as Go's FindStringSubmatch reports it, or null. */
export const firstMatch = (p: Pattern, text: string): RegExpExecArray | null => execAt(p.regexp, text, 0);

/** Every match, as Go's FindAll reports them: an empty match right after the previous match is skipped. */
export function findAll(p: Pattern, text: string): RegExpExecArray[] {
  const out: RegExpExecArray[] = [];
  let prevEnd = -1;
  for (let pos = 0; pos <= text.length; ) {
    const m = execAt(p.regexp, text, pos);
    if (!m) break;
    const end = m.index + m[0].length;
    let accept = true;
    if (end === pos) {
      if (m.index === prevEnd) accept = false;
      pos += widthAt(text, pos);
    } else pos = end;
    prevEnd = end;
    if (accept) out.push(m);
  }
  return out;
}

/** Go's Regexp.Expand: `$1`, `${1}`, `$name`, `${name}` and `$$` in `template` for match `m`. */
function expand(template: string, m: RegExpExecArray, p: Pattern): string {
  let out = '';
  let rest = template;
  for (;;) {
    const at = rest.indexOf('$');
    if (at < 0) return out + rest;
    out += rest.slice(0, at);
    rest = rest.slice(at + 1);
    if (rest.startsWith('$')) {
      out += '$';
      rest = rest.slice(1);
      continue;
    }
    const ref = /^(?:\{([\p{L}\p{Nd}_]+)\}|([\p{L}\p{Nd}_]+))/u.exec(rest);
    if (!ref) {
      out += '$';
      continue;
    }
    rest = rest.slice(ref[0].length);
    const name = ref[1] ?? ref[2]!;
    const num = /^(0|[1-9]\d{0,7})$/.test(name) ? Number(name) : -1;
    const index = num >= 0 ? num : p.groups.indexOf(name) + 1;
    if (num >= 0 || index > 0) out += m[index] ?? '';
  }
}

/** Go's Regexp.ReplaceAllString: every match replaced, `$` references expanded, no double replacement at empty matches. */
export function replaceAll(p: Pattern, text: string, template: string): string {
  let out = '';
  let lastEnd = 0;
  for (let pos = 0; pos <= text.length; ) {
    const m = execAt(p.regexp, text, pos);
    if (!m) break;
    const end = m.index + m[0].length;
    out += text.slice(lastEnd, m.index);
    if (end > lastEnd || m.index === 0) out += expand(template, m, p);
    lastEnd = end;
    const width = widthAt(text, pos);
    pos = pos + width > end ? pos + width : end;
  }
  return out + text.slice(lastEnd);
}
