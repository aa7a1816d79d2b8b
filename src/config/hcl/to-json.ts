/**
 * HCL expressions → the Terraform JSON values that @cdktf/hcl2json produces for them, as position-keeping
 * JsonNodes. hcl2json's rules (its Go converter, reproduced here, oddities included; blocks: body-builder.ts):
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
import { JsonEntry, type JsonNode, type JsonObjectNode, type Position } from '../json-ast.js';
import type { Expr } from './hcl-ast.js';
import { Interner } from '../intern.js';
import { numberText } from './go-text.js';
import type { LineMap } from './line-map.js';
import { fail, SyntaxFailure } from './syntax-failure.js';

/** A literal string as a template: hcl2json escapes `${` and `%{` again so the text reads back as the same string. */
export const escapeTemplate = (s: string): string => (s.includes('{') ? s.replaceAll('${', () => '$${').replaceAll('%{', '%%{') : s);

export class JsonConverter {
  /** Set by locate(): the position of the offset last located. */
  private line = 1;
  private column = 1;
  private readonly keys = new Interner();

  constructor(
    private readonly src: string,
    private readonly lines: LineMap,
  ) {}

  private locate(offset: number): void {
    this.line = this.lines.line(offset);
    this.column = offset - this.lines.lineStart(this.line) + 1;
  }

  at(offset: number): Position {
    this.locate(offset);
    return { line: this.line, column: this.column };
  }

  /** An object member whose key is written at `offset`. */
  entry(key: string, offset: number, value: JsonNode): JsonEntry {
    this.locate(offset);
    return new JsonEntry(this.keys.intern(key), this.line, this.column, value);
  }

  /** An object with no entries yet, at `offset`. */
  emptyObject(offset: number): JsonObjectNode {
    this.locate(offset);
    return { kind: 'object', entries: [], line: this.line, column: this.column };
  }

  expression(e: Expr): JsonNode {
    switch (e.kind) {
      case 'text':
        this.locate(e.start);
        return { kind: 'string', value: escapeTemplate(e.value), line: this.line, column: this.column };
      case 'template': {
        const value = this.stringPart(e);
        this.locate(e.start);
        return { kind: 'string', value, line: this.line, column: this.column };
      }
      case 'number':
        this.locate(e.start);
        return { kind: 'number', value: Number(e.text), line: this.line, column: this.column };
      case 'bool':
        this.locate(e.start);
        return { kind: 'boolean', value: e.value, line: this.line, column: this.column };
      case 'null':
        this.locate(e.start);
        return { kind: 'null', value: null, line: this.line, column: this.column };
      case 'wrap': {
        const inner = this.expression(e.inner);
        this.locate(e.start);
        inner.line = this.line;
        inner.column = this.column;
        return inner;
      }
      case 'tuple': {
        const items: JsonNode[] = new Array<JsonNode>(e.items.length);
        for (let i = 0; i < items.length; i++) items[i] = this.expression(e.items[i]!);
        this.locate(e.start);
        return { kind: 'array', items, line: this.line, column: this.column };
      }
      case 'object':
        return this.object(e);
      case 'unary':
        return this.unary(e);
      default: {
        const value = this.wrap(e);
        this.locate(e.start);
        return { kind: 'string', value, line: this.line, column: this.column };
      }
    }
  }

  /** An object constructor: keys converted, the last of repeated keys wins. */
  private object(e: Extract<Expr, { kind: 'object' }>): JsonNode {
    // Sized for the items (an array grown by push keeps room for 16); shortened when a key repeats.
    const entries = new Array<JsonEntry>(e.items.length);
    let count = 0;
    const index = e.items.length > 8 ? new Map<string, number>() : undefined;
    for (const item of e.items) {
      const key = this.key(item.key);
      const entry = this.entry(key, item.key.start, this.expression(item.value));
      let i = -1;
      if (index) i = index.get(key) ?? -1;
      else for (let j = 0; j < count && i === -1; j++) if (entries[j]!.key === key) i = j;
      if (i !== -1) entries[i] = entry;
      else {
        index?.set(key, count);
        entries[count++] = entry;
      }
    }
    entries.length = count;
    this.locate(e.start);
    return { kind: 'object', entries, line: this.line, column: this.column };
  }

  /** `-1`, `!true`: evaluated; on anything but a literal operand the expression is kept as `${…}`. */
  private unary(e: Extract<Expr, { kind: 'unary' }>): JsonNode {
    const v = e.operand;
    const at = (): Position => this.at(e.start);
    if (v.kind !== 'number' && v.kind !== 'bool' && v.kind !== 'null') return { kind: 'string', value: this.wrap(e), ...at() };
    if (e.op === '-' && v.kind === 'number') return { kind: 'number', value: -Number(v.text), ...at() };
    if (e.op === '!' && v.kind === 'bool') return { kind: 'boolean', value: !v.value, ...at() };
    const needs = e.op === '-' ? 'a number' : 'true or false';
    return fail(v.start, `Invalid operand: "${e.op}" needs ${needs}, found ${v.kind === 'null' ? 'null' : this.source(v)}`);
  }

  /** An expression as a piece of template text. */
  private stringPart(e: Expr): string {
    switch (e.kind) {
      case 'string':
      case 'text':
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

