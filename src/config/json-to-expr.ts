/**
 * A JSON value of a configuration attribute → the model's Expr (plain JSON; strings may be templates).
 * Object keys come out sorted (so the configuration hash needs no re-sorting); `"//"` comment properties are
 * dropped; a key written twice is an error.
 */
import { setOwn } from './set-own.js';
import type { Expr } from './types.js';
import type { Decoder } from './decoder.js';
import type { JsonEntry, JsonNode } from './json-ast.js';
import { attrPath, indexPath } from './paths.js';

/** Orders entries by key (code units); equal keys keep their written order. */
export const byKey = (a: JsonEntry, b: JsonEntry): number => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

/** The entries in key order: the same array when already sorted (the common case for generated JSON). */
export function sortedEntries(entries: JsonEntry[]): JsonEntry[] {
  let sorted = true;
  for (let i = 1; i < entries.length && sorted; i++) sorted = byKey(entries[i - 1]!, entries[i]!) <= 0;
  if (sorted) return entries;
  const out = entries.slice();
  for (let i = 1; i < out.length; i++) {
    const e = out[i]!;
    let j = i - 1;
    for (; j >= 0 && byKey(out[j]!, e) > 0; j--) out[j + 1] = out[j]!;
    out[j + 1] = e;
  }
  return out;
}

export function toExpr(node: JsonNode, path: string, dec: Decoder, address?: string): Expr {
  if (node.kind !== 'object' && node.kind !== 'array') return node.value;
  return convert(node, { root: node, path, dec, address });
}

interface Conversion {
  root: JsonNode;
  path: string;
  dec: Decoder;
  address: string | undefined;
}

function convert(n: JsonNode, c: Conversion): Expr {
  if (n.kind === 'array') {
    const out: Expr[] = new Array<Expr>(n.items.length);
    for (let i = 0; i < n.items.length; i++) out[i] = convert(n.items[i]!, c);
    return out;
  }
  if (n.kind !== 'object') return n.value;
  const out: Record<string, Expr> = {};
  const entries = sortedEntries(n.entries);
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    if (e.key === '//') continue;
    if (i > 0 && entries[i - 1]!.key === e.key) {
      const where = { path: pathTo(c.root, e, c.path) ?? c.path, ...(c.address ? { address: c.address } : {}) };
      c.dec.error(`Duplicate key "${e.key}" in an object`, e.at.line, where);
    } else setOwn(out, e.key, convert(e.value, c));
  }
  return out;
}

/** The attribute path of an entry inside `node` (searched only to report a problem). */
function pathTo(node: JsonNode, target: JsonEntry, path: string): string | undefined {
  if (node.kind === 'array') {
    for (let i = 0; i < node.items.length; i++) {
      const found = pathTo(node.items[i]!, target, indexPath(path, i));
      if (found !== undefined) return found;
    }
  } else if (node.kind === 'object') {
    for (const e of node.entries) {
      if (e === target) return attrPath(path, e.key);
      const found = pathTo(e.value, target, attrPath(path, e.key));
      if (found !== undefined) return found;
    }
  }
  return undefined;
}
