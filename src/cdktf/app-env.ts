/**
 * The environment a CDKTF app runs with, as cdktf-cli gives it (cli-core's synth-stack), so an app synthesizes
 * the same under keyform:
 * - the caller's environment without TF_VAR_* (Terraform variables are for execution, not synthesis);
 * - NODE_OPTIONS with --max-old-space-size=4096 unless the caller set one;
 * - CDKTF_OUTDIR: where `new App()` writes (its default is ./cdktf.out);
 * - CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS: error annotations land in the manifest, reported by keyform;
 * - CDKTF_CONTEXT_JSON: cdktf.json's "context", read by App's constructor into node context.
 * And two of keyform's own: SYNTH_HCL_OUTPUT=false (keyform reads cdk.tf.json, not HCL), and node_modules/.bin of
 * the project and its parents ahead on PATH, as `npm run` does, so "app": "tsc && node main.js" finds the
 * project's own tsc without npx.
 */
import { existsSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import type { CdktfProject } from './project.js';

const HEAP = '--max-old-space-size';

export function appEnvironment(project: CdktfProject, base: NodeJS.ProcessEnv, exists: (path: string) => boolean = existsSync): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(base)) if (!k.startsWith('TF_VAR_')) env[k] = v;
  const nodeOptions = env['NODE_OPTIONS'] ?? '';
  if (!nodeOptions.includes(HEAP)) env['NODE_OPTIONS'] = `${nodeOptions} ${HEAP}=4096`.trim();
  env['CDKTF_OUTDIR'] = project.outdir;
  env['CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS'] = 'true';
  env['SYNTH_HCL_OUTPUT'] = 'false';
  if (project.context !== undefined) env['CDKTF_CONTEXT_JSON'] = JSON.stringify(project.context);
  const pathKey = Object.keys(env).find((k) => k.toUpperCase() === 'PATH') ?? 'PATH';
  const bins = binDirs(project.dir).filter(exists);
  if (bins.length > 0) env[pathKey] = [...bins, ...(env[pathKey] ? [env[pathKey]] : [])].join(delimiter);
  return env;
}

/** node_modules/.bin of `dir` and of each parent, nearest first. */
export function binDirs(dir: string): string[] {
  const out: string[] = [];
  for (let d = dir; ; d = dirname(d)) {
    out.push(join(d, 'node_modules', '.bin'));
    if (dirname(d) === d) return out;
  }
}
