/**
 * The line of an attribute path (`rules[1].action`) inside a JSON block, looked up in the parsed tree when a
 * diagnostic needs it — nothing is computed for the paths no diagnostic names.
 */
import type { LineIndex } from './types.js';
import type { JsonEntry, JsonNode, JsonObjectNode } from './json-ast.js';

const STEP = /(?:^|\.)([A-Za-z_][A-Za-z0-9_-]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/y;

export class JsonLineIndex implements LineIndex {
  constructor(private readonly body: JsonObjectNode) {}

  /** The line of the path's key or element; undefined when the path is not written in the block. */
  get(path: string): number | undefined {
    let node: JsonNode = this.body;
    let line: number | undefined;
    STEP.lastIndex = 0;
    while (STEP.lastIndex < path.length) {
      const m = STEP.exec(path);
      if (!m) return undefined;
      if (m[2] !== undefined) {
        const item: JsonNode | undefined = node.kind === 'array' ? node.items[Number(m[2])] : undefined;
        if (!item) return undefined;
        node = item;
        line = item.line;
      } else {
        const key = m[1] ?? (JSON.parse(m[3]!) as string);
        const entry: JsonEntry | undefined = node.kind === 'object' ? node.entries.find((e) => e.key === key) : undefined;
        if (!entry) return undefined;
        node = entry.value;
        line = entry.at.line;
      }
    }
    return line;
  }
}
