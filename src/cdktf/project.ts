/**
 * A CDKTF project as cdktf-cli reads it: the directory holding cdktf.json, whose `app` is the command that
 * synthesizes the stacks, `output` the directory they are written to (default cdktf.out, relative to the
 * project), and `context` the values handed to the app (CDKTF_CONTEXT_JSON). Other keys (language, providers,
 * projectId…) are cdktf-cli's and are ignored here.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { error, type Diagnostic } from '../diagnostics.js';

export const CDKTF_JSON = 'cdktf.json';
export const DEFAULT_OUTPUT = 'cdktf.out';

export interface CdktfProject {
  /** Absolute directory of cdktf.json; the app runs there. */
  dir: string;
  app: string;
  /** Absolute output directory. */
  outdir: string;
  context?: Record<string, unknown>;
}

export interface ProjectResult {
  project?: CdktfProject;
  diagnostics: Diagnostic[];
}

export function readProject(dirArg: string): ProjectResult {
  const dir = resolve(dirArg);
  const file = join(dir, CDKTF_JSON);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'there is no such file' : code === 'ENOTDIR' ? `${dir} is not a directory` : (e as Error).message;
    return { diagnostics: [error(`Cannot read ${file}: ${why}`, { detail: '--cdktf takes the directory of a CDKTF app: the one holding cdktf.json, with the "app" command that synthesizes it.' })] };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { diagnostics: [error(`${CDKTF_JSON} is not valid JSON: ${(e as Error).message}`, { file: CDKTF_JSON })] };
  }
  if (!isObject(json)) return { diagnostics: [error(`${CDKTF_JSON} must hold a JSON object`, { file: CDKTF_JSON })] };
  const diagnostics: Diagnostic[] = [];
  const { app, output, context } = json;
  if (typeof app !== 'string' || app.trim() === '') {
    diagnostics.push(error(`${CDKTF_JSON} needs "app": the command that synthesizes the app, e.g. "node main.js"`, { file: CDKTF_JSON, path: 'app' }));
  }
  if (output !== undefined && (typeof output !== 'string' || output === '')) {
    diagnostics.push(error(`"output" in ${CDKTF_JSON} must be a directory name (default ${DEFAULT_OUTPUT})`, { file: CDKTF_JSON, path: 'output' }));
  }
  if (context !== undefined && !isObject(context)) {
    diagnostics.push(error(`"context" in ${CDKTF_JSON} must be an object of context values`, { file: CDKTF_JSON, path: 'context' }));
  }
  if (diagnostics.length > 0) return { diagnostics };
  const project: CdktfProject = { dir, app: app as string, outdir: resolve(dir, (output as string | undefined) ?? DEFAULT_OUTPUT) };
  if (context !== undefined) project.context = context as Record<string, unknown>;
  return { project, diagnostics };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
