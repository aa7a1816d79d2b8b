/**
 * A `*.tf` file (HCL native syntax) → the Terraform JSON that @cdktf/hcl2json would produce for it, as a JsonNode
 * tree whose every value and key knows its line and column in the .tf file — so the Terraform JSON decoder reads
 * HCL unchanged and its diagnostics name HCL lines. Synchronous, one pass, never throws: a syntax error comes
 * back as a value saying what was expected and where.
 *
 * The shape, for decoders: every block body is a list of objects, label levels are objects —
 * `resource: {TYPE: {NAME: [{…, lifecycle: [{…}]}]}}`, `provider: {NAME: [{…}]}`, `output: {NAME: [{value}]}`,
 * `terraform: [{backend: {TYPE: [{…}]}, required_providers: [{NAME: {source, version}}]}]`,
 * `variable: {NAME: [{type, default, description, sensitive, validation: [{condition, error_message}]}]}`,
 * `locals: [{…}, …]` (one object per block). Bare references and type expressions become "${…}" strings
 * (`type = string` → "${string}", `depends_on = [a.b]` → ["${a.b}"], `ignore_changes = all` → "${all}").
 * test/config/hcl/output-shape.test.ts shows each.
 */
import type { JsonNode, JsonObjectNode, JsonSyntaxError } from '../json-ast.js';
import { BodyBuilder } from './body-builder.js';
import { parseBody } from './body-parser.js';
import { ExpressionParser } from './expression-parser.js';
import { Lexer } from './lexer.js';
import { LineMap } from './line-map.js';
import { SyntaxFailure } from './syntax-failure.js';
import { JsonConverter } from './to-json.js';

export type HclSyntaxError = JsonSyntaxError;

export function parseHcl(file: string, text: string): { node: JsonNode } | { error: HclSyntaxError } {
  return readHcl(file, text, undefined, (node) => ({ node }));
}

/**
 * Parses `text` into its top-level object and hands it to `use`; a syntax error (thrown by the parser or by
 * `use`) comes back as a value. `noBlocks`, when given, is the message for a block (%s: its type), which is then
 * an error. Text with unpaired surrogates is read as Go would see it, with U+FFFD in their place.
 */
export function readHcl<T>(_file: string, text: string, noBlocks: string | undefined, use: (node: JsonObjectNode) => T): T | { error: HclSyntaxError } {
  const src = LONE_SURROGATE.test(text) ? text.replace(LONE_SURROGATES, '\ufffd') : text;
  const start = src.charCodeAt(0) === 0xfeff ? 1 : 0;
  const lines = new LineMap(src);
  try {
    const parser = new ExpressionParser(new Lexer(src, start), lines);
    const converter = new JsonConverter(src, lines);
    return use(parseBody(parser, converter, undefined, new BodyBuilder(converter, start, noBlocks)));
  } catch (e) {
    if (e instanceof SyntaxFailure) return { error: { ...lines.position(e.offset), message: e.message } };
    // The depth limit keeps the parser's recursion far from the stack's end; this is the backstop.
    if (e instanceof RangeError) return { error: { line: 1, column: 1, message: `Nested too deeply to read (${e.message})` } };
    throw e;
  }
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const LONE_SURROGATES = new RegExp(LONE_SURROGATE.source, 'g');
