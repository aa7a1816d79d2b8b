/**
 * Fault injection: which requests get delayed, answered with an error status, reset, or dropped after commit.
 * Pure decision logic: the HTTP server asks `decide(method, path)` once per request and carries the decision out.
 *
 * Determinism: the n-th request (from 0) that matches rule i is decided by draws hashed from (seed, i, n) alone,
 * so a seed replays the same faults for the same sequence of requests on a route, whatever other routes receive.
 * For one request, every matching latency rule that fires adds its own delay; then, among the other rules in
 * order, the first matching one whose draw is below its probability fires. Every matching rule advances its
 * own counter n, whether or not an earlier rule already fired, so that no rule's draws depend on another's.
 */

export type FaultKind = 'latency' | 'status' | 'reset' | 'drop_after_commit';

export const FAULT_KINDS: readonly FaultKind[] = ['latency', 'status', 'reset', 'drop_after_commit'];

/** The statuses a `status` rule may answer. */
export const FAULT_STATUSES: readonly number[] = [429, 500, 502, 503, 504];

export interface FaultRule {
  /** GET, POST, PUT, DELETE (any case), or '*'; absent matches every method. */
  method?: string;
  /** Glob on the URL path: '*' is one non-empty segment, '**' any number of segments; absent is '**'. */
  path?: string;
  kind: FaultKind;
  /** 0..1, default 1. */
  probability?: number;
  /** kind 'status': 429, 500, 502, 503 or 504. */
  status?: number;
  /** kind 'status' with 429 or 503: the Retry-After seconds, default 1. */
  retry_after?: number;
  /** kind 'latency': the delay is drawn uniformly from the integers min_ms..max_ms. */
  min_ms?: number;
  max_ms?: number;
  /** The rule fires at most this many times (until `set` is called again). */
  times?: number;
}

export interface FaultDecision {
  /** Milliseconds to wait before anything else: the sum of the latency rules that fired (0 when none). */
  latencyMs: number;
  action: 'none' | 'status' | 'reset' | 'drop_after_commit';
  /** action 'status': the status to answer. */
  status?: number;
  /** action 'status' with 429 or 503: the value of the Retry-After header, in seconds. */
  retryAfter?: number;
  /** The index of the non-latency rule that fired, when one did. */
  rule?: number;
}

export interface FaultStats {
  /** Calls of `decide` since the rules were last set. */
  requests: number;
  /** How many times rules of each kind fired (each latency rule that fires counts once). */
  byKind: Record<FaultKind, number>;
  /** How many times each rule fired, by rule index. */
  byRule: number[];
}

interface CompiledRule {
  kind: FaultKind;
  /** Upper-case method, or undefined for every method. */
  method: string | undefined;
  /** Path glob segments, or undefined when the rule matches every path. */
  segments: string[] | undefined;
  probability: number;
  status: number | undefined;
  retryAfter: number | undefined;
  minMs: number;
  maxMs: number;
  /** Firings left (Infinity without `times`). */
  remaining: number;
  /** Requests matched so far: the n of the next matching request. */
  matched: number;
}

const DEFAULT_SEED = 1;
/** Salt of the draw that decides whether a rule fires is 0; latency amounts use their own salt. */
const SALT_LATENCY = 0x2c1b3c6d;

export class FaultInjector {
  private rules: CompiledRule[] = [];
  private seed = DEFAULT_SEED;
  private requests = 0;
  private byKind: Record<FaultKind, number> = emptyByKind();
  private byRule: number[] = [];

  constructor(rules: FaultRule[] = [], seed: number = DEFAULT_SEED) {
    this.set(rules, seed);
  }

