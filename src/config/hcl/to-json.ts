/**
 * The parsed HCL file → the Terraform JSON that @cdktf/hcl2json produces for it, as a position-keeping JsonNode
 * tree. hcl2json's rules (its Go converter, reproduced here, oddities included):
 * - a block becomes `{type: {label: … [ {body} ]}}`: label levels are objects, the body is always in a list, and
 *   blocks with the same type and labels append to that list; a block whose labels collide with an earlier
 *   block's shorter or longer label path is an error;
 * - blocks are converted first, then arguments: an argument named like a block replaces that block;
 * - literals (numbers, true/false/null, strings without interpolation), tuples and objects of them become JSON
 *   values; `-`/`!` applied to a literal is evaluated (and an error when the types do not fit);
 * - a template becomes its text: literal parts with `${`/`%{` escaped again as `$${`/`%%{`, interpolations as
 *   `${source}`, directives rewritten as `%{if cond}…%{else}…%{endif}` / `%{for k, v in coll}…%{endfor}`, the
 *   `~` strip markers and the spaces inside `${ }` gone; a conditional interpolation `${c ? a : b}` inside a
 *   longer template also becomes an `%{if}` directive, and a number interpolated there becomes its text;
 * - a template that is a single interpolation is that expression converted (`"${1}"` → 1, `"${[x]}"` → ["${x}"]);
 * - a directive body that is only `${null}` cannot be converted: in a `%{for}` that is an error, while an `%{if}`
 *   whose "then" text fails vanishes entirely, and a failing "else" text is dropped (hcl2json ignores those errors);
 * - every other expression becomes `"${source}"`, the source text exactly as written (newlines, comments);
 * - an object key written as a bare name or static reference (`a`, `var.x`) stays that text; any other key is
 *   converted like a template part (`"${(k)}"`); when a key repeats, the last value wins.
 */
import type { JsonEntry, JsonNode, JsonObjectNode, Position } from '../json-ast.js';
import type { Block, Body, Expr } from './hcl-ast.js';
import { numberText } from './go-text.js';
import type { LineMap } from './line-map.js';
import { fail, SyntaxFailure } from './syntax-failure.js';

/** A literal string as a template: hcl2json escapes `${` and `%{` again so the text reads back as the same string. */
export const escapeTemplate = (s: string): string => (s.includes('{') ? s.replaceAll('${', () => '$${').replaceAll('%{', '%%{') : s);

export class JsonConverter {
  /** The key → entry index of each label-level object made from block labels. */
  private readonly labelIndexes = new WeakMap<JsonObjectNode, Map<string, number>>();

  constructor(
    private readonly src: string,
    private readonly lines: LineMap,
  ) {}

  private at(offset: number): Position {
    return this.lines.position(offset);
  }

  line(offset: number): number {
    return this.lines.line(offset);
  }

  body(body: Body, offset: number): JsonObjectNode {
    const node: JsonObjectNode = { kind: 'object', entries: [], ...this.at(offset) };
    const index = new Map<string, number>();
    for (const b of body.blocks) this.block(b, node, index);
    for (const a of body.attributes) {
      const entry: JsonEntry = { key: a.name, at: this.at(a.nameStart), value: this.expression(a.expr) };
      const i = index.get(a.name);
      if (i === undefined) node.entries.push(entry);
      else node.entries[i] = entry;
    }
    return node;
  }

  private block(b: Block, into: JsonObjectNode, intoIndex: Map<string, number>): void {
    let node = into;
    let index = intoIndex;
    let key = b.type;
    let keyAt = b.typeStart;
    for (const label of b.labels) {
      const i = index.get(key);
      if (i === undefined) {
        const child: JsonObjectNode = { kind: 'object', entries: [], ...this.at(label.start) };
        const childIndex = new Map<string, number>();
        this.labelIndexes.set(child, childIndex);
        index.set(key, node.entries.length);
        node.entries.push({ key, at: this.at(keyAt), value: child });
        node = child;
        index = childIndex;
      } else {
        const existing = node.entries[i]!.value;
        if (existing.kind !== 'object') fail(b.typeStart, `Block ${header(b)} conflicts with an earlier "${b.type}" block: one has fewer labels than the other (${mismatch(b)})`);
        node = existing;
        index = this.labelIndexes.get(existing)!;
      }
      key = label.value;
      keyAt = label.start;
    }
    const value = this.body(b.body, b.open);
    const i = index.get(key);
    if (i === undefined) {
      index.set(key, node.entries.length);
      node.entries.push({ key, at: this.at(keyAt), value: { kind: 'array', items: [value], ...this.at(keyAt) } });
      return;
    }
    const existing = node.entries[i]!.value;
    if (existing.kind !== 'array') fail(b.typeStart, `Block ${header(b)} conflicts with an earlier "${b.type}" block: one has more labels than the other (${mismatch(b)})`);
    existing.items.push(value);
  }

