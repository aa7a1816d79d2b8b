/**
 * A JSON parser that keeps positions: every value and every object key knows its line and column, so a
 * diagnostic can point at the line of the offending key or value. Strict RFC 8259; duplicate keys are kept
 * (the caller decides what they mean); errors say line:column and what was expected.
 */

import { Interner } from './intern.js';

export interface Position {
  line: number;
  column: number;
}

export type JsonNode = Position &
  (
    | { kind: 'object'; entries: JsonEntry[] }
    | { kind: 'array'; items: JsonNode[] }
    | { kind: 'string'; value: string }
    | { kind: 'number'; value: number }
    | { kind: 'boolean'; value: boolean }
    | { kind: 'null'; value: null }
  );

/**
 * An object member. The key's position is kept as two numbers and made a Position only when asked for: a
 * configuration of 10,000 keys has over 100,000 members, and every object the tree holds is copied by the
 * garbage collector while the tree is built.
 */
export class JsonEntry {
  constructor(
    readonly key: string,
    private readonly keyLine: number,
    private readonly keyColumn: number,
    public value: JsonNode,
  ) {}

  /** Where the key is written. */
  get at(): Position {
    return { line: this.keyLine, column: this.keyColumn };
  }
}

export type JsonObjectNode = Extract<JsonNode, { kind: 'object' }>;

