/**
 * Synthesizes a CDKTF app the way cdktf-cli does, without it: reads cdktf.json, runs its `app` command in the
 * project directory with cdktf-cli's environment and a timeout, then reads the manifest the app wrote. A failed,
 * timed-out or silent app is a diagnostic carrying the command and the end of its output.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { error, type Diagnostic } from '../diagnostics.js';
import { appEnvironment } from './app-env.js';
import { MANIFEST_JSON, readManifest, type SynthesizedStack } from './manifest.js';
import { CDKTF_JSON, readProject, type CdktfProject } from './project.js';
import { runApp, type AppRun } from './run-app.js';

export const DEFAULT_SYNTH_TIMEOUT_MS = 120_000;

export interface SynthOptions {
  env: NodeJS.ProcessEnv;
  timeoutMs?: number;
}

export interface SynthResult {
  project?: CdktfProject;
  /** Absent when synthesis failed; then `diagnostics` says why. */
  stacks?: SynthesizedStack[];
  diagnostics: Diagnostic[];
  /** Time the app took, in milliseconds. */
  appMs?: number;
}

export async function synthesize(dir: string, opts: SynthOptions): Promise<SynthResult> {
  const { project, diagnostics } = readProject(dir);
  if (!project) return { diagnostics };
  // A manifest left by an earlier run must not pass for this one's.
  rmSync(join(project.outdir, MANIFEST_JSON), { force: true });
  const timeoutMs = opts.timeoutMs ?? DEFAULT_SYNTH_TIMEOUT_MS;
  const run = await runApp(project.app, { cwd: project.dir, env: appEnvironment(project, opts.env), timeoutMs });
  const failure = failureOf(project, run, timeoutMs);
  if (failure) return { project, diagnostics: [failure], appMs: run.ms };
  const manifest = readManifest(project.outdir);
  return { project, ...(manifest.stacks ? { stacks: manifest.stacks } : {}), diagnostics: manifest.diagnostics, appMs: run.ms };
}

function failureOf(project: CdktfProject, run: AppRun, timeoutMs: number): Diagnostic | undefined {
  const summary =
    run.outcome === 'exited' ? (run.exitCode === 0 ? undefined : `The CDKTF app failed: its command exited with code ${run.exitCode}`)
    : run.outcome === 'timeout' ? `The CDKTF app did not finish within ${seconds(timeoutMs)} and was stopped`
    : run.outcome === 'interrupted' ? 'Synthesis interrupted: the CDKTF app was stopped'
    : run.outcome === 'signal' ? `The CDKTF app was killed by ${run.signal}`
    : `The CDKTF app could not be started: ${run.spawnError}`;
  if (!summary) return undefined;
  const lines = [`command: ${project.app}`, `run in:  ${project.dir} (the "app" of ${CDKTF_JSON})`];
  if (run.outcome === 'timeout') lines.push('(set KEYFORM_SYNTH_TIMEOUT, e.g. 5m, to wait longer)');
  const shown = run.stderr.trim() !== '' ? ['its stderr', run.stderr] : run.stdout.trim() !== '' ? ['its stdout (stderr was empty)', run.stdout] : undefined;
  if (shown) lines.push('', `${shown[0]}:`, indent(shown[1]!.trimEnd()));
  else lines.push('', 'It printed nothing.');
  return error(summary, { detail: lines.join('\n'), file: CDKTF_JSON });
}

const seconds = (ms: number): string => (ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`);
const indent = (text: string): string => text.split('\n').map((l) => `  ${l}`).join('\n');
