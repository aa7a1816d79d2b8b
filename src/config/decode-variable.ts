/**
 * `variable` blocks: `{NAME: {type?, default?, description?, sensitive?, nullable?, validation?}}` (HCL's
 * `validation { condition, error_message }` blocks arrive as a list of objects). The default must be a literal:
 * it is read before anything can be evaluated.
 */
import type { Expr, VariableConfig, VariableValidation } from './types.js';
import { isName, kindOf, members, NAME_RULE, type Decoder } from './decoder.js';
import { suggestion } from './did-you-mean.js';
import type { JsonNode, JsonObjectNode } from './json-ast.js';
import { JsonLineIndex } from './json-line-index.js';
import { toExpr } from './json-to-expr.js';
import { templateSites } from './template-sites.js';
import { isTemplate } from './expr/parse-template.js';
import { ANY, convertValue, parseTypeConstraint, typeText } from './type-constraint.js';
import type { Value } from '../values.js';

const KEYS = ['type', 'default', 'description', 'sensitive', 'nullable', 'validation'];
const LATER = ['ephemeral'];
/** Names Terraform reserves for future use: a variable may not have them. */
const RESERVED = new Set(['source', 'version', 'providers', 'count', 'for_each', 'lifecycle', 'depends_on', 'locals']);

export function decodeVariables(node: JsonNode, dec: Decoder): VariableConfig[] {
  const out: VariableConfig[] = [];
  for (const body of dec.bodies(node, 'variable')) {
    for (const entry of members(body)) {
      const name = entry.key;
      const address = `var.${name}`;
      if (!isName(name)) dec.error(`Invalid variable name "${name}": ${NAME_RULE}`, entry.at.line, { address });
      else if (RESERVED.has(name)) dec.error(`Invalid variable name "${name}": it is reserved by Terraform's language`, entry.at.line, { address });
      else {
        // HCL (through hcl2json) gives each block as a one-element list.
        const v = entry.value.kind === 'array' && entry.value.items.length === 1 ? entry.value.items[0]! : entry.value;
        if (v.kind !== 'object') dec.error(`Variable ${name} must be an object, found ${kindOf(v)}`, v.line, { address });
        else out.push(decodeVariable(name, v, entry.at.line, dec));
      }
    }
  }
  return out;
}

function decodeVariable(name: string, body: JsonObjectNode, line: number, dec: Decoder): VariableConfig {
  const address = `var.${name}`;
  const variable: VariableConfig = { name, type: ANY, sensitive: false, nullable: true, validations: [], source: { file: dec.file, line, pathLines: new JsonLineIndex(body) } };
  const seen = new Set<string>();
  let defaultNode: JsonNode | undefined;
  for (const e of members(body)) {
    const where = { address, path: e.key };
    if (seen.has(e.key) && e.key !== 'validation') {
      dec.error(`Duplicate argument "${e.key}"`, e.at.line, where);
      continue;
    }
    seen.add(e.key);
    const v = e.value;
    switch (e.key) {
      case 'type': {
        if (v.kind !== 'string') {
          dec.error(`type must be a type expression such as "string" or "list(string)", found ${kindOf(v)}`, v.line, where);
          break;
        }
        const parsed = parseTypeConstraint(v.value);
        if ('error' in parsed) {
          dec.error(`Invalid type for variable ${name}: ${parsed.error}`, v.line, where);
          variable.invalid = true;
        }
        else {
          variable.type = parsed.type;
          variable.typeText = typeText(parsed.type);
        }
        break;
      }
      case 'default':
        defaultNode = v;
        break;
      case 'description':
        if (v.kind === 'string') variable.description = v.value;
        else dec.error(`description must be a string, found ${kindOf(v)}`, v.line, where);
        break;
      case 'sensitive':
      case 'nullable':
        if (v.kind !== 'boolean') dec.error(`${e.key} must be true or false, found ${kindOf(v)}`, v.line, where);
        else if (e.key === 'sensitive') variable.sensitive = v.value;
        else variable.nullable = v.value;
        break;
      case 'validation':
        for (const b of dec.bodies(v, 'validation', where)) {
          const validation = decodeValidation(b, variable.validations.length, dec, address);
          if (validation) variable.validations.push(validation);
        }
        break;
      default:
        if (LATER.includes(e.key)) dec.error(`${e.key} variables are not supported yet`, e.at.line, where);
        else dec.error(`Unknown variable argument "${e.key}"${suggestion(e.key, KEYS)}`, e.at.line, where);
    }
  }
  if (defaultNode) {
    const where = { address, path: 'default' };
    const expr = toExpr(defaultNode, 'default', dec, address);
    if (templateSites(expr, 'default').some((s) => isTemplate(s.text))) {
      dec.error(`The default of variable ${name} must be a literal value: it cannot use references, functions or templates`, defaultNode.line, where);
      variable.invalid = true;
    } else {
      const converted = convertValue(expr as Value, variable.type);
      if ('error' in converted) dec.error(`Invalid default for variable ${name}: ${converted.error} (type ${variable.typeText ?? 'any'})`, defaultNode.line, where);
      else if (converted.value === null && !variable.nullable) dec.error(`Invalid default for variable ${name}: null, and the variable is not nullable`, defaultNode.line, where);
      else variable.default = { value: converted.value };
      if (variable.default === undefined) variable.invalid = true;
    }
  }
  return variable;
}

function decodeValidation(body: JsonObjectNode, i: number, dec: Decoder, address: string): VariableValidation | undefined {
  const path = `validation[${i}]`;
  let condition: Expr | undefined;
  let errorMessage: Expr | undefined;
  for (const e of members(body)) {
    if (e.key === 'condition') condition = toExpr(e.value, `${path}.condition`, dec, address);
    else if (e.key === 'error_message') errorMessage = toExpr(e.value, `${path}.error_message`, dec, address);
    else dec.error(`Unknown validation argument "${e.key}"${suggestion(e.key, ['condition', 'error_message'])}`, e.at.line, { address, path: `${path}.${e.key}` });
  }
  if (condition === undefined || errorMessage === undefined) {
    dec.error(`A validation needs both condition and error_message`, body.line, { address, path });
    return undefined;
  }
  return { condition, errorMessage, path };
}
