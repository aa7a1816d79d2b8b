/**
 * Glob matching. `*` matches any run (possibly empty) of characters other than `:`, alone or inside a
 * segment (`cy-*`, `*-staging`); `**` as a whole segment matches one or more whole segments
 * (`organization:**` matches `organization:x:y`, not `organization`). Everything else is literal.
 * The empty string is neither an action nor a resource: no pattern matches it.
 *
 * The pattern is run as an NFA over a set of states (no backtracking): O(pattern × value) at worst.
 */
import { ANY, COLON, STAR, compileGlob, hasWildcard } from './glob-compile.js';

/** True when `value` is matched by the glob `pattern`. Never throws; invalid globs get a lenient reading. */
export function globMatches(pattern: string, value: string): boolean {
  if (value.length === 0) return false;
  if (!hasWildcard(pattern)) return pattern === value;
  const tokens = compileGlob(pattern);
  const end = tokens.length;
  const seen = new Int32Array(end + 1);
  let generation = 1;
  let current: number[] = [];
  let next: number[] = [];
  // Adds state i and the states after the wildcards that may match nothing.
  const add = (list: number[], i: number): void => {
    for (;;) {
      if (seen[i] === generation) return;
      seen[i] = generation;
      list.push(i);
      const t = tokens[i];
      if (i < end && (t === STAR || t === ANY)) i++;
      else return;
    }
  };
  add(current, 0);
  for (let k = 0; k < value.length; k++) {
    const c = value.charCodeAt(k);
    generation++;
    next.length = 0;
    for (const i of current) {
      if (i === end) continue;
      const t = tokens[i];
      if (t === ANY) add(next, i);
      else if (t === STAR) {
        if (c !== COLON) add(next, i);
      } else if (t === c) add(next, i + 1);
    }
    if (next.length === 0) return false;
    [current, next] = [next, current];
  }
  return seen[end] === generation;
}
