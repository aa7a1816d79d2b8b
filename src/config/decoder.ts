/** The diagnostics sink of one file being decoded: every problem carries the file, and the line when known. */
import { error, warning, type Diagnostic } from '../diagnostics.js';
import type { JsonEntry, JsonNode, JsonObjectNode } from './json-ast.js';

export interface Where {
  address?: string;
  path?: string;
  detail?: string;
}

export class Decoder {
  readonly diagnostics: Diagnostic[] = [];
  constructor(readonly file: string) {}

  error(summary: string, line: number | undefined, where: Where = {}): void {
    this.diagnostics.push(error(summary, this.extra(line, where)));
  }

  warning(summary: string, line: number | undefined, where: Where = {}): void {
    this.diagnostics.push(warning(summary, this.extra(line, where)));
  }

  private extra(line: number | undefined, where: Where): Omit<Diagnostic, 'severity' | 'summary'> {
    const out: Omit<Diagnostic, 'severity' | 'summary'> = {};
    if (where.detail !== undefined) out.detail = where.detail;
    out.file = this.file;
    if (line !== undefined) out.line = line;
    if (where.address !== undefined) out.address = where.address;
    if (where.path !== undefined) out.path = where.path;
    return out;
  }

  /**
   * The bodies of a block: JSON gives a block as an object, or several as an array of objects. Anything else is
   * reported (`what` names the block) and skipped.
   */
  bodies(node: JsonNode, what: string, where: Where = {}): JsonObjectNode[] {
    if (node.kind === 'object') return [node];
    if (node.kind === 'array') {
      const out: JsonObjectNode[] = [];
      for (const item of node.items) {
        if (item.kind === 'object') out.push(item);
        else this.error(`${what} must be an object or a list of objects, found ${kindOf(item)}`, item.line, where);
      }
      return out;
    }
    this.error(`${what} must be an object, found ${kindOf(node)}`, node.line, where);
    return [];
  }
}

/** The entries of an object, without Terraform JSON's `"//"` comment properties. */
export function members(node: JsonObjectNode): JsonEntry[] {
  const entries = node.entries;
  for (let i = 0; i < entries.length; i++) if (entries[i]!.key === '//') return entries.filter((e) => e.key !== '//');
  return entries;
}

/** `a string`, `a number`, … for messages. */
export function kindOf(node: JsonNode): string {
  switch (node.kind) {
    case 'object':
      return 'an object';
    case 'array':
      return 'a list';
    case 'null':
      return 'null';
    case 'boolean':
      return 'a bool';
    default:
      return `a ${node.kind}`;
  }
}

const NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** True for a valid Terraform block label or attribute name: a letter or `_`, then letters, digits, `_` and `-`. */
export const isName = (text: string): boolean => NAME.test(text);

export const NAME_RULE = 'a name starts with a letter or underscore and holds only letters, digits, underscores and dashes';
