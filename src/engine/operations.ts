/**
 * The engine's operations on an open workspace: plan (refresh, then the pure planner) and apply (the executor,
 * recording each step in the state journal, then one atomic commit).
 */
import { applyPlan, type ApplyHooks, type ApplyResult } from '../apply/executor.js';
import type { StepRecorder } from '../apply/recorder.js';
import { DiagnosticsError, hasErrors, type Diagnostic } from '../diagnostics.js';
import type { DesiredResource, PriorInstance } from '../plan/inputs.js';
import { plan as makePlanValue } from '../plan/plan.js';
import type { Plan, PlanMode } from '../plan/types.js';
import { apiKeyClient, CycloidClient, type ProviderEvent } from '../provider/cycloid/index.js';
import type { ProviderSettings, RemoteObject, ResourceClient } from '../provider/resource.js';
import { newDeposedKey, newInstance, type State } from '../state/index.js';
import { containsUnknown, type Value, type Values } from '../values.js';
import { keyformVersion } from '../version.js';
import { defineLazy } from '../lazy-property.js';
import { desiredFromModule } from './desired.js';
import { actionSites, policyDiagnostics } from './policy-check.js';
import { priorDeposed, priorInstances, priorOutputs, stateValues } from './prior.js';
import { providerSettings } from './provider-settings.js';
import { organizationsOf, refresh } from './refresh.js';
import { RESOURCE_TYPES, type Workspace } from './workspace.js';
import type { ModuleContext } from '../config/index.js';

export interface Connection {
  settings: ProviderSettings;
  clients: Map<string, ResourceClient>;
  /** Every key of the organizations, by identity; a listing started by `prefetch` is used when there is one. */
  list(organizations: readonly string[]): Promise<Map<string, RemoteObject>>;
  /**
   * Starts listing these organizations now, for the next `list`: the engine starts the refresh once the state lock
   * is held, so the API serves its pages while the state file is read and decrypted.
   */
  prefetch(organizations: readonly string[], also?: { policies?: boolean }): void;
  /** The organization's policy codes (GET /policies), read once per connection (a prefetch may have started it). */
  listPolicies(org: string): Promise<Array<{ code: string }>>;
  close(): Promise<void>;
}

/** The provider's clients for a workspace's configuration and environment; diagnostics when settings are missing. */
export function connect(ws: Pick<Workspace, 'context' | 'env'>, opts: { onEvent?: (e: ProviderEvent) => void; connections?: number } = {}): Connection {
  const { settings, diagnostics } = providerSettings(ws.context, ws.env);
  if (!settings) throw new DiagnosticsError(diagnostics);
  const client = new CycloidClient({
    apiUrl: settings.apiUrl,
    apiKey: settings.apiKey,
    insecure: settings.insecure,
    connections: opts.connections ?? 10,
    ...(settings.timeoutMs !== undefined ? { timeoutMs: settings.timeoutMs } : {}),
    ...(settings.retries !== undefined ? { retry: { attempts: settings.retries + 1 } } : {}),
    ...(opts.onEvent ? { onEvent: opts.onEvent } : {}),
  });
  const resource = apiKeyClient({ client, ...(settings.defaultOrganization ? { defaultOrganization: settings.defaultOrganization } : {}) });
  let prefetched: { organizations: Set<string>; listing: Promise<Map<string, RemoteObject>> } | undefined;
  const policyLists = new Map<string, Promise<Array<{ code: string }>>>();
  const listPolicies = (org: string): Promise<Array<{ code: string }>> => {
    let listing = policyLists.get(org);
    if (!listing) {
      listing = client.listPolicies(org);
      listing.catch(() => undefined); // reported by the policy check that takes it
      policyLists.set(org, listing);
    }
    return listing;
  };
  return {
    settings,
    clients: new Map([['cycloid_organization_api_key', resource]]),
    prefetch(organizations, also = {}) {
      if (organizations.length === 0) return;
      const listing = refresh(resource, organizations);
      listing.catch(() => undefined); // reported by the list that takes it
      prefetched = { organizations: new Set(organizations), listing };
      // The policy codes a plan checks new keys' rule actions against: read beside the keys, not after the plan.
      if (also.policies) for (const org of organizations) void listPolicies(org);
    },
    async list(organizations) {
      const early = prefetched;
      prefetched = undefined; // used once: a later refresh reads the API again
      if (!early) return refresh(resource, organizations);
      const missing = organizations.filter((o) => !early.organizations.has(o));
      const [found, more] = await Promise.all([early.listing, refresh(resource, missing)]);
      const wanted = new Set(organizations);
      const out = new Map<string, RemoteObject>();
      for (const [identity, values] of found) if (wanted.has(identity.slice(0, identity.indexOf('/')))) out.set(identity, values);
      for (const [identity, values] of more) out.set(identity, values);
      return out;
    },
    listPolicies,
    close: () => resource.close(),
  };
}

