/**
 * Terraform's machine-readable UI (`-json`): one JSON object per line with `@level`, `@message`, `@module`,
 * `@timestamp` and a `type`. Builders for every event keyform emits, and `planEvents` for a whole plan.
 * Timestamps come from the `clock` argument, so output can be reproduced in tests.
 */
import type { Diagnostic } from '../diagnostics.js';
import { hasErrors } from '../diagnostics.js';
import { summarize, type DriftEntry, type DriftKind, type OutputChange, type Plan, type ResourceChange } from '../plan/types.js';
import { PROVIDER_NAME } from '../provider/schema.js';
import { containsUnknown, knownPart, type Value } from '../values.js';
import { ACTION_WORDS, hookAction, hookWords, type HookAction } from './action-words.js';
import { elapsedSeconds, formatElapsed } from './duration.js';
import { summaryText } from './summary-text.js';
import { diagnosticJson } from './json-diagnostic.js';
import { deposedLabel } from '../state/address.js';
import { addressParts } from './resource-address.js';

export type EventType =
  | 'version'
  | 'planned_change'
  | 'resource_drift'
  | 'change_summary'
  | 'apply_start'
  | 'apply_progress'
  | 'apply_complete'
  | 'apply_errored'
  | 'diagnostic'
  | 'outputs';

export type Clock = () => Date;
export const systemClock: Clock = () => new Date();

export interface UiEvent {
  '@level': 'info' | 'warn' | 'error';
  '@message': string;
  '@module': 'keyform.ui';
  '@timestamp': string;
  type: EventType;
  [field: string]: unknown;
}

/** The version of the UI event format (Terraform's `ui` field). */
export const UI_VERSION = '1.2';

function levelOf(type: EventType, extra: Record<string, unknown>): UiEvent['@level'] {
  if (type === 'apply_errored') return 'error';
  if (type === 'diagnostic') return (extra['diagnostic'] as { severity?: string } | undefined)?.severity === 'warning' ? 'warn' : 'error';
  return 'info';
}

/** One event. `extra` holds the type's fields (`change`, `hook`, `changes`, `diagnostic`, `outputs`…). */
export function event(type: EventType, message: string, extra: Record<string, unknown> = {}, clock: Clock = systemClock): UiEvent {
  return { '@level': levelOf(type, extra), '@message': message, '@module': 'keyform.ui', '@timestamp': clock().toISOString(), type, ...extra };
}

/** One line of the `-json` stream. */
export const eventLine = (e: UiEvent): string => `${JSON.stringify(e)}\n`;

/** An address, with the type and name when the caller has them (a ResourceChange does). */
export interface ResourceRef {
  address: string;
  type?: string;
  name?: string;
}

export function resourceJson(ref: ResourceRef): Record<string, unknown> {
  const parts = addressParts(ref.address);
  return {
    addr: ref.address,
    module: parts.module,
    resource: parts.module === '' ? ref.address : ref.address.slice(parts.module.length + 1),
    implied_provider: PROVIDER_NAME,
    resource_type: ref.type ?? parts.type,
    resource_name: ref.name ?? parts.name,
    resource_key: parts.key ?? null,
  };
}

export const versionEvent = (version: string, clock?: Clock): UiEvent => event('version', `keyform ${version}`, { keyform: version, ui: UI_VERSION }, clock);

export function plannedChangeEvent(c: ResourceChange, clock?: Clock): UiEvent {
  const words = ACTION_WORDS[c.action];
  const change: Record<string, unknown> = { resource: resourceJson(c), action: words.eventAction, plan_action: c.action, reason: c.reason };
  if (c.actionReason !== undefined) change['action_reason'] = c.actionReason;
  if (c.deposed !== undefined) change['deposed'] = c.deposed;
  const verb = words.eventAction === 'noop' ? 'no change planned' : `Plan to ${words.eventAction}`;
  return event('planned_change', `${deposedLabel(c.address, c.deposed)}: ${verb}`, { change }, clock);
}

const DRIFT_ACTIONS: Readonly<Record<DriftKind, string>> = { changed: 'update', deleted: 'delete', replaced: 'replace', 'interrupted-create': 'create' };

export function driftEvent(d: DriftEntry, clock?: Clock): UiEvent {
  const action = DRIFT_ACTIONS[d.kind] ?? 'update';
  const change = { resource: resourceJson(d), action, kind: d.kind, ...(d.deposed !== undefined ? { deposed: d.deposed } : {}), message: d.message, changed_attributes: [...d.changedAttributes] };
  return event('resource_drift', `${deposedLabel(d.address, d.deposed)}: Drift detected (${action})`, { change }, clock);
}

export type Operation = 'plan' | 'apply' | 'destroy';

export interface ChangeCounts {
  add: number;
  change: number;
  remove: number;
}

