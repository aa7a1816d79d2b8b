/** Both parsers side by side: keyform's parseHcl (positions stripped) and @cdktf/hcl2json, the reference. */
import { isDeepStrictEqual } from 'node:util';
import { parse } from '@cdktf/hcl2json';
import type { JsonNode } from '../../../src/config/json-ast.js';
import { parseHcl } from '../../../src/config/hcl/index.js';

export type Outcome = { ok: unknown } | { error: string };

/** A JsonNode as the plain JSON value it stands for; objects get their keys with `defineProperty` (`__proto__`). */
export function plain(node: JsonNode): unknown {
  if (node.kind === 'array') return node.items.map(plain);
  if (node.kind !== 'object') return node.value;
  const out: Record<string, unknown> = {};
  for (const e of node.entries) Object.defineProperty(out, e.key, { value: plain(e.value), enumerable: true, writable: true, configurable: true });
  return out;
}

export function ours(text: string): Outcome {
  const result = parseHcl('main.tf', text);
  return 'node' in result ? { ok: plain(result.node) } : { error: `${result.error.line}:${result.error.column}: ${result.error.message}` };
}

export async function theirs(text: string): Promise<Outcome> {
  try {
    return { ok: (await parse('main.tf', text)) as unknown };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

/** True when both converted the text to the same JSON, or both refused it. */
export function agree(a: Outcome, b: Outcome): boolean {
  if ('error' in a || 'error' in b) return 'error' in a && 'error' in b;
  return isDeepStrictEqual(a.ok, b.ok);
}
