/**
 * The human plan's CPU: plans of N API keys made by the real planner — N creates (what `keyform apply` of a new
 * configuration prints while its first creates go out), N updates in place, N replacements — rendered by
 * renderPlanChunks with colour on and off. Warm: the median of several renders in this process. Cold: one render in
 * a fresh process (what a CLI run pays: nothing compiled yet), median of several processes. The floor beside it:
 * JSON.stringify(…, null, 2) of the plan's changes (unknown values as null), native code writing a text of the same values.
 *
 * With RENDER_BASELINE_DIST=/path/to/other/dist (another build of keyform, e.g. the commit before a change), the
 * same figures for that build's renderer too, the runs alternating between the two builds, and a check that both
 * write the same text byte for byte.
 *
 * `node dist/bench/render.js` prints the table and writes bench/results/render.json.
 * Environment: BENCH_KEYS (comma-separated key counts, default 1000,10000), BENCH_RUNS (warm renders per figure,
 * default 9), BENCH_COLD_RUNS (fresh processes per cold figure, default 5), BENCH_PROFILE=1 (CPU-profile one cold
 * render of each kind at the largest count and print where the time goes).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { DesiredResource, PlanInput, PriorInstance } from '../src/plan/inputs.js';
import type { Plan } from '../src/plan/types.js';
import type { RenderOptions } from '../src/render/human-plan.js';
import type { ResourceType } from '../src/provider/resource.js';
import { knownPart, type Value, type Values } from '../src/values.js';
import { summarizeProfile, type ProfileSummary } from './support/cpu-profile.js';
import { positiveEnv } from './support/env.js';
import { keySpecs, ORG, type KeySpec } from './support/workload.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
/** This build's dist/ folder. */
const ownDist = fileURLToPath(new URL('../', import.meta.url));
const TYPE = 'cycloid_organization_api_key';

export type Workload = 'create' | 'update' | 'replace';
const WORKLOADS: readonly Workload[] = ['create', 'update', 'replace'];

/** One build of keyform: its planner and its renderer (a plan is rendered by the build that made it). */
interface Build {
  plan(input: PlanInput): Plan;
  apiKeyResource: ResourceType;
  renderPlanChunks(plan: Plan, opts: RenderOptions): Iterable<string>;
}

async function loadBuild(dist: string): Promise<Build> {
  const url = (p: string) => pathToFileURL(join(dist, p)).href;
  const [planner, resource, human] = await Promise.all([
    import(url('src/plan/plan.js')) as Promise<{ plan: Build['plan'] }>,
    import(url('src/provider/cycloid/api-key-resource.js')) as Promise<{ apiKeyResource: ResourceType }>,
    import(url('src/render/human-plan.js')) as Promise<{ renderPlanChunks: Build['renderPlanChunks'] }>,
  ]);
  return { plan: planner.plan, apiKeyResource: resource.apiKeyResource, renderPlanChunks: human.renderPlanChunks };
}

function desired(spec: KeySpec, body: Values): DesiredResource {
  return {
    address: `${TYPE}.${spec.name}`,
    type: TYPE,
    name: spec.name,
    dependsOn: [],
    lifecycle: { preventDestroy: false, createBeforeDestroy: false, ignoreChanges: [] },
    evaluate: () => ({ values: body, diagnostics: [] }),
  };
}

function stored(spec: KeySpec, i: number): PriorInstance {
  const body = spec.body as unknown as Values;
  const values: Values = { id: i + 1, organization_canonical: ORG, owner: 'admin', ...body, token: `tok-${spec.name}`, last_seven: 'abcdefg' };
  return { address: `${TYPE}.${spec.name}`, type: TYPE, name: spec.name, values, dependencies: [] };
}

/** The configuration of a key in each workload: as in state (create: no state), a new description, wider rules. */
function configOf(workload: Workload, spec: KeySpec): Values {
  const body = spec.body as unknown as Values;
  if (workload === 'update') return { ...body, description: `${spec.body.description}, now updated` };
  if (workload === 'replace') return { ...body, rules: [...(body['rules'] as Value[]), { action: 'organization:member:read', effect: 'allow', resources: [] }] };
  return body;
}

/** The plan of `keys` keys for a workload, made by the build's own planner. */
export function buildPlan(build: Build, workload: Workload, keys: number): Plan {
  const specs = keySpecs(keys);
  const prior = workload === 'create' ? [] : specs.map(stored);
  const refreshed = new Map(prior.map((p) => {
    const { token: _token, ...remote } = p.values;
    return [`${ORG}/${String(p.values['canonical'])}`, remote];
  }));
  const plan = build.plan({
    mode: 'normal',
    keyformVersion: '0.0.0-bench',
    configHash: 'bench',
    lineage: 'bench',
    serial: 1,
    resources: specs.map((s) => desired(s, configOf(workload, s))),
    outputs: [],
    prior,
    priorOutputs: {},
    refreshed: workload === 'create' ? undefined : refreshed,
    resourceTypes: new Map([[TYPE, build.apiKeyResource]]),
    provider: { apiUrl: 'http://127.0.0.1:1', apiKey: 'bench', defaultOrganization: ORG, insecure: false },
    targets: [],
    replace: [],
  });
  const wanted = workload === 'create' ? 'create' : workload === 'update' ? 'update' : 'delete-then-create';
  if (plan.changes.length !== keys || plan.changes.some((c) => c.action !== wanted)) throw new Error(`the ${workload} plan of ${keys} keys does not hold ${keys} ${wanted} changes`);
  return plan;
}

