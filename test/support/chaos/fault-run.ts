/**
 * Issue 5, item 1: apply N keys while the emulator injects the fault mix, then destroy under the same faults.
 * Applies are repeated (at most `maxRuns`) until one exits 0; the result says how many it took. After each phase,
 * with the faults off, the organization is audited against the configuration and the state.
 */
import type { EmulatorHandle } from '../../../src/emulator/index.js';
import { keyformEnv } from '../keyform.js';
import { audit, auditProblems, listRemote, type Audit } from './audit.js';
import { addCounts, faultCounts, faultMix, type FaultCounts } from './fault-mix.js';
import { lostAnswersReported, retriesReported, runBeforeDeadline, runKeyformBounded, type ChildRun } from './keyform-child.js';
import type { LeakScanner } from './leak-scan.js';
import { lookAtState, stateKeys } from './state-check.js';
import { desiredCanonicals, makeWorkdir, writeConfig, type KeySet } from './workdir.js';

export interface FaultRunOptions {
  emu: EmulatorHandle;
  keys: number;
  seed: number;
  /** Epoch ms: no run starts after it, and a run still going then is killed. */
  deadlineAt: number;
  leaks: LeakScanner;
  /** keyform runs per phase before giving up. Default 4. */
  maxRuns?: number;
  progress?: (line: string) => void;
}

export interface PhaseResult {
  /** keyform runs made (the last one exited 0 when `converged`). */
  runs: number;
  converged: boolean;
  /** The deadline stopped the phase before it converged (not a failure to converge). */
  cutShort?: boolean;
  exitCodes: Array<number | string | null>;
  /** API calls keyform reports having retried (its summary line, printed by the run that succeeds). */
  retries: number;
  /** Creates whose answer was lost, revoked and made again. */
  lostAnswers: number;
  faults: FaultCounts;
  audit?: Audit;
  /** Failures outside the audit: a plan with changes after convergence, keys left by destroy, output --raw wrong. */
  other: string[];
  problems: string[];
  ms: number;
}

export interface FaultRunResult {
  keys: number;
  dir: string;
  lineage?: string;
  apply: PhaseResult;
  destroy?: PhaseResult;
  /** Failures of the invariants (each must-be-zero finding, with where it came from). */
  problems: string[];
  corruptedStates: string[];
  incomplete?: string;
}

const emptyPhase = (): PhaseResult => ({ runs: 0, converged: false, exitCodes: [], retries: 0, lostAnswers: 0, faults: {}, other: [], problems: [], ms: 0 });

