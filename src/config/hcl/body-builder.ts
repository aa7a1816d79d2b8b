/**
 * A body's Terraform JSON object, built as the body is read (so no syntax tree of the file is kept), with
 * hcl2json's block rules:
 * - a block becomes `{type: {label: … [ {body} ]}}`: label levels are objects, the body is always in a list, and
 *   blocks with the same type and labels append to that list; a block whose label path runs into an earlier
 *   block's list (or stops at an earlier block's label object) is an error;
 * - blocks come first and arguments after them: an argument named like a block replaces that block;
 * - an argument set twice is an error (HCL's rule).
 * Positions: a block's entries are at its type keyword and labels, its list at the last of those, its body
 * object at its `{`; an argument's entry is at its name.
 */
import type { JsonEntry, JsonNode, JsonObjectNode } from '../json-ast.js';
import type { BlockHeader, Expr } from './hcl-ast.js';
import { fail } from './syntax-failure.js';
import type { JsonConverter } from './to-json.js';

/** A label-level object with its keys indexed; a key holds a nested level or a list of bodies. */
interface Level {
  node: JsonObjectNode;
  keys: Map<string, { entry: JsonEntry; level?: Level }>;
}

export class BodyBuilder {
  private readonly node: JsonObjectNode;
  private level: Level | undefined;
  private readonly attributes: JsonEntry[] = [];
  private attributeLines: Map<string, JsonEntry> | undefined;

  constructor(
    private readonly conv: JsonConverter,
    open: number,
    /** For `.tfvars`: the message for a block, which is then an error. */
    private readonly noBlocks?: string,
  ) {
    this.node = conv.emptyObject(open);
  }

  attribute(name: string, nameStart: number, expr: Expr): void {
    const first = this.find(name);
    if (first) fail(nameStart, `Duplicate argument "${name}": already set at line ${first.at.line}; each argument may be set only once`);
    const value = this.conv.expression(expr);
    const entry = this.conv.entry(name, nameStart, value);
    this.attributes.push(entry);
    if (this.attributeLines) this.attributeLines.set(name, entry);
    else if (this.attributes.length > 8) this.attributeLines = new Map(this.attributes.map((a) => [a.key, a]));
  }

  private find(name: string): JsonEntry | undefined {
    if (this.attributeLines) return this.attributeLines.get(name);
    for (const a of this.attributes) if (a.key === name) return a;
    return undefined;
  }

  block(header: BlockHeader, body: JsonObjectNode): void {
    if (this.noBlocks !== undefined) fail(header.typeStart, this.noBlocks.replace('%s', header.type));
    let level = (this.level ??= { node: this.node, keys: new Map() });
    let key = header.type;
    let keyAt = header.typeStart;
    for (const label of header.labels) {
      const slot = level.keys.get(key);
      if (slot === undefined) {
        const child: Level = { node: this.conv.emptyObject(label.start), keys: new Map() };
        const entry = this.conv.entry(key, keyAt, child.node);
        level.node.entries.push(entry);
        level.keys.set(key, { entry, level: child });
        level = child;
      } else {
        if (!slot.level) fail(header.typeStart, `Block ${describe(header)} conflicts with an earlier "${header.type}" block: one has fewer labels than the other (${mismatch(header)})`);
        level = slot.level;
      }
      key = label.value;
      keyAt = label.start;
    }
    const slot = level.keys.get(key);
    if (slot === undefined) {
      const at = this.conv.at(keyAt);
      const list: JsonNode = { kind: 'array', items: [body], line: at.line, column: at.column };
      const entry = this.conv.entry(key, keyAt, list);
      level.node.entries.push(entry);
      level.keys.set(key, { entry });
      return;
    }
    const list = slot.entry.value;
    if (slot.level || list.kind !== 'array') return fail(header.typeStart, `Block ${describe(header)} conflicts with an earlier "${header.type}" block: one has more labels than the other (${mismatch(header)})`);
    list.items.push(body);
  }

  /** The object: the blocks' entries, then the arguments (replacing a block entry of the same name). */
  finish(): JsonObjectNode {
    const { node, level } = this;
    for (const a of this.attributes) {
      const slot = level?.keys.get(a.key);
      if (slot === undefined) node.entries.push(a);
      else node.entries[node.entries.indexOf(slot.entry)] = a;
    }
    // An array grown by push keeps room for 16: the tree keeps one of exactly its length.
    node.entries = node.entries.slice();
    return node;
  }
}

const describe = (b: BlockHeader): string => [b.type, ...b.labels.map((l) => JSON.stringify(l.value))].join(' ');
const mismatch = (b: BlockHeader): string => `this one has ${b.labels.length} label${b.labels.length === 1 ? '' : 's'}; hcl2json's JSON form cannot hold both`;