  expression(e: Expr): JsonNode {
    const at = this.at(e.start);
    switch (e.kind) {
      case 'number':
        return { kind: 'number', value: Number(e.text), ...at };
      case 'bool':
        return { kind: 'boolean', value: e.value, ...at };
      case 'null':
        return { kind: 'null', value: null, ...at };
      case 'template':
        return { kind: 'string', value: this.stringPart(e), ...at };
      case 'wrap':
        return { ...this.expression(e.inner), ...at };
      case 'tuple':
        return { kind: 'array', items: e.items.map((item) => this.expression(item)), ...at };
      case 'object': {
        const entries: JsonEntry[] = [];
        const index = new Map<string, number>();
        for (const item of e.items) {
          const key = this.key(item.key);
          const entry: JsonEntry = { key, at: this.at(item.key.start), value: this.expression(item.value) };
          const i = index.get(key);
          if (i === undefined) {
            index.set(key, entries.length);
            entries.push(entry);
          } else entries[i] = entry;
        }
        return { kind: 'object', entries, ...at };
      }
      case 'unary':
        return this.unary(e, at);
      default:
        return { kind: 'string', value: this.wrap(e), ...at };
    }
  }

  /** `-1`, `!true`: evaluated; on anything but a literal operand the expression is kept as `${…}`. */
  private unary(e: Extract<Expr, { kind: 'unary' }>, at: Position): JsonNode {
    const v = e.operand;
    if (v.kind !== 'number' && v.kind !== 'bool' && v.kind !== 'null') return { kind: 'string', value: this.wrap(e), ...at };
    if (e.op === '-' && v.kind === 'number') return { kind: 'number', value: -Number(v.text), ...at };
    if (e.op === '!' && v.kind === 'bool') return { kind: 'boolean', value: !v.value, ...at };
    const needs = e.op === '-' ? 'a number' : 'true or false';
    return fail(v.start, `Invalid operand: "${e.op}" needs ${needs}, found ${v.kind === 'null' ? 'null' : this.source(v)}`);
  }

  /** An expression as a piece of template text. */
  private stringPart(e: Expr): string {
    switch (e.kind) {
      case 'string':
        return escapeTemplate(e.value);
      case 'number': {
        const text = numberText(e.text);
        return text ?? fail(e.start, `Invalid number literal "${e.text}": too large to write as text`);
      }
      case 'bool':
        return e.value ? 'true' : 'false';
      case 'null':
        return 'null';
      case 'template': {
        const only = e.parts.length === 1 ? e.parts[0]! : undefined;
        if (only?.kind === 'null') fail(only.start, 'Invalid template interpolation value: the expression result is null');
        let out = '';
        for (const part of e.parts) out += this.stringPart(part);
        return out;
      }
      case 'wrap':
        return this.stringPart(e.inner);
      case 'conditional': {
        // hcl2json drops a directive whose "then" text fails to convert, and an "else" text that fails.
        const then = this.orUndefined(e.then);
        if (then === undefined) return '';
        const otherwise = this.orUndefined(e.otherwise) ?? '';
        return `%{if ${this.source(e.condition)}}${then}${otherwise === '' ? '' : `%{else}${otherwise}`}%{endif}`;
      }
      case 'for-directive': {
        const vars = e.keyVar === '' ? e.valueVar : `${e.keyVar}, ${e.valueVar}`;
        return `%{for ${vars} in ${this.source(e.collection)}}${this.stringPart(e.body)}%{endfor}`;
      }
      default:
        return this.wrap(e);
    }
  }

  private orUndefined(e: Expr): string | undefined {
    try {
      return this.stringPart(e);
    } catch (failure) {
      if (failure instanceof SyntaxFailure) return undefined;
      throw failure;
    }
  }

  private key(e: Expr): string {
    return e.kind === 'traversal' ? this.source(e) : this.stringPart(e);
  }

  private source(e: Expr): string {
    return this.src.slice(e.start, e.end);
  }

  private wrap(e: Expr): string {
    return `\${${this.source(e)}}`;
  }
}

const header = (b: Block): string => [b.type, ...b.labels.map((l) => JSON.stringify(l.value))].join(' ');
const mismatch = (b: Block): string => `this one has ${b.labels.length} label${b.labels.length === 1 ? '' : 's'}; hcl2json's JSON form cannot hold both`;
