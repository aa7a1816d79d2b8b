/**
 * The chaos report: the figures of a run (faults, crashes, leak scan) and the counts that must be zero, as a
 * value (written as JSON) and as the markdown table `npm run chaos` prints.
 */
import type { Audit } from './audit.js';
import type { CrashRunResult } from './crash-run.js';
import { FAULT_TARGETS, LATENCY_MS, RETRY_AFTER_SECONDS } from './fault-mix.js';
import { faultsOf, type FaultRunResult } from './fault-run.js';
import type { LeakScanner } from './leak-scan.js';
import { mishandled, type HostileRunResult } from '../hostile/run.js';

export interface MustBeZero {
  duplicates: number;
  orphans: number;
  lostTokens: number;
  leakedTokens: number;
  corruptedStates: number;
  /** Desired keys missing from the organization, or state entries that differ from the live key. */
  stateMismatches: number;
  /** Phases or crash points that did not converge (at once, for a crash point). */
  notConverged: number;
  /** Anything else that failed: a non-empty plan after convergence, keys left by destroy, output --raw wrong. */
  otherFailures: number;
  /** Hostile inputs (issue 5, items 6–7) whose outcome was wrong, and emulator 5xx/errors during them. */
  mishandledInputs: number;
}

export interface ChaosReport {
  seed: number;
  startedAt: string;
  durationMs: number;
  deadlineSeconds: number;
  incomplete: string[];
  faults?: FaultRunResult;
  crashes?: CrashRunResult;
  hostile?: HostileRunResult;
  leakScan: { tokens: number; texts: number; bytes: number; leaks: LeakScanner['leaks'] };
  zero: MustBeZero;
  problems: string[];
}

export function mustBeZero(faults: FaultRunResult | undefined, crashes: CrashRunResult | undefined, leaks: LeakScanner, hostile?: HostileRunResult): MustBeZero {
  const z: MustBeZero = {
    duplicates: 0, orphans: 0, lostTokens: 0, leakedTokens: leaks.leakedTokens(), corruptedStates: 0, stateMismatches: 0, notConverged: 0, otherFailures: 0, mishandledInputs: mishandled(hostile),
  };
  const audits: Array<Audit | undefined> = [];
  for (const p of [faults?.apply, faults?.destroy]) {
    if (!p || p.runs === 0) continue;
    audits.push(p.audit);
    if (!p.converged && !p.cutShort) z.notConverged++;
    z.otherFailures += p.other.length;
  }
  z.corruptedStates += faults?.corruptedStates.length ?? 0;
  if (crashes?.setupFailure) z.otherFailures++;
  for (const point of crashes?.points ?? []) {
    audits.push(point.audit, point.cleanupAudit);
    if (point.cutShort) continue;
    if (!point.converged || point.recoveryRuns > 1) z.notConverged++;
    z.corruptedStates += point.corrupted.length;
    z.otherFailures += point.other.length;
  }
  for (const a of audits) {
    if (!a) continue;
    z.duplicates += a.duplicates.length;
    z.orphans += a.orphans.length;
    z.lostTokens += a.lostTokens.length;
    z.stateMismatches += a.missing.length + a.stateMismatches.length;
  }
  return z;
}

export const failed = (z: MustBeZero): boolean => Object.values(z).some((v) => v !== 0);

const n = (v: number | undefined) => (v ?? 0).toLocaleString('en-US');

