/**
 * `keyform output [NAME] [--raw] [--json]`: the outputs recorded in state, as `terraform output` prints them.
 * Sensitive values are shown as `<sensitive>` everywhere except `--raw NAME` (the one place a token is printed,
 * for scripts: `export CY_API_KEY=$(keyform output --raw ci_token)`).
 */
import { KeyformError } from '../../diagnostics.js';
import { keyText, quote } from '../../render/value-text.js';
import type { OutputState } from '../../state/index.js';
import { typeOf } from '../../state/normalise.js';
import { isUnknown, type Value } from '../../values.js';
import { io, withWorkspace } from '../run-context.js';
import { baseOptions, parseCommandArgs } from '../options.js';
import { UsageError } from '../usage-error.js';

export const outputHelp = `Usage: keyform output [options] [NAME]

Prints the outputs recorded in the state by the last apply. Sensitive outputs show as <sensitive>.

Options:
  --raw          print NAME's value as a raw string (no quotes, no newline), for scripts;
                 the only way to print a sensitive value such as a token
  --json         print the outputs as JSON: {"NAME": {"sensitive", "type", "value"}}, sensitive values
                 as null; with NAME, that output's value as JSON (null when sensitive)
  --state FILE   read this state file (relative to the working directory) instead of keyform.tfstate,
                 e.g. a CDKTF stack's: --chdir examples/cdktf --state terraform.ci.tfstate
  --chdir DIR    the working directory (default: the current one)
  --no-color     no colour in messages
  -h, --help     show this help
`;

const OPTIONS = {
  ...baseOptions,
  state: { type: 'string' },
  raw: { type: 'boolean', default: false },
  json: { type: 'boolean', default: false },
} as const;

export const SENSITIVE_OUTPUT = '<sensitive>';

/**
 * A value in HCL-like notation, as `terraform output` and `state show` print it: strings quoted (control
 * characters escaped), lists and objects over several lines with `unit` indentation, object keys aligned.
 */
export function hclText(v: Value, indent = '', unit = '  '): string {
  if (v === null) return 'null';
  if (typeof v === 'string') return quote(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  const inner = indent + unit;
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    return `[\n${v.map((x) => `${inner}${hclText(x, inner, unit)},`).join('\n')}\n${indent}]`;
  }
  if (isUnknown(v)) return '(known after apply)';
  const keys = Object.keys(v).sort();
  if (keys.length === 0) return '{}';
  const width = Math.max(...keys.map((k) => keyText(k).length));
  return `{\n${keys.map((k) => `${inner}${keyText(k).padEnd(width)} = ${hclText(v[k]!, inner, unit)}`).join('\n')}\n${indent}}`;
}

/** `name = value` lines of the outputs, sorted by name; sensitive values as `<sensitive>`. */
export function outputLines(outputs: Record<string, OutputState>): string {
  const names = Object.keys(outputs).sort();
  return names.map((n) => `${keyText(n)} = ${outputs[n]!.sensitive ? SENSITIVE_OUTPUT : hclText(outputs[n]!.value)}\n`).join('');
}

/** Terraform's `output -json` entry; the value replaced by null when sensitive and `reveal` is false. */
export function outputJson(o: OutputState, reveal: boolean): { sensitive: boolean; type: unknown; value: Value } {
  const sensitive = o.sensitive === true;
  return { sensitive, type: o.type ?? typeOf(o.value), value: sensitive && !reveal ? null : o.value };
}

export async function outputCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv);
  if (values.help) {
    process.stdout.write(outputHelp);
    return 0;
  }
  if (positionals.length > 1) throw new UsageError(`expected at most one output NAME, got ${positionals.length}: ${positionals.join(' ')}`);
  if (values.raw && values.json) throw new UsageError('--raw and --json cannot be used together');
  const name = positionals[0];
  if (values.raw && name === undefined) throw new UsageError('--raw needs an output NAME: keyform output --raw NAME');
  const out = io(values['no-color']);
  return withWorkspace(out, { dir: values.chdir ?? process.cwd(), ...(values.state ? { defaultStatePath: values.state } : {}), connect: false, config: 'none' }, async (ws) => {
    const outputs = ws.state.outputs;
    if (name === undefined) return printAll(outputs, values.json, out.stderr);
    const o = outputs[name];
    if (!o) {
      const known = Object.keys(outputs).sort();
      throw new KeyformError('OUTPUT_NOT_FOUND', `no output "${name}" in the state${known.length ? ` (it has: ${known.join(', ')})` : ': it has no outputs (run keyform apply first)'}`);
    }
    if (values.raw) return printRaw(name, o);
    if (o.sensitive && values.json) {
      process.stdout.write('null\n');
      out.stderr.write(`"${name}" is sensitive: keyform prints it only with keyform output --raw ${name}\n`);
      return 0;
    }
    if (values.json) {
      process.stdout.write(`${JSON.stringify(o.value, null, 2)}\n`);
      return 0;
    }
    if (o.sensitive) {
      process.stdout.write(`${SENSITIVE_OUTPUT}\n`);
      out.stderr.write(`"${name}" is sensitive: use keyform output --raw ${name} to print it\n`);
      return 0;
    }
    process.stdout.write(`${hclText(o.value)}\n`);
    return 0;
  });
}

function printAll(outputs: Record<string, OutputState>, json: boolean, stderr: NodeJS.WriteStream): number {
  if (json) {
    const doc: Record<string, unknown> = {};
    for (const n of Object.keys(outputs).sort()) doc[n] = outputJson(outputs[n]!, false);
    process.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
    return 0;
  }
  if (Object.keys(outputs).length === 0) {
    stderr.write('Warning: No outputs found: the state has no outputs (declare "output" blocks and run keyform apply)\n');
    return 0;
  }
  process.stdout.write(outputLines(outputs));
  return 0;
}

/** `terraform output -raw`: strings, numbers and bools only, without quotes or a trailing newline. */
function printRaw(name: string, o: OutputState): number {
  const v = o.value;
  if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') {
    const what = v === null ? 'null' : Array.isArray(v) ? 'a list' : 'an object';
    throw new KeyformError('OUTPUT_NOT_RAW', `--raw prints only strings, numbers and bools, but output "${name}" is ${what}${v === null ? ' (a key imported or whose token was lost has no token)' : ': use --json'}`);
  }
  process.stdout.write(String(v));
  return 0;
}

const parse = (argv: string[]) => parseCommandArgs('output', argv, OPTIONS);
