/**
 * Input variable values, from where Terraform takes them, later sources winning: the declared default,
 * `TF_VAR_name` environment variables, `terraform.tfvars`, `terraform.tfvars.json`, `*.auto.tfvars` and
 * `*.auto.tfvars.json` (in lexical order), then `--var-file` and `--var` in the order given. Each value is
 * converted to the variable's type and checked by its validation rules; a sensitive value never appears in a
 * message.
 */
import { error, warning, type Diagnostic } from '../diagnostics.js';
import { isUnknown, UNKNOWN, type Value } from '../values.js';
import { evaluate } from './evaluate-expr.js';
import { evaluateNode } from './expr/evaluate-node.js';
import { parseExpression } from './expr/parser.js';
import { NotFound, traverse, type Scope } from './expr/scope.js';
import { tokenize } from './expr/tokenizer.js';
import { suggestion } from './did-you-mean.js';
import { siteOf } from './site.js';
import { convertValue, isComplex } from './type-constraint.js';
import type { ConfigModule, Expr, VariableConfig } from './types.js';

/** One value given for a variable, and where it came from. */
export interface VariableInput {
  name: string;
  /** `raw`: text from the environment or the command line; `expr`: a value read from a tfvars file. */
  value: { raw: string } | { expr: Expr };
  source: { kind: 'env' | 'file' | 'cli'; file?: string; line?: number };
}

export interface ResolvedVariables {
  values: Map<string, Value>;
  sensitive: Set<string>;
  diagnostics: Diagnostic[];
}

const describeSource = (s: VariableInput['source'], name: string): string =>
  s.kind === 'env' ? `the environment variable TF_VAR_${name}` : s.kind === 'cli' ? `--var ${name}=…` : s.line === undefined ? s.file! : `${s.file}:${s.line}`;

/** Values given in the environment (`TF_VAR_name`), in name order. */
export function environmentInputs(env: NodeJS.ProcessEnv): VariableInput[] {
  return Object.keys(env)
    .filter((k) => k.startsWith('TF_VAR_') && k.length > 'TF_VAR_'.length && env[k] !== undefined)
    .sort()
    .map((k) => ({ name: k.slice('TF_VAR_'.length), value: { raw: env[k]! }, source: { kind: 'env' as const } }));
}

/** A `--var NAME=VALUE` argument, or the problem with it. */
export function cliInput(text: string): VariableInput | { error: string } {
  const eq = text.indexOf('=');
  if (eq <= 0) return { error: `Invalid --var ${JSON.stringify(text)}: expected NAME=VALUE, like --var env=prod` };
  return { name: text.slice(0, eq).trim(), value: { raw: text.slice(eq + 1) }, source: { kind: 'cli' } };
}

/**
 * The value of every declared variable. In `validate` mode a variable without a value is unknown rather than an
 * error (validation checks the configuration, not its inputs).
 */
export function resolveVariables(module: ConfigModule, inputs: readonly VariableInput[], mode: 'plan' | 'validate' = 'plan'): ResolvedVariables {
  const out: ResolvedVariables = { values: new Map(), sensitive: new Set(), diagnostics: [] };
  const declared = new Map<string, VariableConfig>();
  for (const v of module.variables) {
    if (declared.has(v.name)) continue; // a duplicate, reported by validation
    declared.set(v.name, v);
    if (v.sensitive) out.sensitive.add(v.name);
  }
  const given = new Map<string, VariableInput>();
  for (const input of inputs) {
    if (declared.has(input.name)) {
      given.set(input.name, input);
      continue;
    }
    if (input.source.kind === 'env') continue; // Terraform ignores TF_VAR_ values for undeclared variables
    const hint = suggestion(input.name, declared.keys());
    const summary = `Value for undeclared variable "${input.name}"${hint}`;
    const detail = `Given by ${describeSource(input.source, input.name)}; declare it with a variable block, or remove the value.`;
    const where = input.source.file !== undefined ? { file: input.source.file, ...(input.source.line !== undefined ? { line: input.source.line } : {}), detail } : { detail };
    out.diagnostics.push(input.source.kind === 'cli' ? error(summary, where) : warning(summary, where));
  }
  for (const v of declared.values()) {
    const input = given.get(v.name);
    const value = input ? inputValue(v, input, out.diagnostics) : missing(v, mode, out.diagnostics);
    out.values.set(v.name, value);
  }
  for (const v of declared.values()) checkValidations(v, out, given.get(v.name), declared);
  return out;
}

function missing(v: VariableConfig, mode: 'plan' | 'validate', diagnostics: Diagnostic[]): Value {
  if (v.default !== undefined) return v.default.value;
  if (mode === 'validate' || v.invalid) return UNKNOWN;
  diagnostics.push(
    error(`No value for required variable "${v.name}"`, {
      ...siteOf(v.source, `var.${v.name}`),
      detail: `Give it with --var ${v.name}=VALUE, a --var-file, terraform.tfvars, or the environment variable TF_VAR_${v.name}${v.description ? ` (${v.description})` : ''}.`,
    }),
  );
  return UNKNOWN;
}

