/**
 * npm run bench — the engine's performance, each figure beside baselines measured in the same run:
 *
 * 1. `keyform plan --detailed-exitcode` with no changes, for 1,000 and 10,000 managed keys (wall time, median of
 *    3, and the child's peak RSS), beside (a) a bare undici loop listing every key with page_size=1000 and
 *    (b) `terraform plan` of as many `terraform_data` resources, already applied.
 * 2. `keyform apply --auto-approve` of 1,000 creates (default parallelism 10) on a fresh state and emulator,
 *    beside (a) a bare undici loop POSTing the same bodies at concurrency 10 to another fresh emulator, run as a
 *    Node.js process of its own and timed like keyform, from spawn to exit — the target's baseline — and
 *    (b) `terraform apply -parallelism=10` of 1,000 terraform_data resources. As extra information, the same bare
 *    loop inside this process: no process start, and its code already compiled by the JIT after the first run.
 * 3. Configuration loading (bench/config-load.ts): 10,000 keys as HCL and as JSON loaded, validated and every
 *    instance evaluated (openConfig), warm and in fresh processes, beside JSON.parse of the same bytes and
 *    @cdktf/hcl2json's parse of the same HCL. Run first, in this process and its own children, before any emulator.
 * 4. The issues' targets, reported as pass/fail lines (not assertions).
 *
 * keyform, the emulators, terraform and the bare POST loop each run as child processes (their own CPU); the bare
 * list loop, and the in-process copy of the POST loop, run here.
 * Prints a markdown table and writes the raw figures to bench/results/engine.json.
 *
 * Environment: BENCH_QUICK=1 (200/1,000 keys, apply of 200, configuration loading of 2,000), BENCH_RUNS (default 3), BENCH_TF_RUNS (terraform
 * runs per figure; default 3 up to 2,000 resources, else 1), BENCH_PROFILE=1 (CPU-profile the largest plan even
 * when on target), BENCH_MAX_SECONDS (hard bound of the whole run, default 660), BENCH_RSS=preload (measure RSS
 * with the preload module instead of GNU time), BENCH_TERRAFORM (the terraform binary, or `off` to skip it).
 */
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { benchConfigLoad, coldTarget, formatFigures, type ConfigLoadFigures } from './config-load.js';
import { barePosts, bareList, type BareResult } from './support/bare.js';
import { positiveEnv } from './support/env.js';
import { summarizeProfile, type ProfileSummary } from './support/cpu-profile.js';
import { killAll, rssMethod, runExpect, startEmulator, type Emulator, type RunResult } from './support/processes.js';
import { findTerraform, resetTerraformState, synthesizeState, terraformApply, terraformInit, terraformPlan, type Terraform } from './support/terraform.js';
import { keySpecs, ORG, writeKeyformConfig, writeTerraformConfig } from './support/workload.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const keyformBin = join(root, 'bin', 'keyform');
const bareProcessScript = fileURLToPath(new URL('./support/bare-process.js', import.meta.url));

const QUICK = process.env['BENCH_QUICK'] === '1';
const PLAN_SIZES = QUICK ? [200, 1000] : [1000, 10_000];
const APPLY_SIZE = QUICK ? 200 : 1000;
const RUNS = positiveEnv('BENCH_RUNS', 3);
const TF_RUNS = process.env['BENCH_TF_RUNS'] ? positiveEnv('BENCH_TF_RUNS', 1) : undefined;
// terraform apply grows quadratically (about 45 s for 1,000 resources here) and terraform plan of 10,000 takes about a
// minute: one run of those keeps the whole benchmark within ~6 minutes.
const tfRuns = (what: 'plan' | 'apply', resources: number) => TF_RUNS ?? (resources <= (what === 'plan' ? 2000 : 500) ? RUNS : 1);
const MAX_SECONDS = positiveEnv('BENCH_MAX_SECONDS', 660);
const CONFIG_KEYS = QUICK ? 2000 : 10_000;
const SETUP_PARALLELISM = 32;
const APPLY_PARALLELISM = 10;
const PLAN_TARGET_MS = 1500;
const APPLY_TARGET_RATIO = 1.5;
const RSS_TARGET_MB = 300;

// ---------------------------------------------------------------------------------------------------------------
// Cleanup: every child is killed and the temporary folder removed however the run ends.

