/**
 * The synthesized app: cdktf.out/manifest.json lists the stacks (name, construct path, cdk.tf.json path, working
 * directory, dependencies on other stacks, annotations). Stacks come out in dependency order (a stack after those
 * it depends on), ties by name; each gets the state file cdktf's LocalBackend defaults to.
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { error, warning, type Diagnostic } from '../diagnostics.js';

export const MANIFEST_JSON = 'manifest.json';

export interface SynthesizedStack {
  name: string;
  /** Absolute working directory of the stack (holds cdk.tf.json). */
  dir: string;
  /** Absolute path of its cdk.tf.json. */
  file: string;
  /** Names of the stacks it depends on. */
  dependencies: string[];
  /** The state file when the stack names no backend path, relative to the project: cdktf's default. */
  defaultStatePath: string;
}

export interface ManifestResult {
  stacks?: SynthesizedStack[];
  diagnostics: Diagnostic[];
}

interface RawStack {
  name?: unknown;
  constructPath?: unknown;
  synthesizedStackPath?: unknown;
  workingDirectory?: unknown;
  dependencies?: unknown;
  annotations?: unknown;
}

export function readManifest(outdir: string): ManifestResult {
  const path = join(outdir, MANIFEST_JSON);
  let raw: { stacks?: unknown };
  try {
    raw = JSON.parse(readFileSync(path, 'utf8')) as { stacks?: unknown };
  } catch (e) {
    const missing = (e as NodeJS.ErrnoException).code === 'ENOENT';
    return {
      diagnostics: [
        missing
          ? error(`The CDKTF app wrote no ${MANIFEST_JSON} in ${outdir}`, { detail: 'Does it call app.synth()? It must write to the directory in CDKTF_OUTDIR (what cdktf.json\'s "output" names).' })
          : error(`Cannot read ${path}: ${(e as Error).message}`),
      ],
    };
  }
  if (typeof raw !== 'object' || raw === null || typeof raw.stacks !== 'object' || raw.stacks === null) {
    return { diagnostics: [error(`${path} has no "stacks" object: is it a CDKTF manifest?`)] };
  }
  return stacksOf(outdir, Object.values(raw.stacks as Record<string, RawStack>));
}

/** Pure: the manifest's stacks, checked and ordered, with their annotations as diagnostics. */
export function stacksOf(outdir: string, raws: RawStack[]): ManifestResult {
  const diagnostics: Diagnostic[] = [];
  const stacks: (SynthesizedStack & { path: string; dependsOn: string[] })[] = [];
  for (const s of raws) {
    const name = typeof s.name === 'string' ? s.name : undefined;
    const file = typeof s.synthesizedStackPath === 'string' ? s.synthesizedStackPath : undefined;
    const dir = typeof s.workingDirectory === 'string' ? s.workingDirectory : undefined;
    if (!name || !file || !dir || !inside(outdir, file) || !inside(outdir, dir)) {
      diagnostics.push(error(`The manifest has a stack keyform cannot read: ${JSON.stringify(s).slice(0, 200)}`, { detail: 'Each stack needs a name, and a synthesizedStackPath and workingDirectory inside the output directory.' }));
      continue;
    }
    if (!file.endsWith('.tf.json')) {
      diagnostics.push(error(`Stack ${name} was synthesized as ${file}: keyform reads Terraform JSON (cdk.tf.json)`, { detail: 'Turn off hclOutput in the app (new App({ hclOutput: false })).' }));
      continue;
    }
    diagnostics.push(...annotationsOf(name, s.annotations));
    const dependsOn = Array.isArray(s.dependencies) ? s.dependencies.filter((d): d is string => typeof d === 'string') : [];
    const path = typeof s.constructPath === 'string' ? s.constructPath : name;
    stacks.push({ name, path, dir: resolve(outdir, dir), file: resolve(outdir, file), dependsOn, dependencies: [], defaultStatePath: `terraform.${name}.tfstate` });
  }
  const byPath = new Map(stacks.map((s) => [s.path, s.name]));
  for (const s of stacks) s.dependencies = s.dependsOn.map((p) => byPath.get(p) ?? p);
  const ordered = dependencyOrder(stacks, diagnostics);
  if (diagnostics.some((d) => d.severity === 'error')) return { diagnostics };
  return { stacks: ordered.map(({ name, dir, file, dependencies, defaultStatePath }) => ({ name, dir, file, dependencies, defaultStatePath })), diagnostics };
}

/** Error annotations fail the synthesis (cdktf-cli's rule); warnings are shown; info is not. */
function annotationsOf(stack: string, annotations: unknown): Diagnostic[] {
  if (!Array.isArray(annotations)) return [];
  const out: Diagnostic[] = [];
  for (const a of annotations as { level?: unknown; message?: unknown; constructPath?: unknown }[]) {
    const summary = `Stack ${stack}: [${String(a.constructPath ?? stack)}] ${String(a.message ?? '')}`;
    if (a.level === '@cdktf/error') out.push(error(summary));
    else if (a.level === '@cdktf/warn') out.push(warning(summary));
  }
  return out;
}

function dependencyOrder<S extends { name: string; dependencies: string[] }>(stacks: S[], diagnostics: Diagnostic[]): S[] {
  const byName = new Map(stacks.map((s) => [s.name, s]));
  const done = new Set<string>();
  const visiting = new Set<string>();
  const out: S[] = [];
  const visit = (s: S, chain: string[]): void => {
    if (done.has(s.name)) return;
    if (visiting.has(s.name)) {
      diagnostics.push(error(`Stacks depend on each other in a cycle: ${[...chain, s.name].join(' → ')}`));
      return;
    }
    visiting.add(s.name);
    for (const d of [...s.dependencies].sort()) {
      const dep = byName.get(d);
      if (dep) visit(dep, [...chain, s.name]);
      else diagnostics.push(error(`Stack ${s.name} depends on ${d}, which the manifest does not list`));
    }
    visiting.delete(s.name);
    done.add(s.name);
    out.push(s);
  };
  for (const s of [...stacks].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) visit(s, []);
  return out;
}

function inside(root: string, path: string): boolean {
  if (isAbsolute(path)) return false;
  const rel = relative(root, resolve(root, path));
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}
