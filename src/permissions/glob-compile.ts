/**
 * A glob compiled to a token list, read as a small NFA: state i means "token i is next", state
 * `length` accepts. Internal to the module; see glob-match.ts for the semantics.
 */

/** `*`: any run, possibly empty, of characters other than `:`. */
export const STAR = -1;
/** `**` as a whole segment: any run, possibly empty, of any characters (so one or more whole segments). */
export const ANY = -2;
/** Char code of the segment separator. */
export const COLON = 0x3a;

const STAR_CODE = 0x2a;
const CACHE_LIMIT = 2000;
const cache = new Map<string, Int32Array>();

/**
 * Tokens of `pattern`: char codes for literal characters, STAR, ANY. Any string compiles (lenient reading
 * of invalid globs): a run of `*` inside a segment is one STAR, so `cy-**` reads as `cy-*`.
 */
export function compileGlob(pattern: string): Int32Array {
  const hit = cache.get(pattern);
  if (hit !== undefined) return hit;
  const out: number[] = [];
  const segments = pattern.split(':');
  for (let i = 0; i < segments.length; i++) {
    if (i > 0) out.push(COLON);
    const segment = segments[i] ?? '';
    if (segment === '**') {
      out.push(ANY);
      continue;
    }
    for (let j = 0; j < segment.length; j++) {
      const c = segment.charCodeAt(j);
      if (c !== STAR_CODE) out.push(c);
      else if (out[out.length - 1] !== STAR) out.push(STAR);
    }
  }
  const tokens = Int32Array.from(out);
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(pattern, tokens);
  return tokens;
}

/** True when the pattern has a wildcard (otherwise it matches exactly itself). */
export function hasWildcard(pattern: string): boolean {
  return pattern.includes('*');
}
