/**
 * Attribute paths as diagnostics show them (`rules[1].action`, `tags["a b"]`), and the line a path was
 * written on.
 */

import type { LineIndex } from './types.js';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** `base.key`, or `base["key"]` when the key is not an identifier. */
export function attrPath(base: string, key: string): string {
  if (IDENTIFIER.test(key)) return base === '' ? key : `${base}.${key}`;
  return `${base}[${JSON.stringify(key)}]`;
}

/** `base[index]`. */
export const indexPath = (base: string, index: number): string => `${base}[${index}]`;

const LAST_STEP = /(?:\.[^.[\]]+|\[[^[\]]*\])$/;

/** The line of `path` in `lines`, or of its nearest ancestor that has one, or `fallback`. */
export function lineOf(lines: LineIndex | undefined, path: string | undefined, fallback?: number): number | undefined {
  if (!lines || path === undefined) return fallback;
  let p = path;
  for (;;) {
    const line = lines.get(p);
    if (line !== undefined) return line;
    const shorter = p.replace(LAST_STEP, '');
    if (shorter === p || shorter === '') return lines.get(shorter) ?? fallback;
    p = shorter;
  }
}