/** The given value, parsed (raw text of a complex type is an HCL expression) and converted to the type. */
function inputValue(v: VariableConfig, input: VariableInput, diagnostics: Diagnostic[]): Value {
  const from = describeSource(input.source, v.name);
  // A value read from a file is pointed at there; one from the command line or environment at the declaration.
  const place = input.source.file !== undefined ? { file: input.source.file, ...(input.source.line !== undefined ? { line: input.source.line } : {}), address: `var.${v.name}` } : siteOf(v.source, `var.${v.name}`);
  const where = { ...place, detail: `The value comes from ${from}; the variable is declared at ${v.source.file}${v.source.line !== undefined ? `:${v.source.line}` : ''}.` };
  let value: Value;
  if ('raw' in input.value) {
    if (!isComplex(v.type)) value = input.value.raw;
    else {
      const parsed = parseLiteral(input.value.raw);
      if ('error' in parsed) {
        diagnostics.push(error(`Invalid value for variable "${v.name}": ${shown(v, parsed.error)}`, { ...where, detail: `${where.detail} A ${v.typeText} value is written as an expression, like ${example(v)}.` }));
        return UNKNOWN;
      }
      value = parsed.value;
    }
  } else {
    const r = evaluate(input.value.expr, NOTHING);
    if (r.diagnostics.length > 0) {
      diagnostics.push(error(`Invalid value for variable "${v.name}": ${shown(v, r.diagnostics[0]!.summary)}`, where));
      return UNKNOWN;
    }
    value = r.value;
  }
  if (value === null) {
    if (!v.nullable) {
      diagnostics.push(error(`Invalid value for variable "${v.name}": it must not be null`, where));
      return UNKNOWN;
    }
    return null;
  }
  const converted = convertValue(value, v.type);
  if ('error' in converted) {
    const why = v.sensitive ? `the value does not fit the type ${v.typeText ?? 'any'} (not shown: the variable is sensitive)` : `${converted.error} (type ${v.typeText ?? 'any'})`;
    diagnostics.push(error(`Invalid value for variable "${v.name}": ${why}`, where));
    return UNKNOWN;
  }
  return converted.value;
}

/** Why a value is invalid, unless the variable is sensitive: the reason may quote the value (`may not refer to s3cret`). */
const shown = (v: VariableConfig, why: string): string => (v.sensitive ? 'it is not a valid literal (not shown: the variable is sensitive)' : why);

const example = (v: VariableConfig): string => (v.type.kind === 'map' || v.type.kind === 'object' ? '{ a = "x" }' : '["a", "b"]');

/** A scope with no names: tfvars values and command-line expressions are literals (functions allowed). */
const NOTHING: Scope = { resolve: (t) => new NotFound(`Variables may not refer to ${t.root}: give a literal value`) };

function parseLiteral(text: string): { value: Value } | { error: string } {
  const tokens = tokenize(text, 0, 'whole');
  if (tokens.problem) return { error: tokens.problem.summary };
  const parsed = parseExpression(tokens.tokens, text);
  if ('problem' in parsed) return { error: parsed.problem.summary };
  const problems: string[] = [];
  const value = evaluateNode(parsed.node, NOTHING, (p) => problems.push(p.summary));
  return problems.length > 0 ? { error: problems[0]! } : { value };
}

/** Each validation rule of a variable with a known value: a false condition is an error with its message. */
function checkValidations(v: VariableConfig, out: ResolvedVariables, input: VariableInput | undefined, declared: ReadonlyMap<string, VariableConfig>): void {
  const value = out.values.get(v.name);
  if (value === undefined || isUnknown(value) || v.validations.length === 0) return;
  // Whether the expression being evaluated read a sensitive variable: then what it gives is not shown (as Terraform).
  let readSensitive = false;
  const scope: Scope = {
    resolve(t) {
      if (t.root !== 'var') return new NotFound(`A validation rule may refer only to variables, not ${t.root}`);
      const step = t.steps[0];
      if (step?.kind !== 'attr' || !out.values.has(step.name)) return new NotFound(`Reference to undeclared input variable "${step?.kind === 'attr' ? step.name : ''}"`);
      if (declared.get(step.name)?.sensitive) readSensitive = true;
      const r = traverse(out.values.get(step.name)!, t.steps.slice(1), `var.${step.name}`);
      return r;
    },
  };
  for (const rule of v.validations) {
    const at = siteOf(v.source, `var.${v.name}`, `${rule.path}.condition`);
    readSensitive = false;
    const cond = evaluate(rule.condition, scope, { source: v.source, address: `var.${v.name}`, path: `${rule.path}.condition` });
    if (cond.diagnostics.length > 0) {
      out.diagnostics.push(...cond.diagnostics);
      continue;
    }
    if (isUnknown(cond.value)) continue;
    if (typeof cond.value !== 'boolean') {
      out.diagnostics.push(error(`Invalid validation condition for variable "${v.name}": it must be true or false, found ${readSensitive ? 'a sensitive value' : JSON.stringify(cond.value)}`, at));
      continue;
    }
    if (cond.value) continue;
    readSensitive = false;
    const msg = evaluate(rule.errorMessage, scope);
    const text = readSensitive
      ? 'the value failed its validation rule (the error message includes a sensitive value, so it is not shown)'
      : typeof msg.value === 'string' && msg.diagnostics.length === 0 ? msg.value : 'the value failed its validation rule';
    const from = input ? `The value comes from ${describeSource(input.source, v.name)}` : 'The value is the default';
    out.diagnostics.push(error(`Invalid value for variable "${v.name}": ${text}`, { ...at, detail: `${from}; the rule is at ${at.file}${at.line !== undefined ? `:${at.line}` : ''}.` }));
  }
}
