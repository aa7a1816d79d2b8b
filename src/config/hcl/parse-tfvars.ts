/**
 * A `.tfvars` file: `name = value` lines only (HCL native syntax). Values come out in the configuration model's
 * form (JSON; strings may be templates), exactly as the same expressions would in a `.tf` file.
 */
import type { JsonNode } from '../json-ast.js';
import { setOwn } from '../set-own.js';
import type { Expr } from '../types.js';
import { readHcl, type HclSyntaxError } from './parse-hcl.js';
import { SyntaxFailure } from './syntax-failure.js';

export interface Tfvars {
  values: Record<string, Expr>;
  /** The line of each variable's name. */
  lines: Record<string, number>;
}

export function parseTfvars(file: string, text: string): Tfvars | { error: HclSyntaxError } {
  return readHcl(file, text, (body, converter) => {
    const block = body.blocks[0];
    if (block) throw new SyntaxFailure(block.typeStart, `Blocks are not allowed in a variables file: found a "${block.type}" block; a .tfvars file holds only name = value lines`);
    const out: Tfvars = { values: {}, lines: {} };
    for (const a of body.attributes) {
      const node = converter.expression(a.expr);
      setOwn(out.values, a.name, plain(node));
      setOwn(out.lines, a.name, converter.line(a.nameStart));
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