/** The organizations the configuration alone names (without other resources' values, or through the provider's default). */
export function configuredOrganizations(ctx: ModuleContext | undefined, settings: ProviderSettings): string[] {
  const resources = ctx ? desiredFromModule(ctx).resources : [];
  return organizationsOf([], resources, settings, (r) => r.organization);
}

export interface PlanOptions {
  mode: PlanMode;
  refresh: boolean;
  /** Live objects already read (by `refreshAll`); otherwise read here when `refresh` is true. */
  refreshed?: Map<string, RemoteObject>;
  targets: string[];
  replace: string[];
}

export async function makePlan(ws: Workspace, conn: Connection, opts: PlanOptions): Promise<Plan> {
  const desired = ws.context ? desiredFromModule(ws.context) : { resources: [], outputs: [] };
  const prior = priorInstances(ws.state);
  checkAddresses(opts, desired.resources, prior.map((p) => p.address));
  const refreshed = opts.refreshed ?? (opts.refresh ? await refreshAll(ws, conn, desired.resources) : undefined);
  const plan = makePlanValue({
    mode: opts.mode,
    keyformVersion: keyformVersion(),
    configHash: '',
    lineage: ws.state.lineage,
    serial: ws.state.serial,
    resources: desired.resources,
    outputs: desired.outputs,
    prior,
    deposed: priorDeposed(ws.state),
    priorOutputs: priorOutputs(ws.state),
    ...(refreshed ? { refreshed } : {}),
    resourceTypes: RESOURCE_TYPES,
    provider: conn.settings,
    targets: opts.targets,
    replace: opts.replace,
  });
  defineLazy(plan, 'configHash', () => ws.configHash); // hashing a large configuration takes a while: only saved and JSON plans need it
  if (opts.refresh && opts.mode === 'normal') plan.diagnostics.push(...(await policyWarnings(plan, desired.resources, conn)));
  return plan;
}

/**
 * Rule actions of the keys this plan creates that match none of their organization's policy codes: such a key
 * would grant nothing. Warnings only — a plan never fails because the policy list cannot be read.
 */
async function policyWarnings(plan: Plan, resources: readonly DesiredResource[], conn: Connection): Promise<Diagnostic[]> {
  const byAddress = new Map(resources.map((r) => [r.address, r]));
  const created = plan.changes.filter((c) => c.after && (c.action === 'create' || c.action === 'delete-then-create' || c.action === 'create-then-delete'));
  const sites = actionSites(
    created.map((c) => {
      const r = byAddress.get(c.address);
      return { address: c.address, values: c.after!, source: r?.source ?? { file: '' }, ...(r?.sensitive ? { sensitive: r.sensitive } : {}) };
    }),
    conn.settings.defaultOrganization,
  );
  if (sites.length === 0) return [];
  const found = await policyDiagnostics(sites, (org) => conn.listPolicies(org));
  return found.map((d) => (d.severity === 'error' ? { ...d, severity: 'warning' as const, summary: `Policy check skipped: ${d.summary}` } : d));
}

/** Every key of every organization the state or the configuration names, by identity (`org/canonical`). */
export async function refreshAll(ws: Workspace, conn: Connection, desired?: DesiredResource[], prior: PriorInstance[] = priorInstances(ws.state)): Promise<Map<string, RemoteObject>> {
  const resources = desired ?? (ws.context ? desiredFromModule(ws.context).resources : []);
  const orgs = organizationsOf([...prior, ...priorDeposed(ws.state)], resources, conn.settings, (r) => r.organization);
  return conn.list(orgs);
}

function checkAddresses(opts: PlanOptions, desired: DesiredResource[], prior: string[]): void {
  const known = new Set([...desired.map((d) => d.address), ...prior]);
  const problems: Diagnostic[] = [];
  for (const [flag, list] of [['--target', opts.targets], ['--replace', opts.replace]] as const) {
    for (const a of list) {
      if (!known.has(a) && ![...known].some((k) => k.startsWith(`${a}[`))) {
        problems.push({ severity: 'error', summary: `${flag} ${a}: no such resource in the configuration or the state`, detail: `Known addresses: ${[...known].sort().slice(0, 10).join(', ') || '(none)'}` });
      }
    }
  }
  if (problems.length > 0) throw new DiagnosticsError(problems);
}

