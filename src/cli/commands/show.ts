/**
 * `keyform show [PLANFILE] [--json]`: a saved plan (checked against the state and configuration it was made
 * for, and refused when tampered with), or the state: every instance as `state show` prints it, then the outputs.
 * Sensitive values never appear, in text or in JSON.
 */
import { resolve } from 'node:path';
import { readPlanFile } from '../../engine/plan-file.js';
import { PROVIDER_SOURCE, sensitiveAttributes } from '../../provider/schema.js';
import { planToJson, renderPlan } from '../../render/index.js';
import { deposedLabel, formatAddress, loadKey, type State } from '../../state/index.js';
import { keyformVersion } from '../../version.js';
import type { Values } from '../../values.js';
import { io, withWorkspace } from '../run-context.js';
import { baseOptions, parseCommandArgs } from '../options.js';
import { UsageError } from '../usage-error.js';
import { outputJson, outputLines } from './output.js';
import { instanceBlock } from './state.js';

export const showHelp = `Usage: keyform show [options] [PLANFILE]

Shows a saved plan (made by keyform plan --out PLANFILE; a relative path is read from the
working directory), or without PLANFILE the state.
Sensitive values (tokens) are never shown: use keyform output --raw NAME for a token output.

Options:
  --json         machine-readable: Terraform's plan JSON, or its state JSON (sensitive values as null)
  --chdir DIR    the working directory (default: the current one)
  --no-color     no colour
  -h, --help     show this help
`;

const OPTIONS = {
  ...baseOptions,
  json: { type: 'boolean', default: false },
} as const;

export async function showCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv);
  if (values.help) {
    process.stdout.write(showHelp);
    return 0;
  }
  if (positionals.length > 1) throw new UsageError(`expected at most one PLANFILE, got ${positionals.length}: ${positionals.join(' ')}`);
  const planFile = positionals[0];
  const out = io(values['no-color']);
  const dir = resolve(values.chdir ?? process.cwd());
  return withWorkspace(out, { dir, connect: false, config: 'none' }, async (ws) => {
    if (planFile !== undefined) {
      const key = await loadKey(ws.dir, process.env);
      const plan = readPlanFile(resolve(dir, planFile), key, ws.state, undefined, ws.stateIsNew);
      process.stdout.write(values.json ? `${JSON.stringify(planToJson(plan), null, 2)}\n` : renderPlan(plan, { color: out.colorOut, width: out.stdout.columns ?? 80 }));
      return 0;
    }
    process.stdout.write(values.json ? `${JSON.stringify(stateJson(ws.state), null, 2)}\n` : stateText(ws.state));
    return 0;
  });
}

/** Every instance block, then `Outputs:`; a one-line note for an empty state. */
export function stateText(state: State): string {
  const blocks: string[] = [];
  for (const r of state.resources) {
    for (const i of r.instances) blocks.push(instanceBlock(deposedLabel(formatAddress(r.type, r.name, i.index_key), i.deposed), i));
  }
  const hasOutputs = Object.keys(state.outputs).length > 0;
  if (blocks.length === 0 && !hasOutputs) return 'The state is empty: no resources are managed yet.\n';
  return `${blocks.join('\n')}${hasOutputs ? `${blocks.length ? '\n' : ''}Outputs:\n\n${outputLines(state.outputs)}` : ''}`;
}

/** Terraform's `show -json` state representation, with sensitive values replaced by null. */
export function stateJson(state: State): unknown {
  const outputs: Record<string, unknown> = {};
  for (const n of Object.keys(state.outputs).sort()) outputs[n] = outputJson(state.outputs[n]!, false);
  const resources = state.resources.flatMap((r) => {
    const sensitive = sensitiveAttributes(r.type);
    return r.instances.map((i) => {
      const values: Values = { ...i.attributes };
      const marks: Record<string, true> = {};
      for (const k of sensitive) {
        if (Object.hasOwn(values, k)) {
          values[k] = null;
          marks[k] = true;
        }
      }
      return {
        address: formatAddress(r.type, r.name, i.index_key),
        mode: 'managed',
        type: r.type,
        name: r.name,
        ...(i.index_key !== undefined ? { index: i.index_key } : {}),
        ...(i.deposed !== undefined ? { deposed_key: i.deposed } : {}),
        provider_name: PROVIDER_SOURCE,
        schema_version: i.schema_version,
        values,
        sensitive_values: marks,
        ...(i.dependencies.length ? { depends_on: i.dependencies } : {}),
        ...(i.status === 'tainted' ? { tainted: true } : {}),
      };
    });
  });
  return { format_version: '1.0', terraform_version: keyformVersion(), values: { outputs, root_module: { resources } } };
}

const parse = (argv: string[]) => parseCommandArgs('show', argv, OPTIONS);
