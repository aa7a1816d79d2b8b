/**
 * Issue 5, item 2: `kill -9` of keyform at seeded points of an N-key apply. One working directory (one state,
 * one lineage) for every point; each point:
 *  1. writes the N-key configuration and starts `keyform apply`; kills it (SIGKILL, its own pid) after a drawn
 *     number of API requests (counted by the emulator's log callback) or a drawn number of milliseconds;
 *  2. checks the state on disk without touching it: it parses, keeps its lineage, and a journal beside it would be
 *     folded in (not set aside);
 *  3. runs `keyform apply` again: it must exit 0 at once (it recovers the journal and resolves pending creates);
 *  4. audits the organization (no orphan, no duplicate, every token in state authenticates, state = remote) and
 *     runs `plan --detailed-exitcode` (no changes);
 *  5. shrinks the configuration back to its anchor key and applies, so the next point starts from the anchor.
 * No faults are injected: the kill is the fault.
 */
import type { EmulatorHandle } from '../../../src/emulator/index.js';
import { keyformEnv } from '../keyform.js';
import { audit, auditProblems, type Audit } from './audit.js';
import { runBeforeDeadline, startKeyform, type ChildRun } from './keyform-child.js';
import type { LeakScanner } from './leak-scan.js';
import { prng } from './prng.js';
import type { RequestCounter } from './request-counter.js';
import { lookAtState, stateKeys } from './state-check.js';
import { desiredCanonicals, makeWorkdir, writeConfig, type KeySet } from './workdir.js';

export interface CrashRunOptions {
  emu: EmulatorHandle;
  /** The counter given to that emulator's `log`. */
  counter: RequestCounter;
  keys: number;
  points: number;
  seed: number;
  deadlineAt: number;
  leaks: LeakScanner;
  progress?: (line: string) => void;
}

export type Trigger = { after: 'calls'; n: number } | { after: 'ms'; n: number };

export interface CrashPoint {
  index: number;
  trigger: Trigger;
  /** The kill came before the apply ended by itself. */
  landed: boolean;
  /** The apply's exit when the kill did not land. */
  exit?: number | string | null;
  /** API requests the killed apply made. */
  requests: number;
  /** The state as the next run finds it. */
  serial?: number;
  journal?: string;
  journalSteps?: number;
  /** Creates recorded as pending (sent, or about to be, when the kill came). */
  pending: number;
  /** Keys the killed run had recorded as created (tokens in state). */
  recorded: number;
  /** The next apply exited 0. */
  converged: boolean;
  /** The deadline stopped this point before it was done (not a failure). */
  cutShort?: boolean;
  recoveryRuns: number;
  audit?: Audit;
  /** The audit after shrinking back to the anchor key. */
  cleanupAudit?: Audit;
  corrupted: string[];
  /** Failures outside the audits: a plan with changes after recovery, a failed clean-up. */
  other: string[];
  problems: string[];
}

export interface CrashRunResult {
  keys: number;
  dir: string;
  lineage?: string;
  points: CrashPoint[];
  /** The first apply (of the anchor key alone) failed: no point was run. */
  setupFailure?: string;
  problems: string[];
  incomplete?: string;
}

const ANCHOR = 'chaos-anchor';

/** The seeded crash points: three in four after a number of API calls, one in four after a number of ms. */
export function drawTriggers(seed: number, points: number, keys: number): Trigger[] {
  const r = prng(seed ^ 0x5eed_c4a5);
  return Array.from({ length: points }, () => (r.next() < 0.75 ? { after: 'calls', n: r.int(1, keys + 3) } : { after: 'ms', n: r.int(250, 250 + keys * 12) }));
}