const tmp = mkdtempSync(join(tmpdir(), 'keyform-bench-engine-'));
const emulators = new Set<Emulator>();
let cleaned = false;
function cleanupSync(): void {
  if (cleaned) return;
  cleaned = true;
  killAll();
  rmSync(tmp, { recursive: true, force: true });
}
process.on('exit', cleanupSync);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    process.stderr.write(`\nbench: ${signal}: stopping the children and removing ${tmp}\n`);
    cleanupSync();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  });
}
const watchdog = setTimeout(() => {
  process.stderr.write(`bench: still running after ${MAX_SECONDS} s (BENCH_MAX_SECONDS): stopping everything\n`);
  cleanupSync();
  process.exit(1);
}, MAX_SECONDS * 1000);

async function withEmulator<T>(dataDir: string, body: (emu: Emulator) => Promise<T>): Promise<T> {
  const emu = await startEmulator(root, dataDir);
  emulators.add(emu);
  try {
    return await body(emu);
  } finally {
    emulators.delete(emu);
    await emu.stop();
  }
}

function withTimeout<T>(what: string, ms: number, p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms / 1000} s`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

// ---------------------------------------------------------------------------------------------------------------
// Figures.

interface Run {
  wallMs: number;
  peakRssKb?: number;
}

interface Measured {
  runs: Run[];
  medianWallMs: number;
  /** The highest peak RSS over the runs. */
  peakRssKb?: number;
}

interface BareMeasured {
  runs: number[];
  medianWallMs: number;
  calls: number;
  items: number;
}

type TerraformFigure = (Measured & { resources: number; state?: string; parallelism?: number }) | { unavailable: string };

interface PlanFigure {
  keys: number;
  setupApply?: Run & { parallelism: number };
  keyform?: Measured;
  bare?: BareMeasured;
  terraform?: TerraformFigure;
  profile?: ProfileSummary & { file: string };
  errors: string[];
}

interface ApplyFigure {
  keys: number;
  parallelism: number;
  keyform?: Measured;
  /**
   * The bare POST loop as a Node.js process of its own, timed from spawn to exit: the target's baseline. A command
   * a user runs is a process; the least work that gets the same keys created from a standing start is a process
   * that makes the same calls and nothing else.
   */
  bareProcess?: Measured;
  /** The same loop inside the benchmark process (extra information): no process start, JIT warm after run 1. */
  bare?: BareMeasured & { concurrency: number };
  terraform?: TerraformFigure;
  profile?: ProfileSummary & { file: string };
  errors: string[];
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

function measured(runs: Run[]): Measured {
  const rss = runs.map((r) => r.peakRssKb).filter((x): x is number => x !== undefined);
  return { runs, medianWallMs: median(runs.map((r) => r.wallMs)), ...(rss.length > 0 ? { peakRssKb: Math.max(...rss) } : {}) };
}

function bareMeasured(results: BareResult[]): BareMeasured {
  return { runs: results.map((r) => r.wallMs), medianWallMs: median(results.map((r) => r.wallMs)), calls: results[0]!.calls, items: results[0]!.items };
}

const asRun = (r: RunResult): Run => ({ wallMs: r.wallMs, ...(r.peakRssKb !== undefined ? { peakRssKb: r.peakRssKb } : {}) });
const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

// ---------------------------------------------------------------------------------------------------------------
// keyform as a child process.

const encryptionKey = randomBytes(32).toString('base64');

function keyformEnv(emu: Emulator): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, CY_API_URL: emu.url, CY_API_KEY: emu.token, CY_ORG: ORG, KEYFORM_ENCRYPTION_KEY: encryptionKey, NO_COLOR: '1' };
  delete env['NODE_OPTIONS'];
  return env;
}

function keyform(emu: Emulator, args: string[], o: { timeoutMs: number; logPrefix: string; nodeFlags?: string[]; expect?: number }): Promise<RunResult> {
  return runExpect(
    { argv: [process.execPath, ...(o.nodeFlags ?? []), keyformBin, ...args], node: true, cwd: root, env: keyformEnv(emu), timeoutMs: o.timeoutMs, logPrefix: o.logPrefix },
    o.expect ?? 0,
  );
}

/** One more run of keyform under `node --cpu-prof`; the profile is kept in bench/results/NAME.cpuprofile. */
async function profileKeyform(emu: Emulator, args: string[], work: string, name: string): Promise<ProfileSummary & { file: string }> {
  const profDir = join(work, 'cpu-profile');
  await keyform(emu, args, { timeoutMs: 180_000, logPrefix: `${work}-run`, nodeFlags: ['--cpu-prof', '--cpu-prof-dir', profDir] });
  const file = readdirSync(profDir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) throw new Error('node --cpu-prof wrote no profile');
  const resultsDir = join(root, 'bench', 'results');
  mkdirSync(resultsDir, { recursive: true });
  const kept = join(resultsDir, `${name}.cpuprofile`);
  copyFileSync(join(profDir, file), kept);
  return { ...summarizeProfile(kept, root, 15), file: kept.slice(root.length) };
}

// ---------------------------------------------------------------------------------------------------------------
// 2. Apply of N creates (run first: its terraform apply leaves the applied state the plan of N keys reuses).

async function benchApply(tf: Terraform | { unavailable: string }, terraformDirs: Map<number, string>): Promise<ApplyFigure> {
  const n = APPLY_SIZE;
  const specs = keySpecs(n);
  const fig: ApplyFigure = { keys: n, parallelism: APPLY_PARALLELISM, errors: [] };
  const base = join(tmp, `apply-${n}`);
  mkdirSync(base, { recursive: true });
  try {
    const keyformRuns: Run[] = [];
    const bareRuns: BareResult[] = [];
    const bareProcessRuns: Run[] = [];
    for (let r = 1; r <= RUNS; r++) {
      const runDir = join(base, `run-${r}`);
      const config = join(runDir, 'config');
      writeKeyformConfig(config, specs);
      progress(`apply: keyform apply of ${n} creates, run ${r}/${RUNS}`);
      await withEmulator(join(runDir, 'emulator-keyform'), async (emu) => {
        const res = await keyform(emu, ['apply', '--auto-approve', '--chdir', config], { timeoutMs: 180_000, logPrefix: join(runDir, 'keyform-apply') });
        keyformRuns.push(asRun(res));
      });
      progress(`apply: bare undici loop of ${n} POSTs, run ${r}/${RUNS}`);
      await withEmulator(join(runDir, 'emulator-bare'), async (emu) => {
        const res = await withTimeout('the bare POST loop', 120_000, barePosts(emu.url, emu.token, ORG, specs, APPLY_PARALLELISM));
        if (res.calls !== n) throw new Error(`the bare POST loop made ${res.calls} calls, not ${n}`);
        bareRuns.push(res);
      });
      progress(`apply: the same bare loop as a process of its own, run ${r}/${RUNS}`);
      await withEmulator(join(runDir, 'emulator-bare-process'), async (emu) => {
        const env: NodeJS.ProcessEnv = { ...process.env, BENCH_BARE_TOKEN: emu.token };
        delete env['NODE_OPTIONS'];
        const argv = [process.execPath, bareProcessScript, emu.url, ORG, String(n), String(APPLY_PARALLELISM)];
        bareProcessRuns.push(asRun(await runExpect({ argv, node: true, cwd: root, env, timeoutMs: 120_000, logPrefix: join(runDir, 'bare-process') })));
      });
      rmSync(runDir, { recursive: true, force: true });
    }
    fig.keyform = measured(keyformRuns);
    fig.bare = { ...bareMeasured(bareRuns), concurrency: APPLY_PARALLELISM };
    fig.bareProcess = measured(bareProcessRuns);
    if (process.env['BENCH_PROFILE'] === '1' || fig.keyform.medianWallMs > APPLY_TARGET_RATIO * fig.bareProcess.medianWallMs) {
      progress(`apply: CPU profile of one more keyform apply of ${n} creates (node --cpu-prof)`);
      const runDir = join(base, 'profiled');
      const config = join(runDir, 'config');
      writeKeyformConfig(config, specs);
      fig.profile = await withEmulator(join(runDir, 'emulator'), (emu) => profileKeyform(emu, ['apply', '--auto-approve', '--chdir', config], join(runDir, 'apply'), `apply-${n}`));
      rmSync(runDir, { recursive: true, force: true });
    }
  } catch (e) {
    fig.errors.push(errorText(e));
  }

  if ('unavailable' in tf) {
    fig.terraform = { unavailable: tf.unavailable };
    return fig;
  }
  try {
    const dir = join(base, 'terraform');
    writeTerraformConfig(dir, specs);
    const init = await terraformInit(tf, dir);
    if (!init.ok) {
      fig.terraform = { unavailable: init.reason };
      return fig;
    }
    const runs: Run[] = [];
    const count = tfRuns('apply', n);
    for (let r = 1; r <= count; r++) {
      progress(`apply: terraform apply of ${n} terraform_data resources, run ${r}/${count}`);
      resetTerraformState(dir);
      runs.push(asRun(await terraformApply(tf, dir, APPLY_PARALLELISM, 240_000, join(base, `terraform-apply-${r}`))));
    }
    fig.terraform = { ...measured(runs), resources: n, parallelism: APPLY_PARALLELISM };
    terraformDirs.set(n, dir);
  } catch (e) {
    fig.terraform = { unavailable: `terraform apply failed: ${errorText(e)}` };
  }
  return fig;
}

// ---------------------------------------------------------------------------------------------------------------
// 1. Plan with no changes, N keys.

async function benchPlan(n: number, profileIt: (fig: PlanFigure) => boolean, tf: Terraform | { unavailable: string }, terraformDirs: Map<number, string>): Promise<PlanFigure> {
  const specs = keySpecs(n);
  const fig: PlanFigure = { keys: n, errors: [] };
  const base = join(tmp, `plan-${n}`);
  const config = join(base, 'config');
  writeKeyformConfig(config, specs);
  try {
    await withEmulator(join(base, 'emulator'), async (emu) => {
      progress(`plan ${n}: creating the keys and the state (keyform apply --parallelism ${SETUP_PARALLELISM})`);
      const setup = await keyform(emu, ['apply', '--auto-approve', '--parallelism', String(SETUP_PARALLELISM), '--chdir', config], {
        timeoutMs: 300_000,
        logPrefix: join(base, 'setup-apply'),
      });
      fig.setupApply = { ...asRun(setup), parallelism: SETUP_PARALLELISM };
      const keyformRuns: Run[] = [];
      const bareRuns: BareResult[] = [];
      // Alternated, so that a slow moment of the machine does not land on one side only.
      for (let r = 1; r <= RUNS; r++) {
        progress(`plan ${n}: keyform plan, run ${r}/${RUNS}; bare list loop`);
        const res = await keyform(emu, ['plan', '--detailed-exitcode', '--chdir', config], { timeoutMs: 120_000, logPrefix: join(base, `plan-${r}`) });
        keyformRuns.push(asRun(res));
        const bare = await withTimeout('the bare list loop', 60_000, bareList(emu.url, emu.token, ORG));
        if (bare.items < n) throw new Error(`the bare list loop read ${bare.items} keys, fewer than the ${n} managed`);
        bareRuns.push(bare);
      }
      fig.keyform = measured(keyformRuns);
      fig.bare = bareMeasured(bareRuns);
      if (profileIt(fig)) {
        progress(`plan ${n}: CPU profile of one more keyform plan (node --cpu-prof)`);
        fig.profile = await profileKeyform(emu, ['plan', '--detailed-exitcode', '--chdir', config], join(base, 'profiled'), `plan-${n}`);
      }
    });
  } catch (e) {
    fig.errors.push(errorText(e));
  }

  if ('unavailable' in tf) {
    fig.terraform = { unavailable: tf.unavailable };
  } else {
    try {
      let dir = terraformDirs.get(n);
      let state = 'applied by the timed terraform apply above';
      if (!dir) {
        dir = join(base, 'terraform');
        writeTerraformConfig(dir, specs);
        const init = await terraformInit(tf, dir);
        if (!init.ok) throw Object.assign(new Error(init.reason), { unavailable: true });
        progress(`plan ${n}: writing the terraform state of ${n} terraform_data resources`);
        await synthesizeState(tf, dir, join(base, 'terraform-template'), specs, 60_000);
        state = 'written from a real apply of 2 resources (terraform apply of 10,000 would take far longer than the run allows)';
      }
      const runs: Run[] = [];
      const count = tfRuns('plan', n);
      for (let r = 1; r <= count; r++) {
        progress(`plan ${n}: terraform plan, run ${r}/${count}`);
        runs.push(asRun(await terraformPlan(tf, dir, 180_000, join(base, `terraform-plan-${r}`))));
      }
      fig.terraform = { ...measured(runs), resources: n, state };
    } catch (e) {
      fig.terraform = { unavailable: errorText(e) };
    }
  }
  rmSync(base, { recursive: true, force: true });
  return fig;
}

// ---------------------------------------------------------------------------------------------------------------
// Context: what any child process costs before it does anything.

async function processStart(): Promise<{ nodeMs: number; keyformVersionMs: number }> {
  const node: number[] = [];
  const kf: number[] = [];
  const env = { ...process.env };
  delete env['NODE_OPTIONS'];
  for (let r = 0; r < RUNS; r++) {
    node.push((await runExpect({ argv: [process.execPath, '-e', ''], node: true, cwd: root, env, timeoutMs: 30_000, logPrefix: join(tmp, 'node-start') })).wallMs);
    kf.push((await runExpect({ argv: [process.execPath, keyformBin, '--version'], node: true, cwd: root, env, timeoutMs: 30_000, logPrefix: join(tmp, 'keyform-version') })).wallMs);
  }
  return { nodeMs: median(node), keyformVersionMs: median(kf) };
}

// ---------------------------------------------------------------------------------------------------------------
// Report.

const started = performance.now();
function progress(message: string): void {
  process.stderr.write(`[${((performance.now() - started) / 1000).toFixed(0).padStart(3)} s] ${message}\n`);
}

const seconds = (ms: number) => (ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : ms >= 10 ? `${Math.round(ms)} ms` : `${ms.toFixed(1)} ms`);
const mb = (kb: number | undefined) => (kb === undefined ? 'n/a' : `${Math.round((kb * 1024) / 1e6)} MB`);
const thousands = (n: number) => n.toLocaleString('en-US');

function terraformCell(t: TerraformFigure | undefined): string {
  if (!t) return '—';
  if ('unavailable' in t) return `unavailable (${t.unavailable.split('\n')[0]!.slice(0, 120)})`;
  return `${seconds(t.medianWallMs)}${t.runs.length === 1 ? ' (1 run)' : ''}, ${mb(t.peakRssKb)}`;
}

function row(operation: string, k: Measured | undefined, b: { medianWallMs: number; note?: string } | undefined, t: TerraformFigure | undefined, errors: string[]): string {
  const kf = k ? seconds(k.medianWallMs) : `error`;
  const bare = b ? `${seconds(b.medianWallMs)}${b.note ? ` ${b.note}` : ''}` : errors.length ? 'error' : '—';
  const ratio = k && b ? `${(k.medianWallMs / b.medianWallMs).toFixed(1)}×` : '—';
  return `| ${operation} | ${kf} | ${bare} | ${ratio} | ${terraformCell(t)} | ${mb(k?.peakRssKb)} |`;
}

async function main(): Promise<void> {
  // CPU profiles of an earlier run would be mistaken for this one's.
  const resultsDir = join(root, 'bench', 'results');
  mkdirSync(resultsDir, { recursive: true });
  for (const f of readdirSync(resultsDir)) if (/^(plan|apply)-\d+\.cpuprofile$/.test(f)) rmSync(join(resultsDir, f));
  const tf = findTerraform(tmp);
  const terraformDirs = new Map<number, string>();
  progress(`engine benchmark${QUICK ? ' (quick)' : ''}: plan of ${PLAN_SIZES.map(thousands).join(' and ')} keys, apply of ${thousands(APPLY_SIZE)}; ${RUNS} runs each; RSS by ${rssMethod()}; terraform ${'unavailable' in tf ? `unavailable: ${tf.unavailable}` : tf.version}; temp ${tmp}`);

  progress(`configuration loading: ${thousands(CONFIG_KEYS)} keys as HCL (1 and 100 files) and JSON, warm and in fresh processes, beside JSON.parse and hcl2json`);
  let config: ConfigLoadFigures | undefined;
  const configErrors: string[] = [];
  try {
    config = await benchConfigLoad(QUICK ? { keys: CONFIG_KEYS, runs: 3, peerRuns: 1, coldRuns: 3 } : { keys: CONFIG_KEYS, runs: 5, peerRuns: 3, coldRuns: 5 });
  } catch (e) {
    configErrors.push(errorText(e));
  }
  const start = await processStart();
  const apply = await benchApply(tf, terraformDirs);
  const largest = Math.max(...PLAN_SIZES);
  const plans: PlanFigure[] = [];
  for (const n of PLAN_SIZES) {
    plans.push(
      await benchPlan(n, (fig) => n === largest && (process.env['BENCH_PROFILE'] === '1' || (fig.keyform?.medianWallMs ?? 0) > PLAN_TARGET_MS), tf, terraformDirs),
    );
  }
  const totalSeconds = (performance.now() - started) / 1000;

  // Targets (reported, not asserted).
  const biggest = plans.find((p) => p.keys === largest);
  const atTarget = largest === 10_000 ? '' : ` (quick mode: measured at ${thousands(largest)} keys, the target is for 10,000)`;
  const targets: Array<{ target: string; pass: boolean | null; measured: string }> = [];
  const planMs = biggest?.keyform?.medianWallMs;
  targets.push({
    target: `plan of 10,000 unchanged keys ≤ ${PLAN_TARGET_MS / 1000} s wall`,
    pass: planMs === undefined ? null : planMs <= PLAN_TARGET_MS,
    measured: planMs === undefined ? 'not measured' : `${seconds(planMs)} (median of ${RUNS})${atTarget}`,
  });
  const ratio = apply.keyform && apply.bareProcess ? apply.keyform.medianWallMs / apply.bareProcess.medianWallMs : undefined;
  targets.push({
    target: `apply of 1,000 creates ≤ ${APPLY_TARGET_RATIO}× the bare loop (its own process, timed like keyform)`,
    pass: ratio === undefined ? null : ratio <= APPLY_TARGET_RATIO,
    measured:
      ratio === undefined
        ? 'not measured'
        : `${ratio.toFixed(2)}× (${seconds(apply.keyform!.medianWallMs)} vs ${seconds(apply.bareProcess!.medianWallMs)})${APPLY_SIZE === 1000 ? '' : ` (quick mode: ${thousands(APPLY_SIZE)} creates)`}` +
          (apply.bare ? `; ${(apply.keyform!.medianWallMs / apply.bare.medianWallMs).toFixed(2)}× the same loop inside the benchmark process (${seconds(apply.bare.medianWallMs)})` : ''),
  });
  const rssTarget = (what: string, kb: number | undefined) =>
    targets.push({
      target: `peak memory ≤ ${RSS_TARGET_MB} MB at 10,000 keys: ${what}`,
      pass: kb === undefined ? null : (kb * 1024) / 1e6 <= RSS_TARGET_MB,
      measured: `${mb(kb)}${atTarget}`,
    });
  rssTarget('plan, no changes', biggest?.keyform?.peakRssKb);
  rssTarget(`apply of ${thousands(largest)} creates (the setup, --parallelism ${SETUP_PARALLELISM})`, biggest?.setupApply?.peakRssKb);
  targets.push(config ? coldTarget(config) : { target: 'load + evaluate 10,000 keys (openConfig), HCL and JSON, cold < 1 s', pass: null, measured: 'not measured' });

  const lines = [
    `keyform engine benchmark${QUICK ? ' (BENCH_QUICK)' : ''}: emulator and keyform as child processes on 127.0.0.1, ${cpus().length} cores, Node.js ${process.version}; median of ${RUNS} run${RUNS === 1 ? '' : 's'} (terraform: see cells); peak RSS of the keyform child (highest of the runs)`,
    '',
    '| operation | keyform | bare undici loop | ratio | terraform (terraform_data) | peak RSS |',
    '|---|---|---|---|---|---|',
    ...plans.map((p) =>
      row(`plan, no changes, ${thousands(p.keys)} keys`, p.keyform, p.bare ? { ...p.bare, note: `(${p.bare.calls} list call${p.bare.calls === 1 ? '' : 's'})` } : undefined, p.terraform, p.errors),
    ),
    row(
      `apply, ${thousands(apply.keys)} creates (parallelism ${apply.parallelism})`,
      apply.keyform,
      apply.bareProcess ? { medianWallMs: apply.bareProcess.medianWallMs, note: `(${thousands(apply.keys)} POSTs, ${apply.parallelism} at once; its own process)` } : undefined,
      apply.terraform,
      apply.errors,
    ),
    '',
    ...targets.map((t) => `- ${t.pass === null ? 'NOT MEASURED' : t.pass ? 'PASS' : 'FAIL'}: ${t.target} — ${t.measured}`),
    '',
    `Setup (not in the table): ${plans.filter((p) => p.setupApply).map((p) => `keyform apply of ${thousands(p.keys)} creates at --parallelism ${SETUP_PARALLELISM}: ${seconds(p.setupApply!.wallMs)}, ${mb(p.setupApply!.peakRssKb)}`).join('; ') || 'n/a'}.`,
    `A process start costs: node -e '' ${seconds(start.nodeMs)}; keyform --version ${seconds(start.keyformVersionMs)}. The bare list loop runs inside the benchmark process (no process start); the bare POST loop runs as a process of its own, like keyform.`,
    ...(apply.bare && apply.keyform
      ? [
          `Extra baseline (not the target's): the bare POST loop inside the benchmark process — no process start, no module loading, its code compiled by the JIT in earlier runs: ${seconds(apply.bare.medianWallMs)} (median of ${apply.bare.runs.length}); keyform's apply is ${(apply.keyform.medianWallMs / apply.bare.medianWallMs).toFixed(2)}× that.`,
        ]
      : []),
    ...plans.filter((p) => p.terraform && !('unavailable' in p.terraform) && p.terraform.state).map((p) => `Terraform state for the plan of ${thousands(p.keys)}: ${(p.terraform as { state: string }).state}.`),
  ];
  if (config) lines.push('', formatFigures(config));
  const profiles = [
    ...plans.filter((p) => p.profile).map((p) => ({ title: `keyform plan, no changes, ${thousands(p.keys)} keys`, profile: p.profile! })),
    ...(apply.profile ? [{ title: `keyform apply, ${thousands(apply.keys)} creates`, profile: apply.profile }] : []),
  ];
  for (const { title, profile } of profiles) {
    const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
    lines.push(
      '',
      `CPU profile of ${title} (${profile.file}; ${seconds(profile.wallMs)} profiled, idle ${pct(profile.idleShare)}, GC ${pct(profile.gcShare)}; places in src/ and node_modules/ through the source maps):`,
      '',
      '| self time | share | function |',
      '|---|---|---|',
      ...profile.selfByFunction.slice(0, 10).map((h) => `| ${h.ms.toFixed(0)} ms | ${pct(h.share)} | ${h.where} |`),
      '',
      '| total time | share | keyform function (with its callees) |',
      '|---|---|---|',
      ...profile.totalByFunction.slice(0, 12).map((h) => `| ${h.ms.toFixed(0)} ms | ${pct(h.share)} | ${h.where} |`),
    );
  }
  const errors = [
    ...configErrors.map((e) => `configuration loading: ${e}`),
    ...plans.flatMap((p) => p.errors.map((e) => `plan ${p.keys}: ${e}`)),
    ...apply.errors.map((e) => `apply ${apply.keys}: ${e}`),
  ];
  if (errors.length > 0) lines.push('', 'Errors:', ...errors.map((e) => `- ${e}`));
  lines.push('', `Whole run: ${totalSeconds.toFixed(0)} s.`);
  process.stdout.write(`${lines.join('\n')}\n`);

  const raw = {
    date: new Date().toISOString(),
    quick: QUICK,
    node: process.version,
    cores: cpus().length,
    runs: RUNS,
    rssMethod: rssMethod(),
    terraform: 'unavailable' in tf ? { unavailable: tf.unavailable } : { version: tf.version, bin: tf.bin },
    processStart: start,
    plan: plans,
    apply,
    configLoad: config,
    targets,
    errors,
    totalSeconds,
  };
  writeFileSync(join(resultsDir, 'engine.json'), `${JSON.stringify(raw, null, 2)}\n`);
  process.stderr.write(`raw figures: bench/results/engine.json\n`);
  if (errors.length > 0) process.exitCode = 1;
}

main()
  .catch((err) => {
    process.stderr.write(`bench failed: ${(err as Error).stack ?? String(err)}\n`);
    process.exitCode = 1;
  })
  .finally(async () => {
    clearTimeout(watchdog);
    for (const emu of emulators) await emu.stop().catch(() => undefined);
    cleanupSync();
  });
