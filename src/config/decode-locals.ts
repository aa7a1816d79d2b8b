/** `locals` blocks: `{NAME: expression}`; several blocks (or a list of them, as HCL gives) merge. */
import type { LocalConfig } from './types.js';
import { isName, members, NAME_RULE, type Decoder } from './decoder.js';
import type { JsonNode } from './json-ast.js';
import { JsonLineIndex } from './json-line-index.js';
import { toExpr } from './json-to-expr.js';

export function decodeLocals(node: JsonNode, dec: Decoder): LocalConfig[] {
  const out: LocalConfig[] = [];
  for (const body of dec.bodies(node, 'locals')) {
    const pathLines = new JsonLineIndex(body);
    for (const e of members(body)) {
      const address = `local.${e.key}`;
      if (!isName(e.key)) dec.error(`Invalid local value name "${e.key}": ${NAME_RULE}`, e.at.line, { address });
      else out.push({ name: e.key, value: toExpr(e.value, '', dec, address), source: { file: dec.file, line: e.at.line, pathLines: prefixed(pathLines, e.key) } });
    }
  }
  return out;
}

/** Paths inside one local's value, looked up under its name in the block. */
function prefixed(index: JsonLineIndex, name: string): { get(path: string): number | undefined } {
  return { get: (path) => index.get(path === '' ? name : path.startsWith('[') ? `${name}${path}` : `${name}.${path}`) };
}