function summaryMessage(c: ChangeCounts, operation: Operation): string {
  if (operation === 'apply') return `Apply complete! Resources: ${c.add} added, ${c.change} changed, ${c.remove} destroyed.`;
  if (operation === 'destroy') return `Destroy complete! Resources: ${c.remove} destroyed.`;
  return `Plan: ${summaryText({ add: c.add, change: c.change, destroy: c.remove })}`;
}

export const changeSummaryEvent = (c: ChangeCounts, operation: Operation, clock?: Clock): UiEvent =>
  event('change_summary', summaryMessage(c, operation), { changes: { add: c.add, change: c.change, remove: c.remove, operation } }, clock);

export function applyStartEvent(ref: ResourceRef, action: HookAction, clock?: Clock): UiEvent {
  return event('apply_start', `${ref.address}: ${hookWords(action).progressive}...`, { hook: { resource: resourceJson(ref), action: hookAction(action) } }, clock);
}

export function applyProgressEvent(ref: ResourceRef, action: HookAction, elapsedMs: number, clock?: Clock): UiEvent {
  const hook = { resource: resourceJson(ref), action: hookAction(action), elapsed_seconds: elapsedSeconds(elapsedMs) };
  return event('apply_progress', `${ref.address}: Still ${hookWords(action).still}... [${formatElapsed(elapsedMs)} elapsed]`, { hook }, clock);
}

/** `idValue` is the canonical of the key (never its token). */
export function applyCompleteEvent(ref: ResourceRef, action: HookAction, done: { elapsedMs: number; idValue?: string }, clock?: Clock): UiEvent {
  const hook: Record<string, unknown> = { resource: resourceJson(ref), action: hookAction(action) };
  if (done.idValue !== undefined) Object.assign(hook, { id_key: 'canonical', id_value: done.idValue });
  hook['elapsed_seconds'] = elapsedSeconds(done.elapsedMs);
  const id = done.idValue !== undefined ? ` [canonical=${done.idValue}]` : '';
  return event('apply_complete', `${ref.address}: ${hookWords(action).noun} complete after ${formatElapsed(done.elapsedMs)}${id}`, { hook }, clock);
}

export function applyErroredEvent(ref: ResourceRef, action: HookAction, failed: { elapsedMs: number; error: string }, clock?: Clock): UiEvent {
  const hook = { resource: resourceJson(ref), action: hookAction(action), elapsed_seconds: elapsedSeconds(failed.elapsedMs), error: failed.error };
  return event('apply_errored', `${ref.address}: ${hookWords(action).noun} errored after ${formatElapsed(failed.elapsedMs)}`, { hook }, clock);
}

export function diagnosticEvent(d: Diagnostic, clock?: Clock): UiEvent {
  return event('diagnostic', `${d.severity === 'warning' ? 'Warning' : 'Error'}: ${d.summary}`, { diagnostic: diagnosticJson(d) }, clock);
}

/** An output after apply (`value`) or in a plan (`action`); a sensitive output never carries its value. */
export interface OutputReport {
  name: string;
  sensitive: boolean;
  value?: Value;
  action?: OutputChange['action'];
}

export function outputsEvent(outputs: readonly OutputReport[], clock?: Clock): UiEvent {
  const entries = outputs.map((o) => {
    const entry: Record<string, unknown> = { sensitive: o.sensitive };
    if (o.action !== undefined) entry['action'] = o.action === 'no-op' ? 'noop' : o.action;
    if (!o.sensitive && o.value !== undefined && !containsUnknown(o.value)) entry['value'] = knownPart(o.value);
    return [o.name, entry] as const;
  });
  return event('outputs', `Outputs: ${outputs.length}`, { outputs: Object.fromEntries(entries) }, clock);
}

/**
 * The events of a plan, in Terraform's order: drift, planned changes, the change summary, the changed outputs,
 * then the plan's diagnostics. When planning failed, only the diagnostics (as Terraform does).
 */
export function planEvents(plan: Plan, clock: Clock = systemClock): UiEvent[] {
  const diagnostics = plan.diagnostics.map((d) => diagnosticEvent(d, clock));
  if (hasErrors(plan.diagnostics)) return diagnostics;
  const out: UiEvent[] = [];
  for (const d of plan.drift) out.push(driftEvent(d, clock));
  for (const c of plan.changes) if (c.action !== 'no-op') out.push(plannedChangeEvent(c, clock));
  const s = summarize(plan);
  out.push(changeSummaryEvent({ add: s.add, change: s.change, remove: s.destroy }, 'plan', clock));
  const outputs = plan.outputs.filter((o) => o.action !== 'no-op');
  if (outputs.length > 0) out.push(outputsEvent(outputs.map((o) => ({ name: o.name, sensitive: o.sensitive, action: o.action })), clock));
  return [...out, ...diagnostics];
}