  /**
   * Replaces the rules and resets every counter (the per-rule request counts, the `times` left and the stats).
   * Without `seed` the current seed is kept. Throws a RangeError naming `faults[i]` for a rule that cannot be used.
   */
  set(rules: FaultRule[], seed?: number): void {
    const compiled = rules.map((rule, i) => compileRule(rule, i));
    if (seed !== undefined) this.seed = normalizeSeed(seed);
    this.rules = compiled;
    this.requests = 0;
    this.byKind = emptyByKind();
    this.byRule = compiled.map(() => 0);
  }

  /** No rules any more (the seed is kept). */
  clear(): void {
    this.set([]);
  }

  /** The decision for one request. `path` is the URL path; anything from a '?' on is ignored. */
  decide(method: string, path: string): FaultDecision {
    this.requests++;
    const decision: FaultDecision = { latencyMs: 0, action: 'none' };
    if (this.rules.length === 0) return decision;
    const upperMethod = method.toUpperCase();
    let segments: string[] | undefined;
    for (let i = 0; i < this.rules.length; i++) {
      const rule = this.rules[i]!;
      if (rule.method !== undefined && rule.method !== upperMethod) continue;
      if (rule.segments !== undefined) {
        segments ??= pathSegments(path);
        if (!segmentsMatch(rule.segments, segments)) continue;
      }
      const n = rule.matched++;
      if (rule.remaining <= 0) continue;
      if (rule.kind === 'latency') {
        if (faultDraw(this.seed, i, n) >= rule.probability) continue;
        const span = rule.maxMs - rule.minMs + 1;
        decision.latencyMs += rule.minMs + Math.floor(faultDraw(this.seed, i, n, SALT_LATENCY) * span);
        this.fired(rule, i);
        continue;
      }
      if (decision.action !== 'none') continue;
      if (faultDraw(this.seed, i, n) >= rule.probability) continue;
      decision.action = rule.kind;
      decision.rule = i;
      if (rule.kind === 'status') {
        decision.status = rule.status!;
        if (rule.retryAfter !== undefined) decision.retryAfter = rule.retryAfter;
      }
      this.fired(rule, i);
    }
    return decision;
  }

  /** Counts since the rules were last set; a copy. */
  stats(): FaultStats {
    return { requests: this.requests, byKind: { ...this.byKind }, byRule: [...this.byRule] };
  }

  private fired(rule: CompiledRule, index: number): void {
    rule.remaining--;
    this.byKind[rule.kind]++;
    this.byRule[index] = (this.byRule[index] ?? 0) + 1;
  }
}

function emptyByKind(): Record<FaultKind, number> {
  return { latency: 0, status: 0, reset: 0, drop_after_commit: 0 };
}

function normalizeSeed(seed: number): number {
  if (!Number.isFinite(seed)) throw new RangeError(`fault seed must be a finite number, got ${String(seed)}`);
  return Math.trunc(seed) >>> 0;
}

