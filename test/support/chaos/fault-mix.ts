/**
 * The fault mix of issue 5, item 1, on every API request: 10% 503, 5% 429 with Retry-After, 2% "committed then
 * dropped", 2% connection resets, and 0–50 ms of latency on every request.
 *
 * The emulator fires at most one non-latency rule per request, the first in order whose own draw fires; so each
 * rule's probability is the target rate divided by the share of requests no earlier rule took, and the rates
 * seen by a client are the targets themselves (not 10%, 4.5%, 1.7%, 1.6%).
 * Retry-After is 1 s on both 429 and 503: the smallest whole number of seconds the header can say, realistic, and
 * it keeps a 300-key run within seconds at parallelism 10.
 */
import type { FaultRule, FaultStats } from '../../../src/emulator/faults.js';

export const RETRY_AFTER_SECONDS = 1;

/** Target rate of each non-latency fault, in rule order. */
export const FAULT_TARGETS = [
  { name: '503', rate: 0.1, rule: { kind: 'status', status: 503, retry_after: RETRY_AFTER_SECONDS } },
  { name: '429', rate: 0.05, rule: { kind: 'status', status: 429, retry_after: RETRY_AFTER_SECONDS } },
  { name: 'drop_after_commit', rate: 0.02, rule: { kind: 'drop_after_commit' } },
  { name: 'reset', rate: 0.02, rule: { kind: 'reset' } },
] as const;

export const LATENCY_MS = { min: 0, max: 50 };

const PATH = '/organizations/**';

/** The rules: latency first (it adds to any outcome), then the faults with conditional probabilities. */
export function faultMix(): FaultRule[] {
  const rules: FaultRule[] = [{ path: PATH, kind: 'latency', min_ms: LATENCY_MS.min, max_ms: LATENCY_MS.max }];
  let untaken = 1;
  for (const t of FAULT_TARGETS) {
    rules.push({ path: PATH, ...t.rule, probability: t.rate / untaken });
    untaken -= t.rate;
  }
  return rules;
}

/** Faults fired, by the names of FAULT_TARGETS plus `latency` and `requests`. */
export type FaultCounts = Record<string, number>;

/** The injector's counters (of rules made by `faultMix`) as counts by fault name. */
export function faultCounts(stats: FaultStats): FaultCounts {
  const out: FaultCounts = { requests: stats.requests, latency: stats.byRule[0] ?? 0 };
  FAULT_TARGETS.forEach((t, i) => (out[t.name] = stats.byRule[i + 1] ?? 0));
  return out;
}

export function addCounts(a: FaultCounts, b: FaultCounts): FaultCounts {
  const out: FaultCounts = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = (out[k] ?? 0) + v;
  return out;
}
