/**
 * Reading variable values from files and the command line: `terraform.tfvars`, `terraform.tfvars.json` and
 * `*.auto.tfvars(.json)` in the configuration directory are read automatically; `--var-file` and `--var` follow
 * in the order they were given. A file that cannot be read or parsed is an error naming it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { error, type Diagnostic } from '../diagnostics.js';
import { Decoder, members } from './decoder.js';
import { parseJson } from './json-ast.js';
import { parseTfvars } from './hcl/index.js';
import { toExpr } from './json-to-expr.js';
import { cliInput, environmentInputs, type VariableInput } from './variables.js';

/** A `--var NAME=VALUE` or `--var-file PATH` argument, in command-line order. */
export type VariableArgument = { kind: 'var'; text: string } | { kind: 'file'; path: string };

/** Every variable value for a directory: environment, automatic files, then the command line. */
export function readVariableInputs(dir: string, args: readonly VariableArgument[], env: NodeJS.ProcessEnv): { inputs: VariableInput[]; diagnostics: Diagnostic[] } {
  const inputs: VariableInput[] = [...environmentInputs(env)];
  const diagnostics: Diagnostic[] = [];
  const read = (path: string, shown: string, explicit: boolean) => {
    const r = readVariableFile(path, shown, explicit);
    inputs.push(...r.inputs);
    diagnostics.push(...r.diagnostics);
  };
  let names: string[] = [];
  try {
    names = readdirSync(dir);
  } catch {
    // the configuration loader reports a missing directory
  }
  for (const name of ['terraform.tfvars', 'terraform.tfvars.json']) if (names.includes(name)) read(join(dir, name), name, false);
  for (const name of names.filter((n) => n.endsWith('.auto.tfvars') || n.endsWith('.auto.tfvars.json')).sort()) read(join(dir, name), name, false);
  for (const a of args) {
    if (a.kind === 'file') read(isAbsolute(a.path) ? a.path : join(dir, a.path), a.path, true);
    else {
      const input = cliInput(a.text);
      if ('error' in input) diagnostics.push(error(input.error));
      else inputs.push(input);
    }
  }
  return { inputs, diagnostics };
}

function readVariableFile(path: string, shown: string, explicit: boolean): { inputs: VariableInput[]; diagnostics: Diagnostic[] } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'it does not exist' : code === 'EISDIR' ? 'it is a directory' : (e as Error).message;
    return { inputs: [], diagnostics: [error(`Cannot read the variables file ${shown}: ${why}`, explicit ? {} : { file: shown })] };
  }
  return shown.endsWith('.json') ? parseJsonVariables(shown, text) : parseHclVariables(shown, text);
}

/** A `.tfvars.json` file: one object, a member per variable. */
export function parseJsonVariables(file: string, text: string): { inputs: VariableInput[]; diagnostics: Diagnostic[] } {
  const parsed = parseJson(text);
  if ('error' in parsed) {
    const { line, column, message } = parsed.error;
    return { inputs: [], diagnostics: [error(`Invalid JSON in the variables file ${file}:${line}:${column}: ${message}`, { file, line })] };
  }
  const root = parsed.node;
  if (root.kind !== 'object') return { inputs: [], diagnostics: [error(`The variables file ${file} must hold an object of variable values`, { file, line: root.line })] };
  const dec = new Decoder(file);
  const inputs: VariableInput[] = [];
  for (const e of members(root)) inputs.push({ name: e.key, value: { expr: toExpr(e.value, e.key, dec) }, source: { kind: 'file', file, line: e.at.line } });
  return { inputs, diagnostics: dec.diagnostics };
}

/** A `.tfvars` file: `name = value` lines in HCL. */
export function parseHclVariables(file: string, text: string): { inputs: VariableInput[]; diagnostics: Diagnostic[] } {
  const parsed = parseTfvars(file, text);
  if ('error' in parsed) {
    const { line, column, message } = parsed.error;
    return { inputs: [], diagnostics: [error(`Invalid variables file ${file}:${line}:${column}: ${message}`, { file, line })] };
  }
  const inputs: VariableInput[] = Object.keys(parsed.values).map((name) => ({
    name,
    value: { expr: parsed.values[name] },
    source: { kind: 'file' as const, file, ...(parsed.lines[name] !== undefined ? { line: parsed.lines[name] } : {}) },
  }));
  return { inputs, diagnostics: [] };
}
