/**
 * Saved plans (`plan --out FILE`): the Plan with unknown values marked, sensitive values removed, and an HMAC
 * keyed by the state's encryption key, so a tampered file is refused. Applying one is refused when the state's
 * lineage or serial, or the configuration, changed since the plan was made.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { KeyformError } from '../diagnostics.js';
import type { Plan, ResourceChange } from '../plan/types.js';
import { deposedLabel, type State, type StateKey } from '../state/index.js';
import { containsUnknown, isUnknown, UNKNOWN, type Values } from '../values.js';
import { decryptValue, encryptValue } from '../state/secrets.js';
import { priorDeposed, stateValues } from './prior.js';
import { systemReason } from '../system-reason.js';

const UNKNOWN_MARK = '__keyform_unknown__';
const SENSITIVE_MARK = '__keyform_sensitive__';

/**
 * A value with unknowns marked and its top-level `sensitive` attributes encrypted (AES-256-GCM with the state's
 * key, like the state's own secrets): a value from a sensitive variable is in no state to restore it from.
 */
function encode(v: unknown, sensitive: readonly string[] = [], key?: Buffer, top = true): unknown {
  if (isUnknown(v)) return { [UNKNOWN_MARK]: true };
  if (Array.isArray(v)) return v.map((x) => encode(x, [], key, false));
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      const secret = top && sensitive.includes(k) && x !== null && !isUnknown(x);
      out[k] = secret ? { [SENSITIVE_MARK]: true, ...(key && !containsUnknown(x) ? { value: encryptValue(x, key) } : {}) } : encode(x, [], key, false);
    }
    return out;
  }
  return v;
}

function decode(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(decode);
  if (v !== null && typeof v === 'object') {
    if ((v as Record<string, unknown>)[UNKNOWN_MARK] === true) return UNKNOWN;
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = decode(x);
    return out;
  }
  return v;
}

function mac(key: Buffer, body: string): string {
  return createHmac('sha256', key).update('keyform-plan-v1\n').update(body).digest('hex');
}

export function writePlanFile(path: string, plan: Plan, key: StateKey): void {
  const body = JSON.stringify({
    ...plan,
    changes: plan.changes.map((c) => ({ ...c, before: encode(c.before, c.sensitive, key.key), after: encode(c.after, c.sensitive, key.key) })),
    // A drift's token comes back from the state; values the state records as sensitive beyond it are encrypted.
    drift: plan.drift.map((d) => ({ ...d, before: encode(d.before, ['token', ...(d.sensitive ?? [])], d.sensitive ? key.key : undefined), after: encode(d.after, ['token', ...(d.sensitive ?? [])], d.sensitive ? key.key : undefined) })),
    outputs: plan.outputs.map((o) => ({ ...o, before: o.sensitive ? encode(o.before === undefined ? undefined : { v: o.before }, ['v']) : encode(o.before), after: o.sensitive ? encode(o.after === undefined ? undefined : { v: o.after }, ['v']) : encode(o.after) })),
  });
  writeFileSync(path, `${JSON.stringify({ keyform_plan: 1, mac: mac(key.key, body), plan: JSON.parse(body) as unknown }, null, 1)}\n`, { mode: 0o600 });
  chmodSync(path, 0o600);
}

/**
 * Reads a saved plan made against `state` with `key`; sensitive values come back from the state (whose lineage and
 * serial the plan names, so they are the same values). `configHash` (the configuration and its variable values
 * now) must be the plan's, unless undefined (showing a plan needs no configuration). `stateIsNew`: no state file
 * exists yet — a plan made while none existed either (serial 0) is accepted, and the new state takes its lineage.
 */
export function readPlanFile(path: string, key: StateKey, state: State, configHash: string | undefined, stateIsNew = false): Plan {
  let file: { keyform_plan?: unknown; mac?: unknown; plan?: unknown };
  try {
    file = JSON.parse(readFileSync(path, 'utf8')) as typeof file;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === undefined ? 'it is not JSON' : (systemReason(code) ?? `it cannot be read (${code})`);
    throw new KeyformError('PLAN_UNREADABLE', `${path} is not a keyform plan file: ${why}`);
  }
  if (file?.keyform_plan !== 1 || typeof file.mac !== 'string' || typeof file.plan !== 'object' || file.plan === null) {
    throw new KeyformError('PLAN_UNREADABLE', `${path} is not a keyform plan file (made by keyform plan --out)`);
  }
  const body = JSON.stringify(file.plan);
  const expected = Buffer.from(mac(key.key, body), 'hex');
  const given = Buffer.from(/^[0-9a-f]{64}$/.test(file.mac) ? file.mac : '', 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new KeyformError('PLAN_TAMPERED', `${path} was changed after it was made, or made with another encryption key: it is refused`);
  }
  const raw = decode(file.plan) as Plan;
  if (raw.lineage !== state.lineage && stateIsNew && raw.serial === 0 && state.serial === 0) {
    state.lineage = raw.lineage;
  } else if (raw.lineage !== state.lineage) {
    throw new KeyformError('PLAN_STALE', `${path} was made for another state (lineage ${raw.lineage}, this state's is ${state.lineage}): run plan again`);
  }
  if (raw.serial !== state.serial) {
    throw new KeyformError('PLAN_STALE', `${path} is stale: the state moved from serial ${raw.serial} to ${state.serial} since the plan was made: run plan again`);
  }
  if (configHash !== undefined && raw.configHash !== configHash) {
    throw new KeyformError('PLAN_STALE', `${path} is stale: the configuration changed since the plan was made: run plan again`);
  }
  // Sensitive values by object: the current object at an address, or a deposed object by its label.
  const values = stateValues(state);
  for (const d of priorDeposed(state)) values.set(deposedLabel(d.address, d.deposed), d.values);
  const restore = (v: Values | undefined, address: string, deposed: string | undefined): Values | undefined => {
    if (!v) return v;
    const out: Values = {};
    for (const [k, x] of Object.entries(v)) {
      const mark = x !== null && typeof x === 'object' && (x as Record<string, unknown>)[SENSITIVE_MARK] === true ? (x as { value?: unknown }) : undefined;
      if (!mark) out[k] = x;
      else if (typeof mark.value === 'string') {
        const clear = decryptValue(mark.value, key.key);
        if (clear === undefined) throw new KeyformError('PLAN_TAMPERED', `${path}: a sensitive value of ${address} cannot be decrypted with this encryption key: it is refused`);
        out[k] = clear;
      } else out[k] = values.get(deposedLabel(address, deposed))?.[k] ?? null;
    }
    return out;
  };
  const changes: ResourceChange[] = raw.changes.map((c) => {
    const before = restore(c.before, c.address, c.deposed);
    const after = restore(c.after, c.address, c.deposed);
    return { ...c, ...(before ? { before } : {}), ...(after ? { after } : {}) };
  });
  const drift = raw.drift.map((d) => ({ ...d, before: restore(d.before, d.address, d.deposed)!, ...(d.after ? { after: restore(d.after, d.address, d.deposed)! } : {}) }));
  return { ...raw, changes, drift, outputs: raw.outputs.map((o) => ({ ...o, before: unwrap(o.before, state, o.name), after: unwrap(o.after, state, o.name) })) };
}

function unwrap(v: unknown, state: State, name: string): never {
  if (v !== null && typeof v === 'object' && 'v' in (v as object)) {
    const inner = (v as { v: unknown }).v;
    return (inner !== null && typeof inner === 'object' && (inner as Record<string, unknown>)[SENSITIVE_MARK] === true ? state.outputs[name]?.value ?? null : inner) as never;
  }
  return v as never;
}