export async function crashRun(opts: CrashRunOptions): Promise<CrashRunResult> {
  const { emu, counter, leaks } = opts;
  const say = opts.progress ?? (() => {});
  const dir = makeWorkdir('crash');
  const env = keyformEnv(emu);
  const base: KeySet = { prefix: 'crash', count: 0, anchor: ANCHOR };
  const full: KeySet = { ...base, count: opts.keys };
  const result: CrashRunResult = { keys: opts.keys, dir, points: [], problems: [] };
  const timeLeft = () => opts.deadlineAt - Date.now();
  const bounded = { cwd: dir, env, deadlineAt: opts.deadlineAt, leaks, dir, cutShort: (why: string) => void (result.incomplete ??= why) };
  const keyform = (args: string[], label: string): Promise<ChildRun | undefined> => runBeforeDeadline([...args, '--chdir', dir], label, bounded);

  writeConfig(dir, base);
  const setup = await keyform(['apply', '--auto-approve'], 'setup apply (anchor key)');
  if (!setup) return result; // the deadline came first: `incomplete` says so
  if (setup.code !== 0) {
    result.setupFailure = `setup apply failed: exit ${setup.code ?? setup.signal}: ${setup.stderr.slice(-500)}`;
    result.problems.push(result.setupFailure);
    return result;
  }
  result.lineage = (await lookAtState(dir, env)).lineage;
  say(`crashes: ${opts.points} kill -9 points of a ${opts.keys}-key apply (seed ${opts.seed}), state lineage ${result.lineage}`);

  const triggers = drawTriggers(opts.seed, opts.points, opts.keys);
  for (let index = 0; index < triggers.length; index++) {
    if (timeLeft() <= 0) {
      result.incomplete ??= `the deadline came before crash point ${index + 1}`;
      break;
    }
    const trigger = triggers[index]!;
    const point: CrashPoint = { index, trigger, landed: false, requests: 0, pending: 0, recorded: 0, converged: false, recoveryRuns: 0, corrupted: [], other: [], problems: [] };
    result.points.push(point);

    // 1. The apply, killed.
    writeConfig(dir, full);
    const before = counter.total;
    const running = startKeyform(['apply', '--auto-approve', '--chdir', dir], { cwd: dir, env, timeoutMs: timeLeft() });
    let killedByUs = false;
    const kill = () => {
      killedByUs = true;
      running.kill();
    };
    let timer: NodeJS.Timeout | undefined;
    if (trigger.after === 'calls') counter.arm(trigger.n, kill);
    else timer = setTimeout(kill, trigger.n);
    const killed = await running.done;
    counter.disarm();
    clearTimeout(timer);
    point.requests = counter.total - before;
    point.landed = killedByUs && killed.signal === 'SIGKILL' && !killed.timedOut;
    if (!point.landed) point.exit = killed.code ?? killed.signal;
    if (killed.timedOut) {
      result.incomplete ??= `the deadline came during crash point ${index + 1}`;
      point.cutShort = true;
    }
    leaks.scanRun(`killed apply ${index + 1}`, killed);
    leaks.scanDir(dir, `after killed apply ${index + 1}`);

    // 2. The state as left by the kill.
    const look = await lookAtState(dir, env, result.lineage);
    point.corrupted.push(...look.problems);
    if (look.serial !== undefined) point.serial = look.serial;
    if (look.journal) point.journal = look.journal;
    if (look.journalSteps !== undefined) point.journalSteps = look.journalSteps;
    const left = stateKeys(look.state).filter((k) => k.attributes['canonical'] !== ANCHOR);
    point.pending = left.filter((k) => k.status === 'pending_create').length;
    point.recorded = left.length - point.pending;

    // 3. The next apply converges (once; further runs are counted as a failure to converge at once).
    for (let attempt = 1; attempt <= 3 && !point.converged; attempt++) {
      const run = await keyform(['apply', '--auto-approve'], `apply after kill ${index + 1}${attempt > 1 ? ` (#${attempt})` : ''}`);
      if (!run) {
        point.cutShort = true;
        break;
      }
      point.recoveryRuns = attempt;
      point.converged = run.code === 0;
      if (!point.converged) point.problems.push(`apply after the kill exited ${run.code ?? run.signal}: ${run.stderr.trim().split('\n').slice(-3).join(' | ').slice(0, 500)}`);
    }
    if (point.converged && point.recoveryRuns > 1) point.problems.push(`the apply after the kill converged only at run ${point.recoveryRuns}`);

    // 4. Audit and an empty plan.
    if (point.converged) {
      const after = await lookAtState(dir, env, result.lineage);
      point.corrupted.push(...after.problems.map((p) => `after recovery: ${p}`));
      point.audit = await audit(emu, desiredCanonicals(full), stateKeys(after.state));
      point.problems.push(...auditProblems(point.audit));
      const plan = await keyform(['plan', '--detailed-exitcode'], `plan after kill ${index + 1}`);
      if (plan && plan.code !== 0) point.other.push(`plan after recovery: exit ${plan.code ?? plan.signal} (0 = no changes)`);
    }

    // 5. Back to the anchor.
    writeConfig(dir, base);
    const shrink = await keyform(['apply', '--auto-approve'], `clean-up apply ${index + 1}`);
    if (shrink && shrink.code !== 0) point.other.push(`clean-up apply exited ${shrink.code ?? shrink.signal}`);
    if (shrink?.code === 0) {
      const after = await lookAtState(dir, env, result.lineage);
      point.corrupted.push(...after.problems.map((p) => `after clean-up: ${p}`));
      point.cleanupAudit = await audit(emu, desiredCanonicals(base), stateKeys(after.state));
      point.problems.push(...auditProblems(point.cleanupAudit).map((p) => `after clean-up: ${p}`));
    }
    const what = trigger.after === 'calls' ? `after ${trigger.n} calls` : `after ${trigger.n} ms`;
    say(`  point ${index + 1}/${triggers.length} (${what}): ${point.landed ? 'killed' : `not killed (exit ${point.exit})`} at ${point.requests} requests; ` +
      `state serial ${point.serial ?? '-'}, journal ${point.journal ?? 'none'} (${point.journalSteps ?? 0} steps), ${point.recorded} recorded, ${point.pending} pending; ` +
      `next apply ${point.converged ? 'converged' : 'FAILED'}; ${point.problems.length + point.other.length + point.corrupted.length} problems`);
    result.problems.push(...[...point.problems, ...point.other].map((p) => `point ${index + 1}: ${p}`), ...point.corrupted.map((c) => `point ${index + 1}: corrupted state: ${c}`));
  }
  return result;
}
