/**
 * Baseline (b) of the engine benchmark: Terraform itself on `terraform_data` resources — built into Terraform, so
 * `terraform init` needs no provider download and works offline. Every run has TF_IN_AUTOMATION=1,
 * CHECKPOINT_DISABLE=1 and an empty CLI configuration of its own (no plugin cache, no network settings).
 *
 * An applied state of N resources is needed before `terraform plan` can be timed. `terraform apply` grows
 * quadratically with the resource count (about 40 s for 1,000 on the 2-core machine, far more for 10,000), so for the
 * larger sizes `synthesizeState` writes the state that apply would write: it applies the first two resources for
 * real, checks that the type it derives for their `input` is the one Terraform recorded, and writes one instance per
 * resource in that shape. The timed plan must then find no changes (exit 0 with -detailed-exitcode), which checks
 * the state.
 */
import { randomUUID } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { runExpect, runTimed, tail, type RunResult } from './processes.js';
import { writeTerraformConfig, type KeySpec } from './workload.js';

export interface Terraform {
  bin: string;
  version: string;
  env: NodeJS.ProcessEnv;
}

/** The terraform binary and its version, or the reason it cannot be used. */
export function findTerraform(tmp: string): Terraform | { unavailable: string } {
  if (process.env['BENCH_TERRAFORM'] === 'off') return { unavailable: 'skipped (BENCH_TERRAFORM=off)' };
  const candidates = [process.env['BENCH_TERRAFORM'], '/usr/local/bin/terraform', 'terraform'].filter((c): c is string => !!c);
  const cliConfig = join(tmp, 'terraformrc');
  writeFileSync(cliConfig, '');
  const env: NodeJS.ProcessEnv = { ...process.env, TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1', TF_INPUT: '0', TF_CLI_CONFIG_FILE: cliConfig };
  delete env['TF_PLUGIN_CACHE_DIR'];
  delete env['TF_LOG'];
  for (const bin of candidates) {
    if (bin.includes('/') && !existsSync(bin)) continue;
    const r = spawnSync(bin, ['version', '-json'], { env, encoding: 'utf8', timeout: 15_000 });
    if (r.status === 0) {
      try {
        return { bin, version: (JSON.parse(r.stdout) as { terraform_version: string }).terraform_version, env };
      } catch {
        return { bin, version: r.stdout.split('\n')[0] ?? '?', env };
      }
    }
  }
  return { unavailable: 'no working terraform binary (tried /usr/local/bin/terraform and PATH)' };
}

const flags = ['-input=false', '-no-color'];

/** `terraform init` in a directory of terraform_data resources: must work offline. */
export async function terraformInit(tf: Terraform, dir: string, timeoutMs = 60_000): Promise<{ ok: true } | { ok: false; reason: string }> {
  let r: RunResult;
  try {
    r = await runTimed({ argv: [tf.bin, 'init', ...flags], cwd: dir, env: tf.env, timeoutMs, logPrefix: join(dir, '..', `${basename(dir)}-init`) });
  } catch (e) {
    return { ok: false, reason: `terraform init: ${(e as Error).message}` };
  }
  if (r.code !== 0) return { ok: false, reason: `terraform init exited ${r.code ?? r.signal} offline:${tail(r.stderrFile, 4)}` };
  return { ok: true };
}

export function terraformApply(tf: Terraform, dir: string, parallelism: number, timeoutMs: number, logPrefix: string): Promise<RunResult> {
  return runExpect({ argv: [tf.bin, 'apply', '-auto-approve', `-parallelism=${parallelism}`, ...flags], cwd: dir, env: tf.env, timeoutMs, logPrefix });
}

/** `terraform plan -detailed-exitcode`: must exit 0 (no changes). */
export function terraformPlan(tf: Terraform, dir: string, timeoutMs: number, logPrefix: string): Promise<RunResult> {
  return runExpect({ argv: [tf.bin, 'plan', '-detailed-exitcode', ...flags], cwd: dir, env: tf.env, timeoutMs, logPrefix }, 0);
}

/** Removes the state (and its backup) so the next apply creates everything again. */
export function resetTerraformState(dir: string): void {
  for (const f of ['terraform.tfstate', 'terraform.tfstate.backup']) rmSync(join(dir, f), { force: true });
}

/** cty's type of a JSON value, as Terraform writes a dynamic attribute's type into the state. */
export function ctyType(value: unknown): unknown {
  if (typeof value === 'string') return 'string';
  if (typeof value === 'number') return 'number';
  if (typeof value === 'boolean') return 'bool';
  if (Array.isArray(value)) return ['tuple', value.map(ctyType)];
  if (value && typeof value === 'object') {
    const attrs: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort()) attrs[k] = ctyType((value as Record<string, unknown>)[k]);
    return ['object', attrs];
  }
  throw new Error(`no cty type for ${JSON.stringify(value)}`);
}

interface StateFile {
  version: number;
  terraform_version: string;
  serial: number;
  lineage: string;
  resources: Array<{ mode: string; type: string; name: string; provider: string; instances: Array<{ schema_version: number; attributes: Record<string, unknown>; sensitive_attributes: unknown[] }> }>;
  [k: string]: unknown;
}

/**
 * Writes into `dir` (already holding the configuration of `specs`) the state `terraform apply` would leave,
 * from a real apply of the first two specs in `templateDir`.
 */
export async function synthesizeState(tf: Terraform, dir: string, templateDir: string, specs: readonly KeySpec[], timeoutMs: number): Promise<void> {
  const sample = specs.slice(0, 2);
  writeTerraformConfig(templateDir, sample);
  const init = await terraformInit(tf, templateDir);
  if (!init.ok) throw new Error(init.reason);
  await terraformApply(tf, templateDir, 10, timeoutMs, join(templateDir, '..', 'template-apply'));
  const template = JSON.parse(readFileSync(join(templateDir, 'terraform.tfstate'), 'utf8')) as StateFile;
  for (const s of sample) {
    const found = template.resources.find((r) => r.type === 'terraform_data' && r.name === s.name);
    const attrs = found?.instances[0]?.attributes as { input?: { value: unknown; type: unknown } } | undefined;
    if (!attrs?.input || !isDeepStrictEqual(attrs.input.type, ctyType(s.body))) {
      throw new Error(`the state Terraform wrote for ${s.name} does not have the shape the benchmark derives: ${JSON.stringify(attrs?.input?.type)}`);
    }
  }
  const model = template.resources[0]!;
  const resources = specs.map((s) => {
    const type = ctyType(s.body);
    return {
      ...model,
      name: s.name,
      instances: [
        {
          ...model.instances[0]!,
          attributes: { ...model.instances[0]!.attributes, id: randomUUID(), input: { value: s.body, type }, output: { value: s.body, type }, triggers_replace: null },
          sensitive_attributes: [],
        },
      ],
    };
  });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'terraform.tfstate'), `${JSON.stringify({ ...template, serial: specs.length + 1, lineage: randomUUID(), resources })}\n`);
}
