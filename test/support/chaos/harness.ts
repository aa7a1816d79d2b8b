/**
 * The whole chaos run, as `npm run chaos` makes it: the fault scenario, then the crash scenario, each on its own
 * in-process emulator, then the hostile inputs of the tests' tables (with seeded variations); one leak scanner over
 * all, bounded by one deadline, and the report.
 */
import { startEmulator } from '../../../src/emulator/index.js';
import { crashRun, type CrashRunResult } from './crash-run.js';
import { faultRun, type FaultRunResult } from './fault-run.js';
import { hostileRun, type HostileRunResult } from '../hostile/run.js';
import { LeakScanner } from './leak-scan.js';
import { mustBeZero, type ChaosReport } from './report.js';
import { RequestCounter } from './request-counter.js';
import { rmSync } from 'node:fs';

export interface ChaosOptions {
  seed: number;
  faultKeys: number;
  crashKeys: number;
  crashPoints: number;
  deadlineSeconds: number;
  /** Keep the working directories (printed) instead of removing them. */
  keep?: boolean;
  progress?: (line: string) => void;
}

export async function runChaos(opts: ChaosOptions): Promise<ChaosReport> {
  const started = Date.now();
  const deadlineAt = started + opts.deadlineSeconds * 1000;
  const say = opts.progress ?? (() => {});
  const tokenSources: Array<() => string[]> = [];
  const leaks = new LeakScanner(() => tokenSources.flatMap((f) => f()));
  let faults: FaultRunResult | undefined;
  let crashes: CrashRunResult | undefined;
  const incomplete: string[] = [];

  const faultEmu = await startEmulator();
  tokenSources.push(() => faultEmu.issuedTokens());
  try {
    faults = await faultRun({ emu: faultEmu, keys: opts.faultKeys, seed: opts.seed, deadlineAt, leaks, progress: say });
    if (faults.incomplete) incomplete.push(`faults: ${faults.incomplete}`);
  } finally {
    await faultEmu.close();
  }

  const counter = new RequestCounter();
  const crashEmu = await startEmulator({ log: counter.log });
  tokenSources.push(() => crashEmu.issuedTokens());
  try {
    if (Date.now() < deadlineAt) {
      crashes = await crashRun({ emu: crashEmu, counter, keys: opts.crashKeys, points: opts.crashPoints, seed: opts.seed, deadlineAt, leaks, progress: say });
      if (crashes.incomplete) incomplete.push(`crashes: ${crashes.incomplete}`);
    } else incomplete.push('crashes: the deadline came before they started');
    leaks.refresh();
  } finally {
    await crashEmu.close();
  }

  let hostile: HostileRunResult | undefined;
  if (Date.now() < deadlineAt) {
    say('hostile input: the tables of test/emulator/hostile, test/e2e/hostile-state and test/e2e/hostile-api, plus seeded variations');
    hostile = await hostileRun({ seed: opts.seed, deadlineAt, leaks, addTokenSource: (f) => tokenSources.push(f), progress: say });
    if (hostile.incomplete) incomplete.push(`hostile input: ${hostile.incomplete}`);
    leaks.refresh();
  } else incomplete.push('hostile input: the deadline came before it started');

  for (const dir of [faults?.dir, crashes?.dir]) {
    if (!dir) continue;
    if (opts.keep) say(`kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
  return {
    seed: opts.seed,
    startedAt: new Date(started).toISOString(),
    durationMs: Date.now() - started,
    deadlineSeconds: opts.deadlineSeconds,
    incomplete,
    ...(faults ? { faults } : {}),
    ...(crashes ? { crashes } : {}),
    ...(hostile ? { hostile } : {}),
    leakScan: { tokens: leaks.tokenCount, texts: leaks.texts, bytes: leaks.bytes, leaks: leaks.leaks },
    zero: mustBeZero(faults, crashes, leaks, hostile),
    problems: [...(faults?.problems ?? []), ...(crashes?.problems ?? []), ...(hostile?.problems ?? []).map((p) => `hostile input: ${p}`), ...leaks.leaks.map((l) => `leaked token …${l.lastSeven} in ${l.where}`)],
  };
}