function isIntegerIn(value: unknown, min: number, max: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

function compileRule(rule: FaultRule, index: number): CompiledRule {
  const at = `faults[${index}]`;
  const fail = (message: string): never => {
    throw new RangeError(`${at}: ${message}`);
  };
  if (rule === null || typeof rule !== 'object') fail('must be an object');
  if (!FAULT_KINDS.includes(rule.kind)) fail(`kind must be one of ${FAULT_KINDS.join(', ')}`);
  if (rule.method !== undefined && typeof rule.method !== 'string') fail('method must be a string');
  if (rule.path !== undefined && typeof rule.path !== 'string') fail('path must be a string');
  const probability = rule.probability ?? 1;
  if (typeof probability !== 'number' || !(probability >= 0 && probability <= 1)) fail('probability must be between 0 and 1');
  if (rule.times !== undefined && !isIntegerIn(rule.times, 0, Number.MAX_SAFE_INTEGER)) fail('times must be a non-negative integer');

  let status: number | undefined;
  let retryAfter: number | undefined;
  let minMs = 0;
  let maxMs = 0;
  if (rule.kind === 'status') {
    if (rule.status === undefined || !FAULT_STATUSES.includes(rule.status)) fail(`status must be one of ${FAULT_STATUSES.join(', ')}`);
    status = rule.status;
    if (rule.retry_after !== undefined && !isIntegerIn(rule.retry_after, 0, 3600)) fail('retry_after must be an integer from 0 to 3600');
    if (status === 429 || status === 503) retryAfter = rule.retry_after ?? 1;
  } else if (rule.kind === 'latency') {
    if (!isIntegerIn(rule.min_ms, 0, 60_000)) fail('min_ms must be an integer from 0 to 60000');
    if (!isIntegerIn(rule.max_ms, 0, 60_000)) fail('max_ms must be an integer from 0 to 60000');
    minMs = rule.min_ms!;
    maxMs = rule.max_ms!;
    if (minMs > maxMs) fail(`min_ms (${minMs}) is greater than max_ms (${maxMs})`);
  }

  const method = rule.method === undefined || rule.method === '*' ? undefined : rule.method.toUpperCase();
  const glob = rule.path === undefined ? undefined : compressGlob(pathSegments(rule.path));
  const segments = glob !== undefined && !(glob.length === 1 && glob[0] === '**') ? glob : undefined;
  return {
    kind: rule.kind,
    method,
    segments,
    probability,
    status,
    retryAfter,
    minMs,
    maxMs,
    remaining: rule.times ?? Infinity,
    matched: 0,
  };
}

/** Consecutive '**' segments match the same as one. */
function compressGlob(segments: string[]): string[] {
  return segments.filter((s, i) => !(s === '**' && segments[i - 1] === '**'));
}

/** A path's segments: the query string dropped, one leading '/' removed, then split on '/'. '/' is [""]. */
export function pathSegments(path: string): string[] {
  const q = path.indexOf('?');
  let p = q < 0 ? path : path.slice(0, q);
  if (p.startsWith('/')) p = p.slice(1);
  return p.split('/');
}

/**
 * Whether glob segments match path segments: '**' matches any number of segments (none included), '*' exactly
 * one non-empty segment, anything else only the identical segment. No regular expression is built.
 * Dynamic programming over (glob, path) positions: linear in their product, whatever the number of '**'.
 */
function segmentsMatch(glob: string[], segments: string[]): boolean {
  const width = segments.length + 1;
  let reach = new Uint8Array(width);
  reach[0] = 1;
  for (const g of glob) {
    const next = new Uint8Array(width);
    if (g === '**') {
      let seen = 0;
      for (let j = 0; j < width; j++) {
        seen |= reach[j]!;
        next[j] = seen;
      }
    } else {
      for (let j = 0; j < segments.length; j++) {
        if (reach[j] && (g === '*' ? segments[j] !== '' : segments[j] === g)) next[j + 1] = 1;
      }
    }
    reach = next;
  }
  return reach[segments.length] === 1;
}

/** Whether a fault-rule path glob matches a URL path (exported for tests and tools). */
export function pathMatches(glob: string, path: string): boolean {
  return segmentsMatch(compressGlob(pathSegments(glob)), pathSegments(path));
}

/** A 32-bit integer finalizer with good avalanche (xor-shift / multiply rounds). */
function mix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

/**
 * A uniform draw in [0, 1) that depends only on (seed, rule index, n, salt): each word is folded into the state
 * with a golden-ratio offset and a full mixing round. Salt 0 is the draw compared with a rule's probability.
 */
export function faultDraw(seed: number, rule: number, n: number, salt = 0): number {
  let h = mix32((seed >>> 0) ^ 0x9e3779b9);
  h = mix32((h ^ (rule >>> 0)) + 0x9e3779b9);
  h = mix32((h ^ (n >>> 0)) + 0x9e3779b9);
  h = mix32((h ^ Math.floor(n / 0x100000000)) + 0x9e3779b9);
  h = mix32((h ^ (salt >>> 0)) + 0x9e3779b9);
  return h / 0x100000000;
}
