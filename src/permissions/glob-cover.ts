/**
 * Glob coverage: does a glob (or a union of globs) match every string another glob matches?
 *
 * Exact, by exploring the product of b's NFA with the subset construction of a's, over an alphabet of
 * character classes (`:`, each literal character of the globs, one "other" character). Sound always:
 * a `true` is never wrong. Exact unless the exploration exceeds its budget (pathological globs), in which
 * case the answer is `false` ("not known to be covered").
 */
import { ANY, COLON, STAR, compileGlob, hasWildcard } from './glob-compile.js';
import { globMatches } from './glob-match.js';

/** Marks an accepting state in the combined token array. */
const END = -3;
/** Work budget (state visits) before giving up with "unknown". */
const WORK_LIMIT = 2_000_000;

type Coverage = { kind: 'covered' } | { kind: 'uncovered'; example: string } | { kind: 'unknown' };

/** Answers of globCovers, which is pure: a plan asks the same few questions once per rule of every key. */
const coversMemo = new Map<string, boolean>();
const COVERS_MEMO_LIMIT = 10_000;

/** True when every string matched by glob `b` is also matched by glob `a`. */
export function globCovers(a: string, b: string): boolean {
  const key = `${a}\u0000${b}`;
  let covered = coversMemo.get(key);
  if (covered === undefined) {
    covered = coverage([a], b).kind === 'covered';
    if (coversMemo.size >= COVERS_MEMO_LIMIT) coversMemo.clear();
    coversMemo.set(key, covered);
  }
  return covered;
}

/** True when every string matched by glob `b` is matched by at least one glob of `as` (their union). */
export function globsCover(as: readonly string[], b: string): boolean {
  return coverage(as, b).kind === 'covered';
}

/**
 * A (shortest) string matched by `b` but by none of `a`, or undefined when `a` covers `b` (or, for
 * pathological globs, when the search gave up). Useful to explain why a glob is wider than another.
 */
export function uncoveredExample(a: string | readonly string[], b: string): string | undefined {
  const result = coverage(typeof a === 'string' ? [a] : a, b);
  return result.kind === 'uncovered' ? result.example : undefined;
}

function coverage(as: readonly string[], b: string): Coverage {
  if (b.length === 0 || as.includes(b)) return { kind: 'covered' };
  if (!hasWildcard(b)) return as.some((a) => globMatches(a, b)) ? { kind: 'covered' } : { kind: 'uncovered', example: b };
  const bTokens = compileGlob(b);
  const aTokens = as.map(compileGlob);
  if (aTokens.some((t) => t.length === 1 && t[0] === ANY)) return { kind: 'covered' };
  return explore(aTokens, bTokens);
}

/** One explored pair: a state of b, the set of states a can be in (by id), and how we got there. */
interface Node {
  q: number;
  setId: number;
  parent: number;
  char: number;
}

/** A set of a-states reached by some string, with its memoised transitions. */
interface StateSet {
  states: number[];
  accepts: boolean;
  next: Map<number, number>;
}

function explore(aTokens: readonly Int32Array[], bTokens: Int32Array): Coverage {
  // All a-globs in one token array, each followed by an END (accepting) state.
  const starts: number[] = [];
  const aAll: number[] = [];
  for (const t of aTokens) {
    starts.push(aAll.length);
    aAll.push(...t, END);
  }
  const bAll = [...bTokens, END];

  // Alphabet: ':', every literal character of the globs, and one character none of them uses.
  const literals = new Set<number>();
  for (const t of [...aAll, ...bAll]) if (t >= 0 && t !== COLON) literals.add(t);
  const other = otherChar(literals);
  const all = [COLON, ...literals, other];
  const notColon = [...literals, other];

  let work = 0;
  const seen = new Int32Array(aAll.length);
  let generation = 0;
  const closeA = (list: number[], s: number): void => {
    for (;;) {
      if (seen[s] === generation) return;
      seen[s] = generation;
      list.push(s);
      const t = aAll[s];
      if (t === STAR || t === ANY) s++;
      else return;
    }
  };
  const closeB = (q: number): number[] => {
    const out = [q];
    while (bAll[q] === STAR || bAll[q] === ANY) out.push(++q);
    return out;
  };
  // Distinct a-state sets get small ids, so that pairs are numbers, not long strings.
  const sets: StateSet[] = [];
  const setIds = new Map<string, number>();
  const intern = (states: number[]): number => {
    states.sort((x, y) => x - y);
    const key = states.join(',');
    work += states.length;
    const known = setIds.get(key);
    if (known !== undefined) return known;
    sets.push({ states, accepts: states.some((s) => aAll[s] === END), next: new Map() });
    setIds.set(key, sets.length - 1);
    return sets.length - 1;
  };
  const stepA = (id: number, c: number): number => {
    const from = sets[id] as StateSet;
    const known = from.next.get(c);
    if (known !== undefined) return known;
    generation++;
    const out: number[] = [];
    for (const s of from.states) {
      const t = aAll[s];
      if (t === ANY) closeA(out, s);
      else if (t === STAR) {
        if (c !== COLON) closeA(out, s);
      } else if (t === c) closeA(out, s + 1);
    }
    work += from.states.length;
    const to = intern(out);
    from.next.set(c, to);
    return to;
  };

  generation++;
  const initial: number[] = [];
  for (const s of starts) closeA(initial, s);
  const initialId = intern(initial);

  const width = bAll.length;
  const nodes: Node[] = [];
  const visited = new Set<number>();
  const queue: number[] = [];
  // The empty string matches nothing, so the start pairs themselves are not checked.
  for (const q of closeB(0)) {
    nodes.push({ q, setId: initialId, parent: -1, char: -1 });
    queue.push(nodes.length - 1);
  }
  for (let head = 0; head < queue.length; head++) {
    if (work > WORK_LIMIT) return { kind: 'unknown' };
    const index = queue[head] ?? 0;
    const node = nodes[index];
    if (node === undefined) continue;
    const t = bAll[node.q] ?? END;
    if (t === END) continue;
    const symbols = t === ANY ? all : t === STAR ? notColon : [t];
    const targets = t === ANY || t === STAR ? closeB(node.q) : closeB(node.q + 1);
    for (const c of symbols) {
      const setId = stepA(node.setId, c);
      for (const q of targets) {
        const key = setId * width + q;
        if (visited.has(key)) continue;
        visited.add(key);
        work++;
        nodes.push({ q, setId, parent: index, char: c });
        if (bAll[q] === END && !(sets[setId] as StateSet).accepts) {
          return { kind: 'uncovered', example: spell(nodes, nodes.length - 1) };
        }
        queue.push(nodes.length - 1);
      }
    }
  }
  return { kind: 'covered' };
}

/** A character outside `used` and not `:`, preferring readable ones. */
function otherChar(used: ReadonlySet<number>): number {
  for (const ch of 'xyzqkwjv0123456789XYZ') {
    const c = ch.charCodeAt(0);
    if (!used.has(c)) return c;
  }
  let c = 0x100;
  while (used.has(c)) c++;
  return c;
}

/** The string read along the parent chain ending at node `index`. */
function spell(nodes: readonly Node[], index: number): string {
  const codes: number[] = [];
  for (let node = nodes[index]; node !== undefined && node.parent >= 0; node = nodes[node.parent]) codes.push(node.char);
  return codes.reverse().map((c) => String.fromCharCode(c)).join('');
}
