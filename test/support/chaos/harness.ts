/**
 * The whole chaos run, as `npm run chaos` makes it: the fault scenario, then the crash scenario, each on its own
 * in-process emulator, one leak scanner over both, bounded by one deadline, and the report.
 */
import { startEmulator } from '../../../src/emulator/index.js';
import { crashRun, type CrashRunResult } from './crash-run.js';
import { faultRun, type FaultRunResult } from './fault-run.js';
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

export const HOSTILE_INPUTS_NOTE = 'n/a — hostile input to the emulator and to keyform (issue 5, items 6–7) is covered in npm test by test/e2e/hostile-api, test/e2e/hostile-state and test/emulator/hostile, not replayed here';

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
    leakScan: { tokens: leaks.tokenCount, texts: leaks.texts, bytes: leaks.bytes, leaks: leaks.leaks },
    inputsTried: HOSTILE_INPUTS_NOTE,
    zero: mustBeZero(faults, crashes, leaks),
    problems: [...(faults?.problems ?? []), ...(crashes?.problems ?? []), ...leaks.leaks.map((l) => `leaked token …${l.lastSeven} in ${l.where}`)],
  };
}