export function renderTable(r: ChaosReport): string {
  const rows: Array<[string, string]> = [];
  const f = r.faults;
  if (f) {
    const counts = faultsOf(f);
    const applied = f.apply.converged ? f.keys : 0;
    rows.push(['keys applied under faults', `${n(applied)} of ${n(f.keys)}: ${f.apply.runs} apply run(s), exits ${f.apply.exitCodes.join(', ') || '-'}${f.apply.cutShort ? ', cut short by the deadline' : ''}; keyform retried ${n(f.apply.retries)} call(s); ${n(f.apply.lostAnswers)} lost create answers revoked and re-made`]);
    if (f.destroy) rows.push(['keys destroyed under faults', `${f.destroy.converged ? n(f.keys) : 0} of ${n(f.keys)}: ${f.destroy.runs} destroy run(s), exits ${f.destroy.exitCodes.join(', ') || '-'}${f.destroy.cutShort ? ', cut short by the deadline' : ''}; keyform retried ${n(f.destroy.retries)} call(s)`]);
    const kinds = FAULT_TARGETS.map((t) => `${t.name === 'drop_after_commit' ? 'committed then dropped' : t.name === 'reset' ? 'connection reset' : t.name} ${n(counts[t.name])}`);
    rows.push(['faults injected', `${kinds.join(' · ')} · latency ${LATENCY_MS.min}–${LATENCY_MS.max} ms on ${n(counts['latency'])} — of ${n(counts['requests'])} API requests (Retry-After ${RETRY_AFTER_SECONDS} s on 429 and 503)`]);
  } else rows.push(['keys applied under faults', 'not run']);
  const c = r.crashes;
  if (c) {
    const landed = c.points.filter((p) => p.landed && !p.cutShort).length;
    const done = c.points.filter((p) => !p.cutShort);
    const survived = done.filter((p) => p.landed && p.converged && p.recoveryRuns === 1 && p.problems.length + p.other.length + p.corrupted.length === 0).length;
    const pending = c.points.reduce((s, p) => s + p.pending, 0);
    const withJournal = c.points.filter((p) => p.journal === 'recovered').length;
    const early = done.filter((p) => !p.landed).length;
    const cut = c.points.length - done.length;
    rows.push(['crashes survived', `${survived} of ${landed} kill -9 (${c.points.length} seeded points of a ${n(c.keys)}-key apply; ${early} finished before its point${cut > 0 ? `; ${cut} cut short by the deadline` : ''}); ${withJournal} left a journal to recover, ${pending} pending creates resolved`]);
  } else rows.push(['crashes survived', 'not run']);
  const h = r.hostile;
  if (h) {
    const part = (t: HostileRunResult['emulator'], what: string) => `${n(t.tried)} ${what} (${n(t.seeded)} drawn from the seed)`;
    rows.push(['inputs tried', `${n(h.emulator.tried + h.files.tried + h.api.tried)}: ${part(h.emulator, 'requests to the emulator')} · ${part(h.files, 'damaged state and plan files')} · ${part(h.api, 'hostile API answers')} — ${n(h.keyformRuns)} keyform runs${h.incomplete ? `; cut short: ${h.incomplete}` : ''}`]);
  } else rows.push(['inputs tried', 'not run']);
  const z = r.zero;
  rows.push(['duplicates', n(z.duplicates)]);
  rows.push(['orphans', n(z.orphans)]);
  rows.push(['lost tokens', n(z.lostTokens)]);
  rows.push(['leaked tokens', `${n(z.leakedTokens)} (${n(r.leakScan.tokens)} issued tokens searched in ${n(r.leakScan.texts)} outputs and files, ${(r.leakScan.bytes / 1e6).toFixed(1)} MB)`]);
  rows.push(['corrupted states', n(z.corruptedStates)]);
  rows.push(['state ≠ remote (or remote ≠ desired)', n(z.stateMismatches)]);
  rows.push(['runs that did not converge', n(z.notConverged)]);
  rows.push(['other failures', n(z.otherFailures)]);
  rows.push(['hostile inputs mishandled', `${n(z.mishandledInputs)}${h ? ` (wrong status, envelope, exit code or diagnostic, a write, a changed file, a key left behind; ${n(h.serverFailures)} emulator 5xx or errors)` : ''}`]);
  const lines = ['| | |', '|---|---|', ...rows.map(([k, v]) => `| ${k} | ${v} |`)];
  return lines.join('\n');
}
