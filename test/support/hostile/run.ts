/**
 * Issue 5, items 6 and 7 in `npm run chaos`: the hostile-input tables the tests use (emulator-cases, state-cases,
 * api-cases), each fixed case plus variations drawn from the seed, every outcome checked the way the tests check it.
 * Bounded by the run's deadline: a case not started before it is left out and the run says so.
 */
import { tmpdir } from 'node:os';
import type { LeakScanner } from '../chaos/leak-scan.js';
import { runBeforeDeadline } from '../chaos/keyform-child.js';
import { prng } from '../chaos/prng.js';
import { createCases, HostileApi, listCases, seededApiCases } from './api-cases.js';
import { emulatorCases, seededEmulatorCases, serverFailure, startHostileEmulator, tryEmulatorCase } from './emulator-cases.js';
import { HostileFiles, planCases, seededPlanCases, seededStateCases, stateCases, type Runner } from './state-cases.js';

export interface HostileRunOptions {
  seed: number;
  deadlineAt: number;
  leaks: LeakScanner;
  /** Where the tokens the emulators issue are read from, for the leak scan. */
  addTokenSource: (source: () => string[]) => void;
  /** Drawn variations on top of the fixed cases. */
  seeded?: { emulator?: number; states?: number; plans?: number; api?: number };
  progress?: (line: string) => void;
}

export interface HostileTally {
  /** Cases tried (fixed + seeded) and, of those, drawn from the seed. */
  tried: number;
  seeded: number;
  /** Cases with at least one problem. */
  failed: number;
}

export interface HostileRunResult {
  emulator: HostileTally;
  /** Damaged states, wrong keys, tampered and foreign plan files. */
  files: HostileTally;
  api: HostileTally;
  /** keyform runs made for the files and the API cases. */
  keyformRuns: number;
  /** Requests the emulator answered 5xx or errors it logged, during its cases. */
  serverFailures: number;
  problems: string[];
  ms: number;
  incomplete?: string;
}

class CutShort extends Error {}

const tally = (): HostileTally => ({ tried: 0, seeded: 0, failed: 0 });

export async function hostileRun(opts: HostileRunOptions): Promise<HostileRunResult> {
  const started = Date.now();
  const say = opts.progress ?? (() => {});
  const rng = prng(opts.seed ^ 0x40511e);
  const seeded = { emulator: 60, states: 9, plans: 4, api: 8, ...opts.seeded };
  const result: HostileRunResult = { emulator: tally(), files: tally(), api: tally(), keyformRuns: 0, serverFailures: 0, problems: [], ms: 0 };
  const timeLeft = () => opts.deadlineAt - Date.now();
  const { leaks } = opts;

  const cutShort = (why: string): never => {
    throw new CutShort(why);
  };
  const runner: Runner = async (args, env, label) => {
    const run = (await runBeforeDeadline(args, `hostile input: ${label}`, { cwd: tmpdir(), env, deadlineAt: opts.deadlineAt, leaks, cutShort }))!;
    result.keyformRuns++;
    return run;
  };
  /** Runs one case; false when the deadline stopped it (the run is then over). */
  const attempt = async (t: HostileTally, isSeeded: boolean, run: () => Promise<string[]>): Promise<boolean> => {
    if (timeLeft() <= 0) {
      result.incomplete ??= 'the deadline came before every hostile input was tried';
      return false;
    }
    try {
      const problems = await run();
      t.tried++;
      if (isSeeded) t.seeded++;
      if (problems.length > 0) t.failed++;
      result.problems.push(...problems);
      return true;
    } catch (err) {
      if (!(err instanceof CutShort)) throw err;
      result.incomplete ??= err.message;
      return false;
    }
  };

  try {
    // 1. The emulator.
    const logs: string[] = [];
    const emu = await startHostileEmulator((line) => logs.push(line));
    opts.addTokenSource(() => emu.issuedTokens());
    try {
      const cases = [...emulatorCases().map((c) => [c, false] as const), ...seededEmulatorCases(rng, seeded.emulator).map((c) => [c, true] as const)];
      for (const [c, isSeeded] of cases) if (!(await attempt(result.emulator, isSeeded, () => tryEmulatorCase(emu, c)))) return result;
    } finally {
      await emu.close();
      const failures = logs.filter(serverFailure);
      result.serverFailures = failures.length;
      result.problems.push(...failures.slice(0, 5).map((l) => `emulator: ${l.slice(0, 300)}`));
    }
    say(`  hostile input to the emulator: ${result.emulator.tried} cases (${result.emulator.seeded} drawn), ${result.emulator.failed} mishandled, ${result.serverFailures} server failures`);

    // 2. Damaged and foreign files.
    const files = await HostileFiles.start(runner);
    opts.addTokenSource(() => files.emu.issuedTokens());
    try {
      for (const c of stateCases()) if (!(await attempt(result.files, false, () => files.tryStateCase(c)))) return result;
      for (const c of seededStateCases(rng, seeded.states)) if (!(await attempt(result.files, true, () => files.tryStateCase(c)))) return result;
      for (const c of planCases()) if (!(await attempt(result.files, false, () => files.tryPlanCase(c)))) return result;
      for (const c of seededPlanCases(rng, seeded.plans)) if (!(await attempt(result.files, true, () => files.tryPlanCase(c)))) return result;
      if (!(await attempt(result.files, false, () => files.tryForeignPlan()))) return result;
    } finally {
      leaks.scanDir(files.root, 'hostile files');
      await files.close();
    }
    say(`  damaged state and plan files: ${result.files.tried} cases (${result.files.seeded} drawn), ${result.files.failed} mishandled`);

    // 3. An API answering badly.
    const api = await HostileApi.start(runner);
    opts.addTokenSource(() => api.emu.issuedTokens());
    try {
      const cases = [
        ...listCases.map((c) => [c, 'list', false] as const),
        ...createCases.map((c) => [c, 'create', false] as const),
        ...seededApiCases(rng, seeded.api).map((c) => [c, c.on, true] as const),
      ];
      for (const [c, on, isSeeded] of cases) if (!(await attempt(result.api, isSeeded, () => api.tryCase(c, on)))) return result;
    } finally {
      leaks.scanDir(api.dir, 'hostile API');
      await api.close();
    }
    say(`  hostile API answers: ${result.api.tried} cases (${result.api.seeded} drawn), ${result.api.failed} mishandled`);
    return result;
  } catch (err) {
    if (!(err instanceof CutShort)) throw err;
    result.incomplete ??= err.message;
    return result;
  } finally {
    result.ms = Date.now() - started;
  }
}

/** Cases whose outcome was wrong, and emulator failures: must be zero. */
export const mishandled = (r: HostileRunResult | undefined): number => (r ? r.emulator.failed + r.files.failed + r.api.failed + r.serverFailures : 0);