export interface JsonSyntaxError extends Position {
  message: string;
}

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
const MAX_DEPTH = 500;
/** A run of string characters that need no attention: no quote, backslash or control character. */
const PLAIN_RUN = /[^"\\\u0000-\u001f]*/y;

class Failure {
  constructor(readonly error: JsonSyntaxError) {}
}

/** Parses a whole JSON text (a leading byte-order mark is allowed). */
export function parseJson(text: string): { node: JsonNode } | { error: JsonSyntaxError } {
  const p = new JsonParser(text);
  try {
    return { node: p.document() };
  } catch (e) {
    if (e instanceof Failure) return { error: e.error };
    throw e;
  }
}

class JsonParser {
  private i = 0;
  private line = 1;
  private lineStart = 0;
  private depth = 0;
  /**
   * The members and elements of the objects and arrays being read, each container's on top of its parent's:
   * a container gets an array of exactly its length when it closes (an array grown by push keeps room for 16).
   */
  private readonly pending: Array<JsonEntry | JsonNode> = [];
  private readonly keys = new Interner();

  constructor(private readonly src: string) {
    if (src.charCodeAt(0) === 0xfeff) this.i = 1;
  }

  document(): JsonNode {
    this.space();
    const node = this.value();
    this.space();
    if (this.i < this.src.length) this.fail('the end of the document');
    return node;
  }

  private here(): Position {
    return { line: this.line, column: this.i - this.lineStart + 1 };
  }

  private fail(expected: string, at: Position = this.here()): never {
    const c = this.src[this.i];
    const found = c === undefined ? 'the end of the file' : describeChar(c);
    throw new Failure({ ...at, message: `expected ${expected}, found ${found}` });
  }

  /** Skips white space, counting newlines (within the run only: a minified file must not turn quadratic). */
  private space(): void {
    const s = this.src;
    let i = this.i;
    for (;;) {
      const c = s.charCodeAt(i);
      if (c === 0x20 || c === 0x09 || c === 0x0d) i++;
      else if (c === 0x0a) {
        this.line++;
        this.lineStart = ++i;
      } else break;
    }
    this.i = i;
  }

  private value(): JsonNode {
    const line = this.line;
    const column = this.i - this.lineStart + 1;
    switch (this.src.charCodeAt(this.i)) {
      case 0x7b: // {
        return this.object(line, column);
      case 0x5b: // [
        return this.array(line, column);
      case 0x22: // "
        return { kind: 'string', value: this.string(), line, column };
      case 0x74: // t
        return this.keyword('true', { kind: 'boolean', value: true, line, column });
      case 0x66: // f
        return this.keyword('false', { kind: 'boolean', value: false, line, column });
      case 0x6e: // n
        return this.keyword('null', { kind: 'null', value: null, line, column });
      default: {
        NUMBER.lastIndex = this.i;
        const m = NUMBER.exec(this.src);
        if (!m) return this.fail('a value (object, array, string, number, true, false or null)');
        this.i += m[0].length;
        return { kind: 'number', value: Number(m[0]), line, column };
      }
    }
  }

  private keyword(word: string, node: JsonNode): JsonNode {
    if (!this.src.startsWith(word, this.i)) return this.fail('a value (object, array, string, number, true, false or null)');
    this.i += word.length;
    return node;
  }

  private enter(): void {
    if (++this.depth > MAX_DEPTH) this.fail(`at most ${MAX_DEPTH} levels of nesting`);
    this.i++;
    this.space();
  }

  /** The pending members or elements from `base` on, as an array of their own. */
  private take<T extends JsonEntry | JsonNode>(base: number): T[] {
    const out = this.pending.slice(base) as T[];
    this.pending.length = base;
    return out;
  }

  private object(line: number, column: number): JsonNode {
    this.enter();
    if (this.src[this.i] === '}') {
      this.i++;
      this.depth--;
      return { kind: 'object', entries: [], line, column };
    }
    const base = this.pending.length;
    for (;;) {
      if (this.src[this.i] !== '"') this.fail(this.pending.length === base ? 'a property name in double quotes or "}"' : 'a property name in double quotes');
      const keyLine = this.line;
      const keyColumn = this.i - this.lineStart + 1;
      const key = this.keys.intern(this.string());
      this.space();
      if (this.src[this.i] !== ':') this.fail('":" after the property name');
      this.i++;
      this.space();
      this.pending.push(new JsonEntry(key, keyLine, keyColumn, this.value()));
      this.space();
      const c = this.src[this.i];
      if (c === ',') {
        this.i++;
        this.space();
        continue;
      }
      if (c === '}') {
        this.i++;
        this.depth--;
        return { kind: 'object', entries: this.take<JsonEntry>(base), line, column };
      }
      this.fail('"," or "}" after an object member');
    }
  }

  private array(line: number, column: number): JsonNode {
    this.enter();
    if (this.src[this.i] === ']') {
      this.i++;
      this.depth--;
      return { kind: 'array', items: [], line, column };
    }
    const base = this.pending.length;
    for (;;) {
      this.pending.push(this.value());
      this.space();
      const c = this.src[this.i];
      if (c === ',') {
        this.i++;
        this.space();
        continue;
      }
      if (c === ']') {
        this.i++;
        this.depth--;
        return { kind: 'array', items: this.take<JsonNode>(base), line, column };
      }
      this.fail('"," or "]" after an array element');
    }
  }

  private string(): string {
    const start = ++this.i; // after the opening quote
    PLAIN_RUN.lastIndex = start;
    PLAIN_RUN.test(this.src);
    this.i = PLAIN_RUN.lastIndex;
    if (this.src.charCodeAt(this.i) === 0x22) {
      this.i++;
      return this.src.slice(start, this.i - 1);
    }
    let out = '';
    let run = start;
    for (;;) {
      const code = this.src.charCodeAt(this.i);
      if (Number.isNaN(code)) this.fail('a closing " for the string');
      if (code === 0x22) {
        out += this.src.slice(run, this.i);
        this.i++;
        return out;
      }
      if (code < 0x20) this.fail('a closing " (control characters must be escaped in strings)');
      if (code === 0x5c) {
        out += this.src.slice(run, this.i);
        out += this.escape();
        run = this.i;
        continue;
      }
      this.i++;
    }
  }

  private escape(): string {
    const k = this.src[this.i + 1];
    if (k !== undefined && Object.hasOwn(ESCAPES, k)) {
      this.i += 2;
      return ESCAPES[k]!;
    }
    if (k === 'u') {
      const hex = this.src.slice(this.i + 2, this.i + 6);
      if (/^[0-9a-fA-F]{4}$/.test(hex)) {
        this.i += 6;
        return String.fromCharCode(parseInt(hex, 16));
      }
      this.i += 2;
      this.fail('four hexadecimal digits after \\u');
    }
    this.i++;
    return this.fail('a valid escape (\\" \\\\ \\/ \\b \\f \\n \\r \\t or \\uXXXX) after "\\"');
  }
}

function describeChar(c: string): string {
  const code = c.codePointAt(0) ?? 0;
  if (code < 0x20 || code === 0x7f) return `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  return c === '"' ? `'"'` : `"${c}"`;
}
