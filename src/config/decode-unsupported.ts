/**
 * Top-level blocks that Terraform knows and keyform does not handle yet. Each declared item gets its own
 * error naming it, so a user sees everything that must change at once.
 */
import { members, type Decoder } from './decoder.js';
import type { JsonNode } from './json-ast.js';

/** Message and address for one item of each unsupported block; items are the block's keys (for data: TYPE.NAME). */
const BLOCKS: Record<string, { message: (name: string) => string; address: (name: string) => string; twoLevels?: boolean }> = {
  module: { message: (n) => `Module "${n}" is not supported yet: keyform reads one directory of configuration`, address: (n) => `module.${n}` },
  data: { message: (n) => `Data source "${n}" is not supported yet`, address: (n) => `data.${n}`, twoLevels: true },
};

export const UNSUPPORTED_BLOCKS = ['module', 'data', 'moved', 'import', 'check', 'removed'];

export function reportUnsupportedBlock(key: string, node: JsonNode, line: number, dec: Decoder): void {
  const block = BLOCKS[key];
  if (!block) {
    dec.error(`"${key}" blocks are not supported yet`, line, { path: key });
    return;
  }
  let any = false;
  for (const body of dec.bodies(node, key)) {
    for (const e of members(body)) {
      const names = block.twoLevels ? dec.bodies(e.value, `${key} "${e.key}"`).flatMap((b) => members(b).map((n) => ({ name: `${e.key}.${n.key}`, line: n.at.line }))) : [{ name: e.key, line: e.at.line }];
      for (const n of names) {
        any = true;
        dec.error(block.message(n.name), n.line, { address: block.address(n.name) });
      }
    }
  }
  if (!any) dec.error(`"${key}" blocks are not supported yet`, line, { path: key });
}
