/**
 * A `.tfvars` file: `name = value` lines only (HCL native syntax). Values come out in the configuration model's
 * form (JSON; strings may be templates), exactly as the same expressions would in a `.tf` file.
 */
import type { JsonNode } from '../json-ast.js';
import { setOwn } from '../set-own.js';
import type { Expr } from '../types.js';
import { readHcl, type HclSyntaxError } from './parse-hcl.js';

export interface Tfvars {
  values: Record<string, Expr>;
  /** The line of each variable's name. */
  lines: Record<string, number>;
}

export function parseTfvars(file: string, text: string): Tfvars | { error: HclSyntaxError } {
  const noBlocks = 'Blocks are not allowed in a variables file: found a "%s" block; a .tfvars file holds only name = value lines';
  return readHcl(file, text, noBlocks, (node) => {
    const out: Tfvars = { values: {}, lines: {} };
    for (const e of node.entries) {
      setOwn(out.values, e.key, plain(e.value));
      setOwn(out.lines, e.key, e.at.line);
    }
    return out;
  });
}

function plain(node: JsonNode): Expr {
  if (node.kind === 'array') return node.items.map(plain);
  if (node.kind !== 'object') return node.value;
  const out: Record<string, Expr> = {};
  for (const e of node.entries) setOwn(out, e.key, plain(e.value));
  return out;
}
