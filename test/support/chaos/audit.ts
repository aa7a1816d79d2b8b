/**
 * What must hold after a converged run, checked against the organization itself (with the faults off):
 * remote keys = desired, no key twice, no orphan (a key that neither state nor configuration knows), every key's
 * token in state (not unknown, its last_seven the live key's, and it authenticates), and state = remote.
 */
import type { EmulatorHandle } from '../../../src/emulator/index.js';
import { call } from '../api.js';
import type { StateKeyEntry } from './state-check.js';

export interface RemoteKey {
  id: number;
  canonical: string;
  name: string;
  description?: string;
  last_seven: string;
  rules: Array<{ action: string; effect: string; resources?: string[] }>;
}

export interface Audit {
  remote: number;
  /** Desired keys missing from the organization. */
  missing: string[];
  /** Keys made twice: a canonical or a name (each desired key has its own) seen more than once. */
  duplicates: string[];
  orphans: string[];
  /** Keys whose token is not in state, is recorded as unknown, is not the live key's, or does not authenticate. */
  lostTokens: string[];
  /** State entries that differ from their live key, or name a key that is gone. */
  stateMismatches: string[];
}

/** Every key of the organization, through its pages, with the admin token. */
export async function listRemote(emu: EmulatorHandle): Promise<RemoteKey[]> {
  const out: RemoteKey[] = [];
  for (let page = 1; ; page++) {
    const res = await call(emu.url, 'GET', `/organizations/${emu.organization}/api_keys?page_index=${page}&page_size=1000`, { token: emu.adminToken });
    if (res.status !== 200) throw new Error(`listing keys: ${res.status} ${res.text.slice(0, 200)}`);
    out.push(...(res.body.data as RemoteKey[]));
    if (out.length >= res.body.pagination.total || res.body.data.length === 0) return out;
  }
}

/** Whether a token is accepted by the API (any authenticated caller may list policies). */
export async function authenticates(emu: EmulatorHandle, token: string): Promise<boolean> {
  const res = await call(emu.url, 'GET', `/organizations/${emu.organization}/policies?page_size=1`, { token });
  return res.status === 200;
}

const rulesKey = (rules: unknown): string =>
  JSON.stringify(
    ((rules as RemoteKey['rules']) ?? []).map((r) => ({ action: r.action, effect: r.effect, resources: [...(r.resources ?? [])].sort() })).sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1)),
  );

/** `adminCanonical` is the emulator's own key: known to everyone, never an orphan. */
export async function audit(emu: EmulatorHandle, desired: readonly string[], state: readonly StateKeyEntry[], adminCanonical = 'admin'): Promise<Audit> {
  const remote = await listRemote(emu);
  const issued = new Set(emu.issuedTokens());
  const byCanonical = new Map<string, RemoteKey>();
  const seenNames = new Map<string, number>();
  const result: Audit = { remote: remote.length, missing: [], duplicates: [], orphans: [], lostTokens: [], stateMismatches: [] };
  for (const k of remote) {
    if (byCanonical.has(k.canonical)) result.duplicates.push(`canonical ${k.canonical}`);
    byCanonical.set(k.canonical, k);
    seenNames.set(k.name, (seenNames.get(k.name) ?? 0) + 1);
  }
  for (const [name, n] of seenNames) if (n > 1) result.duplicates.push(`name "${name}" ×${n}`);
  const desiredSet = new Set(desired);
  const inState = new Map<string, StateKeyEntry>();
  for (const s of state) {
    const c = s.attributes['canonical'];
    if (typeof c === 'string') inState.set(c, s);
  }
  for (const k of remote) {
    if (k.canonical !== adminCanonical && !desiredSet.has(k.canonical) && !inState.has(k.canonical)) result.orphans.push(k.canonical);
  }
  for (const c of desired) if (!byCanonical.has(c)) result.missing.push(c);

  const checks: Array<() => Promise<void>> = [];
  for (const c of desired) {
    const live = byCanonical.get(c);
    if (!live) continue;
    const entry = inState.get(c);
    const token = entry?.attributes['token'];
    if (!entry) result.lostTokens.push(`${c}: not in state`);
    else if (entry.status === 'pending_create') result.lostTokens.push(`${c}: recorded as a pending create (token unknown)`);
    else if (typeof token !== 'string' || token === '') result.lostTokens.push(`${c}: no token in state`);
    else if (token.slice(-7) !== live.last_seven) result.lostTokens.push(`${c}: the token in state is not the live key's (last_seven ${token.slice(-7)} ≠ ${live.last_seven})`);
    else if (!issued.has(token)) result.lostTokens.push(`${c}: the token in state was never issued by the API`);
    else checks.push(async () => {
      if (!(await authenticates(emu, token))) result.lostTokens.push(`${c}: the token in state does not authenticate`);
    });
  }
  // Ten at a time: the emulator is in this process.
  for (let i = 0; i < checks.length; i += 10) await Promise.all(checks.slice(i, i + 10).map((f) => f()));

  for (const s of state) {
    const c = s.attributes['canonical'];
    const live = typeof c === 'string' ? byCanonical.get(c) : undefined;
    if (!live) {
      result.stateMismatches.push(`${s.address}: in state, but no such key in the organization`);
      continue;
    }
    const diffs: string[] = [];
    if (s.attributes['id'] !== live.id) diffs.push('id');
    if (s.attributes['name'] !== live.name) diffs.push('name');
    if ((s.attributes['description'] ?? '') !== (live.description ?? '')) diffs.push('description');
    if (s.attributes['last_seven'] !== live.last_seven) diffs.push('last_seven');
    if (rulesKey(s.attributes['rules']) !== rulesKey(live.rules)) diffs.push('rules');
    if (diffs.length > 0) result.stateMismatches.push(`${s.address}: ${diffs.join(', ')} differ from the live key`);
  }
  return result;
}

/** The must-be-zero findings of an audit, as one list (empty when everything holds). */
export function auditProblems(a: Audit): string[] {
  return [
    ...a.missing.map((c) => `missing: ${c}`),
    ...a.duplicates.map((d) => `duplicate: ${d}`),
    ...a.orphans.map((c) => `orphan: ${c}`),
    ...a.lostTokens.map((t) => `lost token: ${t}`),
    ...a.stateMismatches.map((m) => `state ≠ remote: ${m}`),
  ];
}
