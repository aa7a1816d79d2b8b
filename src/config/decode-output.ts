/** `output` blocks: `{NAME: {value, sensitive?, description?, depends_on?}}`, or `{NAME: [{…}]}` as HCL reads. */
import type { Expr, OutputConfig } from './types.js';
import { decodeDependsOn } from './decode-meta.js';
import { isName, kindOf, members, NAME_RULE, type Decoder } from './decoder.js';
import { suggestion } from './did-you-mean.js';
import type { JsonNode } from './json-ast.js';
import { JsonLineIndex } from './json-line-index.js';
import { toExpr } from './json-to-expr.js';

const KEYS = ['value', 'sensitive', 'description', 'depends_on'];
const LATER = ['precondition', 'ephemeral'];

export function decodeOutputs(node: JsonNode, dec: Decoder): OutputConfig[] {
  const out: OutputConfig[] = [];
  for (const body of dec.bodies(node, 'output')) {
    for (const entry of members(body)) {
      const name = entry.key;
      const address = `output.${name}`;
      const v = entry.value;
      if (!isName(name)) dec.error(`Invalid output name "${name}": ${NAME_RULE}`, entry.at.line, { address });
      else if (v.kind === 'array') {
        v.items.forEach((item, i) => {
          const output = item.kind === 'object' ? decodeOutput(name, item, i === 0 ? entry.at.line : item.line, dec) : undefined;
          if (item.kind !== 'object') dec.error(`Output ${name} must be an object or a list of objects, found ${kindOf(item)} in the list`, item.line, { address });
          if (output) out.push(output);
        });
      } else if (v.kind !== 'object') dec.error(`Output ${name} must be an object, found ${kindOf(v)}`, v.line, { address });
      else {
        const output = decodeOutput(name, v, entry.at.line, dec);
        if (output) out.push(output);
      }
    }
  }
  return out;
}

function decodeOutput(name: string, body: Extract<JsonNode, { kind: 'object' }>, line: number, dec: Decoder): OutputConfig | undefined {
  const address = `output.${name}`;
  const output: OutputConfig = { name, value: null, sensitive: false, dependsOn: [], source: { file: dec.file, line, pathLines: new JsonLineIndex(body) } };
  let value: Expr | undefined;
  const seen = new Set<string>();
  for (const e of members(body)) {
    const where = { address, path: e.key };
    if (seen.has(e.key)) {
      dec.error(`Duplicate argument "${e.key}"`, e.at.line, where);
      continue;
    }
    seen.add(e.key);
    const v = e.value;
    if (e.key === 'value') value = toExpr(v, 'value', dec, address);
    else if (e.key === 'sensitive') {
      if (v.kind === 'boolean') output.sensitive = v.value;
      else dec.error(`sensitive must be true or false, found ${kindOf(v)}`, v.line, where);
    } else if (e.key === 'description') {
      if (v.kind === 'string') output.description = v.value;
      else dec.error(`description must be a string, found ${kindOf(v)}`, v.line, where);
    } else if (e.key === 'depends_on') {
      output.dependsOn = decodeDependsOn(v, dec, address);
    } else if (LATER.includes(e.key)) dec.error(`${e.key} in outputs is not supported yet`, e.at.line, where);
    else dec.error(`Unknown output argument "${e.key}"${suggestion(e.key, KEYS)}`, e.at.line, where);
  }
  if (value === undefined) {
    dec.error(`Output ${name} has no value`, line, { address, path: 'value' });
    return undefined;
  }
  output.value = value;
  return output;
}
