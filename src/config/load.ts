/**
 * Loading a configuration directory: every `*.tf` (HCL) and `*.tf.json` in it (CDKTF's `cdk.tf.json` included),
 * not recursive, sorted by name, decoded into one ConfigModule. HCL is read into the Terraform JSON form that
 * @cdktf/hcl2json produces, with positions, so one decoder serves both syntaxes. The file reading is here;
 * `loadConfigSources` does the rest without I/O.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { error, type Diagnostic } from '../diagnostics.js';
import type { BackendConfig, ConfigModule } from './types.js';
import { decodeFile } from './decode-file.js';
import { Decoder } from './decoder.js';
import { configHash } from './hash.js';
import { defineLazy } from '../lazy-property.js';
import { parseJson, type JsonNode, type JsonSyntaxError } from './json-ast.js';
import { parseHcl } from './hcl/parse-hcl.js';
import { append } from './append.js';

export interface LoadResult {
  module?: ConfigModule;
  diagnostics: Diagnostic[];
}

export interface ConfigSource {
  /** File name relative to the directory. */
  file: string;
  text: string;
}

const isHcl = (name: string): boolean => name.endsWith('.tf');
/** A configuration file's name: `*.tf` or `*.tf.json`, not hidden. */
export const isConfigFile = (name: string): boolean => (isHcl(name) || name.endsWith('.tf.json')) && !name.startsWith('.');
const isOverride = (name: string): boolean => {
  const base = name.endsWith('.tf.json') ? name.slice(0, -'.tf.json'.length) : name.slice(0, -'.tf'.length);
  return base === 'override' || base.endsWith('_override');
};

export function loadConfigDir(dir: string): LoadResult {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => isConfigFile(n) && isFile(join(dir, n)));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'it does not exist' : code === 'ENOTDIR' ? 'it is not a directory' : (e as Error).message;
    return { diagnostics: [error(`Cannot read the configuration directory ${dir}: ${why}`)] };
  }
  if (names.length === 0) {
    const detail = 'keyform looked for *.tf (HCL) and *.tf.json files there (cdk.tf.json, the output of `cdktf synth`, included).';
    return { diagnostics: [error(`No configuration files in ${dir}: expected *.tf, *.tf.json or cdk.tf.json`, { detail })] };
  }
  const sources: ConfigSource[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const file of names) {
    try {
      sources.push({ file, text: readFileSync(join(dir, file), 'utf8') });
    } catch (e) {
      diagnostics.push(error(`Cannot read ${file}: ${(e as Error).message}`, { file }));
    }
  }
  const result = loadConfigSources(dir, sources);
  return { ...result, diagnostics: [...diagnostics, ...result.diagnostics] };
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** Decodes already-read files (sorted here by name) into a module. Pure. */
export function loadConfigSources(dir: string, sources: readonly ConfigSource[]): LoadResult {
  const sorted = [...sources].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  const diagnostics: Diagnostic[] = [];
  const backends: BackendConfig[] = [];
  const module: Omit<ConfigModule, 'hash'> = { dir, files: sorted.map((s) => s.file), providers: [], variables: [], locals: [], resources: [], outputs: [] };
  for (const { file, text } of sorted) {
    const dec = new Decoder(file);
    if (isOverride(file)) dec.error(`Override files are not supported yet: ${file} was not read`, undefined);
    else decodeSource(text, dec, module, backends);
    append(diagnostics, dec.diagnostics);
  }
  const [backend, ...extra] = backends;
  if (backend) module.backend = backend;
  for (const b of extra) {
    diagnostics.push(error(`Duplicate backend configuration: already configured at ${where(backend!.source)}`, { file: b.source.file, ...(b.source.line ? { line: b.source.line } : {}), path: 'terraform.backend' }));
  }
  // The hash is computed when first read: only a saved plan and a JSON plan need it.
  return { module: defineLazy({ ...module, hash: '' }, 'hash', () => configHash(module)), diagnostics };
}

function decodeSource(text: string, dec: Decoder, module: Omit<ConfigModule, 'hash'>, backends: BackendConfig[]): void {
  const hcl = isHcl(dec.file);
  const parsed: { node: JsonNode } | { error: JsonSyntaxError } = hcl ? parseHcl(dec.file, text) : parseJson(text);
  if ('error' in parsed) {
    const { line, column, message } = parsed.error;
    dec.error(`Invalid ${hcl ? 'HCL' : 'JSON'} at ${dec.file}:${line}:${column}: ${message}`, line);
    return;
  }
  const parts = decodeFile(parsed.node, dec);
  append(backends, parts.backends);
  append(module.providers, parts.providers);
  append(module.variables, parts.variables);
  append(module.locals, parts.locals);
  append(module.resources, parts.resources);
  append(module.outputs, parts.outputs);
}

const where = (s: { file: string; line?: number }): string => (s.line === undefined ? s.file : `${s.file}:${s.line}`);