export interface ApplyRunOptions {
  parallelism: number;
  hooks?: ApplyHooks;
  signal?: AbortSignal;
}

export interface ApplyRun extends ApplyResult {
  state: State;
  outputs: Record<string, { value: Value; sensitive: boolean }>;
}

/** Applies a plan made against the workspace's state; every step is journaled before it is reported. */
export async function applyChanges(ws: Workspace, conn: Connection, plan: Plan, opts: ApplyRunOptions): Promise<ApplyRun> {
  if (hasErrors(plan.diagnostics)) throw new DiagnosticsError(plan.diagnostics);
  const journal = await ws.backend.openJournal(ws.state);
  const typeOf = (address: string) => address.slice(0, address.indexOf('.'));
  const recorder: StepRecorder = {
    pending: (address, type, values, deps, sensitive) => journal.append({ op: 'pending', address, instance: newInstance(type, values, deps, { status: 'pending_create' }, sensitive) }),
    set: (address, type, values, deps, sensitive) => journal.append({ op: 'set', address, instance: newInstance(type, values, deps, {}, sensitive) }),
    remove: (address, deposed) => journal.append({ op: 'remove', address, ...(deposed !== undefined ? { deposed } : {}) }),
    depose: (address) => {
      const deposed = newDeposedKey(journal.state, address);
      return { deposed, recorded: journal.append({ op: 'depose', address, deposed }) };
    },
    restore: (address, deposed) => journal.append({ op: 'restore', address, deposed }),
  };
  // What refresh found is recorded first: keys deleted outside leave the state, changed ones take their live values
  // (the same object: its recorded sensitive attributes are kept).
  const priorByAddress = new Map(priorInstances(ws.state).map((p) => [p.address, p]));
  for (const d of plan.drift) {
    if (d.kind === 'deleted') await recorder.remove(d.address, d.deposed);
    else if (d.kind === 'changed' && d.after) {
      const prior = priorByAddress.get(d.address);
      await recorder.set(d.address, typeOf(d.address), d.after, prior?.dependencies ?? [], prior?.sensitive ?? []);
    }
  }
  const desired = ws.context ? desiredFromModule(ws.context) : { resources: [], outputs: [] };
  await recordSensitivity(plan, journal.state, desired.resources, recorder);
  const unchanged = stateValues(journal.state);
  const result = await applyPlan({
    plan,
    desired: new Map(desired.resources.map((r) => [r.address, r])),
    unchanged,
    resourceTypes: RESOURCE_TYPES,
    clients: conn.clients,
    provider: conn.settings,
    parallelism: opts.parallelism,
    recorder,
    ...(opts.hooks ? { hooks: opts.hooks } : {}),
    ...(opts.signal ? { signal: opts.signal } : {}),
  });
  const outputs: Record<string, { value: Value; sensitive: boolean }> = {};
  if (plan.mode !== 'refresh-only' && result.failures.length === 0 && !result.interrupted) {
    const finalValues = stateValues(journal.state);
    const resolve = (a: string): Values | undefined => finalValues.get(a);
    for (const o of plan.mode === 'destroy' ? [] : desired.outputs) {
      const { value } = o.evaluate(resolve);
      const known = containsUnknown(value) ? null : value;
      outputs[o.name] = { value: known, sensitive: o.sensitive };
      await journal.append({ op: 'output', name: o.name, value: known, sensitive: o.sensitive });
    }
    for (const name of Object.keys(journal.state.outputs)) {
      if (!Object.hasOwn(outputs, name)) await journal.append({ op: 'remove-output', name });
    }
  }
  const state = await ws.backend.commit(journal.state);
  ws.state = state;
  return { ...result, state, outputs };
}

/**
 * Unchanged instances whose sensitive attributes in the configuration differ from the state's record: the record
 * follows the configuration (values and dependencies as they are; no API call).
 */
async function recordSensitivity(plan: Plan, state: State, resources: readonly DesiredResource[], recorder: StepRecorder): Promise<void> {
  const marked = plan.changes.filter((c) => c.action === 'no-op' && c.sensitivityChanged?.length);
  if (marked.length === 0) return;
  const desired = new Map(resources.map((r) => [r.address, r]));
  const prior = new Map(priorInstances(state).map((p) => [p.address, p]));
  for (const c of marked) {
    const p = prior.get(c.address);
    if (p) await recorder.set(c.address, c.type, p.values, p.dependencies, desired.get(c.address)?.sensitive ?? []);
  }
}