export async function faultRun(opts: FaultRunOptions): Promise<FaultRunResult> {
  const { emu, leaks } = opts;
  const maxRuns = opts.maxRuns ?? 4;
  const say = opts.progress ?? (() => {});
  const dir = makeWorkdir('faults');
  const env = keyformEnv(emu);
  const set: KeySet = { prefix: 'chaos', count: opts.keys };
  writeConfig(dir, set);
  const result: FaultRunResult = { keys: opts.keys, dir, apply: emptyPhase(), problems: [], corruptedStates: [] };
  const timeLeft = () => opts.deadlineAt - Date.now();
  const bounded = { cwd: dir, env, deadlineAt: opts.deadlineAt, leaks, dir, cutShort: (why: string) => void (result.incomplete ??= why) };

  // Every run, finished or killed by the deadline, leaves a state that must parse and keep its lineage.
  const keyform = (args: string[], label: string): Promise<ChildRun | undefined> =>
    runBeforeDeadline([...args, '--chdir', dir], label, bounded, async () => {
      const look = await lookAtState(dir, env, result.lineage);
      result.lineage ??= look.lineage;
      result.corruptedStates.push(...look.problems.map((p) => `${label}: ${p}`));
    });

  const phase = async (verb: 'apply' | 'destroy', faultSeed: number): Promise<PhaseResult> => {
    const p = emptyPhase();
    const started = Date.now();
    emu.faults.set(faultMix(), faultSeed);
    try {
      while (p.runs < maxRuns && !p.converged) {
        const run = await keyform([verb, '--auto-approve'], `${verb} #${p.runs + 1} under faults`);
        if (!run) {
          p.cutShort = true;
          break;
        }
        p.runs++;
        p.exitCodes.push(run.code ?? run.signal);
        p.retries += retriesReported(run.stdout);
        p.lostAnswers += lostAnswersReported(run.stderr);
        p.converged = run.code === 0;
        say(`  ${verb} #${p.runs} under faults: exit ${run.code ?? run.signal}${run.code !== 0 ? ` — ${lastLines(run)}` : ''}`);
      }
    } finally {
      p.faults = faultCounts(emu.faults.stats());
      emu.faults.clear();
      p.ms = Date.now() - started;
    }
    if (!p.converged && !p.cutShort) p.problems.push(`${verb} did not converge in ${p.runs} run(s): exit codes ${p.exitCodes.join(', ')}`);
    return p;
  };

  say(`faults: apply of ${opts.keys} keys (seed ${opts.seed})`);
  result.apply = await phase('apply', opts.seed);
  if (result.apply.converged) {
    const look = await lookAtState(dir, env, result.lineage);
    result.apply.audit = await audit(emu, desiredCanonicals(set), stateKeys(look.state));
    result.apply.problems.push(...auditProblems(result.apply.audit));
    const plan = await keyform(['plan', '--detailed-exitcode'], 'plan after apply');
    if (plan && plan.code !== 0) result.apply.other.push(`plan after apply: exit ${plan.code ?? plan.signal} (0 = no changes): ${lastLines(plan)}`);
    // The one place a token may be printed: keyform output --raw NAME (its output is not scanned).
    if (timeLeft() > 0 && opts.keys > 0) {
      const raw = await runKeyformBounded(['output', '--raw', 'first_token', '--chdir', dir], { cwd: dir, env, timeoutMs: timeLeft() });
      const first = stateKeys(look.state).find((k) => k.attributes['canonical'] === 'chaos-0');
      if (!raw.timedOut && (raw.code !== 0 || raw.stdout === '' || raw.stdout !== first?.attributes['token'])) {
        result.apply.other.push(`keyform output --raw first_token does not print chaos-0's token from state (exit ${raw.code})`);
      }
    }
    say(`  audit after apply: ${result.apply.audit.remote} keys in the organization, ${auditProblems(result.apply.audit).length} problems`);

    result.destroy = await phase('destroy', opts.seed + 1);
    if (result.destroy.converged) {
      const after = await lookAtState(dir, env, result.lineage);
      result.destroy.audit = await audit(emu, [], stateKeys(after.state));
      result.destroy.problems.push(...auditProblems(result.destroy.audit));
      const left = (await listRemote(emu)).filter((k) => k.canonical !== 'admin');
      if (left.length > 0) result.destroy.other.push(`destroy left ${left.length} key(s): ${left.slice(0, 5).map((k) => k.canonical).join(', ')}`);
      if (stateKeys(after.state).length > 0) result.destroy.other.push(`destroy left ${stateKeys(after.state).length} instance(s) in state`);
      say(`  audit after destroy: ${result.destroy.audit.remote} key(s) left in the organization (1 = the admin key), ${result.destroy.problems.length + result.destroy.other.length} problems`);
    }
  }
  for (const p of [result.apply, result.destroy]) if (p) result.problems.push(...p.problems, ...p.other);
  result.problems.push(...result.corruptedStates.map((c) => `corrupted state: ${c}`));
  return result;
}

/** Faults of both phases. */
export function faultsOf(r: FaultRunResult): FaultCounts {
  return addCounts(r.apply.faults, r.destroy?.faults ?? {});
}

function lastLines(run: ChildRun): string {
  return `${run.stdout}\n${run.stderr}`.trim().split('\n').slice(-4).join(' | ').slice(0, 600);
}