/** Renders as the CLI does (piece by piece; the pieces' lengths summed so nothing is optimised away). */
function render(build: Build, plan: Plan, color: boolean): number {
  let chars = 0;
  for (const piece of build.renderPlanChunks(plan, { color, width: 100 })) chars += piece.length;
  return chars;
}

const renderText = (build: Build, plan: Plan, color: boolean): string => [...build.renderPlanChunks(plan, { color, width: 100 })].join('');

interface Sample {
  wallMs: number;
  /** User + system CPU of the process (all its threads: the GC's helpers too). */
  cpuMs: number;
}

function timed(fn: () => unknown): Sample {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  fn();
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return { wallMs, cpuMs: (cpu.user + cpu.system) / 1000 };
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

const round = (ms: number): number => Math.round(ms * 10) / 10;

export interface Figure {
  workload: Workload;
  keys: number;
  color: boolean;
  /** Median ms per render; `best` the fastest run's CPU (the machine may be shared). */
  warm: { cpu: number; wall: number; best: number };
  cold: { cpu: number; wall: number; best: number };
  chars: number;
}

export interface RenderFigures {
  runs: number;
  coldRuns: number;
  builds: { name: string; dist: string; figures: Figure[] }[];
  /** JSON.stringify(…, null, 2) of the same plans' changes, warm median CPU ms, by workload and count. */
  floor: { workload: Workload; keys: number; cpu: number }[];
  /** Whether the baseline build writes the same text as this one for every plan (absent without a baseline). */
  identical?: boolean;
  profiles?: Record<string, ProfileSummary>;
}

/** The child's side of a cold figure: build the plan, then render it once, and print the measure as JSON. */
async function coldChild(dist: string, workload: Workload, keys: number, color: boolean): Promise<void> {
  const build = await loadBuild(dist);
  const plan = buildPlan(build, workload, keys);
  let chars = 0;
  const sample = timed(() => (chars = render(build, plan, color)));
  process.stdout.write(JSON.stringify({ ...sample, chars }));
}

function coldRun(dist: string, workload: Workload, keys: number, color: boolean, profileDir?: string): Sample & { chars: number } {
  const args = [...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []), fileURLToPath(import.meta.url), '--cold', dist, workload, String(keys), color ? 'color' : 'plain'];
  const child = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (child.status !== 0) throw new Error(`cold render failed (${child.status}): ${child.stderr}`);
  return JSON.parse(child.stdout) as Sample & { chars: number };
}

async function main(): Promise<void> {
  const keyCounts = (process.env['BENCH_KEYS'] ?? '1000,10000').split(',').map((s) => Number(s.trim()));
  if (keyCounts.some((n) => !Number.isInteger(n) || n < 1)) throw new Error(`BENCH_KEYS must be positive integers separated by commas, got '${process.env['BENCH_KEYS']}'`);
  const runs = positiveEnv('BENCH_RUNS', 9);
  const coldRuns = positiveEnv('BENCH_COLD_RUNS', 5);
  const baseline = process.env['RENDER_BASELINE_DIST'];
  const dists = [{ name: 'this build', dist: ownDist }, ...(baseline ? [{ name: 'baseline', dist: resolve(baseline) }] : [])];
  const builds = await Promise.all(dists.map((d) => loadBuild(d.dist)));
  const figures: RenderFigures = { runs, coldRuns, builds: dists.map((d) => ({ ...d, figures: [] })), floor: [] };
  let identical = true;

  for (const keys of keyCounts) {
    for (const workload of WORKLOADS) {
      const plans = builds.map((b) => buildPlan(b, workload, keys));
      const known = plans[0]!.changes.map((c) => ({ ...c, before: c.before && knownPart(c.before), after: c.after && knownPart(c.after) }));
      const floorRuns: number[] = [];
      for (let r = 0; r < runs; r++) floorRuns.push(timed(() => JSON.stringify(known, null, 2)).cpuMs);
      figures.floor.push({ workload, keys, cpu: round(median(floorRuns)) });
      for (const color of [false, true]) {
        if (builds.length > 1) {
          const texts = builds.map((b, i) => renderText(b, plans[i]!, color));
          if (texts.some((t) => t !== texts[0])) {
            identical = false;
            process.stderr.write(`render: ${workload} × ${keys}${color ? ', colour' : ''}: the builds write different text\n`);
          }
        }
        // Warm: one untimed render each, then the builds' renders alternate.
        const chars = builds.map((b, i) => render(b, plans[i]!, color));
        const warm: Sample[][] = builds.map(() => []);
        for (let r = 0; r < runs; r++) builds.forEach((b, i) => warm[i]!.push(timed(() => render(b, plans[i]!, color))));
        const cold: Sample[][] = builds.map(() => []);
        for (let r = 0; r < coldRuns; r++) dists.forEach((d, i) => cold[i]!.push(coldRun(d.dist, workload, keys, color)));
        builds.forEach((_, i) => {
          const w = warm[i]!;
          const c = cold[i]!;
          figures.builds[i]!.figures.push({
            workload,
            keys,
            color,
            warm: { cpu: round(median(w.map((s) => s.cpuMs))), wall: round(median(w.map((s) => s.wallMs))), best: round(Math.min(...w.map((s) => s.cpuMs))) },
            cold: { cpu: round(median(c.map((s) => s.cpuMs))), wall: round(median(c.map((s) => s.wallMs))), best: round(Math.min(...c.map((s) => s.cpuMs))) },
            chars: chars[i]!,
          });
        });
      }
    }
  }
  if (builds.length > 1) figures.identical = identical;

  if (process.env['BENCH_PROFILE'] === '1') {
    figures.profiles = {};
    const keys = Math.max(...keyCounts);
    for (const workload of WORKLOADS) {
      const dir = mkdtempSync(join(tmpdir(), 'keyform-render-prof-'));
      try {
        coldRun(ownDist, workload, keys, true, dir);
        const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'))!;
        figures.profiles[`${workload} × ${keys}, colour`] = summarizeProfile(join(dir, file), root, 15);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
  }

  report(figures);
  mkdirSync(join(root, 'bench', 'results'), { recursive: true });
  writeFileSync(join(root, 'bench', 'results', 'render.json'), `${JSON.stringify(figures, null, 2)}\n`);
}

function report(f: RenderFigures): void {
  const out: string[] = [`Human plan rendering, CPU ms per render (median of ${f.runs} warm renders; cold: one render in each of ${f.coldRuns} fresh processes)`];
  out.push('');
  out.push(`${'build'.padEnd(12)} ${'plan'.padEnd(16)} ${'colour'.padEnd(7)} ${'warm cpu'.padStart(9)} ${'(best)'.padStart(8)} ${'cold cpu'.padStart(9)} ${'(best)'.padStart(8)} ${'cold wall'.padStart(10)} ${'MB'.padStart(6)}`);
  for (const b of f.builds) {
    for (const x of b.figures) {
      out.push(
        `${b.name.padEnd(12)} ${`${x.keys} × ${x.workload}`.padEnd(16)} ${(x.color ? 'yes' : 'no').padEnd(7)} ${String(x.warm.cpu).padStart(9)} ${String(x.warm.best).padStart(8)} ${String(x.cold.cpu).padStart(9)} ${String(x.cold.best).padStart(8)} ${String(x.cold.wall).padStart(10)} ${(x.chars / 1e6).toFixed(1).padStart(6)}`,
      );
    }
  }
  out.push('');
  out.push('Floor, JSON.stringify(changes, null, 2), warm CPU ms: ' + f.floor.map((x) => `${x.keys} × ${x.workload} ${x.cpu}`).join(', '));
  if (f.builds.length > 1) {
    out.push('');
    out.push('This build against the baseline (CPU, median):');
    const [own, base] = [f.builds[0]!, f.builds[1]!];
    own.figures.forEach((x, i) => {
      const y = base.figures[i]!;
      out.push(`  ${`${x.keys} × ${x.workload}${x.color ? ', colour' : ''}`.padEnd(26)} warm ${y.warm.cpu} → ${x.warm.cpu} ms (×${(x.warm.cpu / y.warm.cpu).toFixed(2)}), cold ${y.cold.cpu} → ${x.cold.cpu} ms (×${(x.cold.cpu / y.cold.cpu).toFixed(2)})`);
    });
    out.push(`  same text from both builds: ${f.identical ? 'yes' : 'NO'}`);
  }
  for (const [name, p] of Object.entries(f.profiles ?? {})) {
    out.push('', `Cold render profile, ${name} (self time, of ${Math.round(p.wallMs)} ms of process wall time):`);
    for (const h of p.selfByFunction) out.push(`  ${h.ms.toFixed(1).padStart(7)} ms  ${h.where}`);
  }
  process.stdout.write(`${out.join('\n')}\n`);
}

// Run as a script (not imported for buildPlan): the cold child, or the benchmark.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv[2] === '--cold') {
    const [, , , dist, workload, keys, color] = process.argv;
    await coldChild(dist!, workload as Workload, Number(keys), color === 'color');
  } else {
    await main();
  }
}
