/**
 * The apply executor with a fake provider and a fake recorder that logs every record and every API call in order:
 * what is recorded before a call, what after, create_before_destroy's deposed object, failures, interrupts, and the
 * parallelism bound.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyPlan, type ApplyOptions } from '../../src/apply/executor.js';
import type { StepRecorder } from '../../src/apply/recorder.js';
import type { Lifecycle } from '../../src/config/types.js';
import type { DesiredResource } from '../../src/plan/inputs.js';
import type { Action, Plan, ResourceChange } from '../../src/plan/types.js';
import { apiKeyResource } from '../../src/provider/cycloid/api-key-resource.js';
import type { ResourceClient } from '../../src/provider/resource.js';
import type { Values } from '../../src/values.js';

const TYPE = 'cycloid_organization_api_key';
const provider = { apiUrl: 'http://127.0.0.1:1', apiKey: 'k', defaultOrganization: 'acme', insecure: false };
const rules = [{ action: 'organization:project:read', effect: 'allow', resources: [] }];
const config = (canonical: string): Values => ({ canonical, name: `Key ${canonical}`, owner: 'admin', rules });
const remote = (canonical: string, id: number): Values => ({ id, organization_canonical: 'acme', canonical, name: `Key ${canonical}`, description: '', owner: 'admin', rules, token: `tok-${canonical}`, last_seven: 'x' });

interface World {
  log: string[];
  /** Calls in flight right now, and the most seen at once. */
  inFlight: number;
  maxInFlight: number;
}

/** A recorder whose records are durable a little later (like fsync), logging when each is durable. */
function fakeRecorder(world: World): StepRecorder {
  const later = (what: string) => new Promise<void>((resolve) => setTimeout(() => {
    world.log.push(`recorded ${what}`);
    resolve();
  }, 2));
  let n = 0;
  return {
    pending: (address) => later(`pending ${address}`),
    set: (address, _type, values) => later(`set ${address} ${String(values['canonical'])}`),
    remove: (address, deposed) => later(`remove ${address}${deposed ? ` deposed ${deposed}` : ''}`),
    depose: (address) => {
      const deposed = `0000000${++n}`;
      return { deposed, recorded: later(`depose ${address} as ${deposed}`) };
    },
    restore: (address, deposed) => later(`restore ${address} deposed ${deposed}`),
  };
}

function fakeClient(world: World, fail: { create?: Set<string>; ambiguous?: Set<string>; delete?: Set<string> } = {}): ResourceClient {
  let nextId = 100;
  const call = async <T>(what: string, result: () => T, failing: boolean, code = 'SERVER'): Promise<T> => {
    world.log.push(`call ${what}`);
    world.inFlight++;
    world.maxInFlight = Math.max(world.maxInFlight, world.inFlight);
    await new Promise((r) => setTimeout(r, 3));
    world.inFlight--;
    if (failing) throw Object.assign(new Error(`${what} failed`), { code });
    return result();
  };
  return {
    list: async () => new Map(),
    read: async () => undefined,
    create: ({ planned }) => {
      const c = String(planned['canonical']);
      return call(`create ${c}`, () => remote(c, nextId++), fail.create?.has(c) === true || fail.ambiguous?.has(c) === true, fail.ambiguous?.has(c) ? 'AMBIGUOUS' : 'SERVER');
    },
    update: ({ planned }) => call(`update ${String(planned['canonical'])}`, () => ({ ...planned }), false),
    delete: ({ prior }) => call(`delete ${String(prior['canonical'])}`, () => undefined, fail.delete?.has(String(prior['canonical'])) === true),
    importState: async () => ({}),
    close: async () => undefined,
  };
}

const lifecycle = (l: Partial<Lifecycle> = {}): Lifecycle => ({ preventDestroy: false, createBeforeDestroy: false, ignoreChanges: [], ...l });

function change(name: string, action: Action, opts: { config?: Values; before?: Values; deposed?: string } = {}): { change: ResourceChange; desired?: DesiredResource } {
  const address = `${TYPE}.${name}`;
  const cfg = opts.config;
  const after = cfg ? apiKeyResource.plannedValues({ config: cfg, provider }) : undefined;
  const c: ResourceChange = {
    address,
    type: TYPE,
    name,
    action,
    ...(opts.before ? { before: opts.before } : {}),
    ...(after && action !== 'delete' ? { after } : {}),
    reason: 'test',
    replacePaths: [],
    changedAttributes: [],
    sensitive: ['token'],
    dependsOn: [],
    createBeforeDestroy: action === 'create-then-delete',
    ...(opts.deposed ? { deposed: opts.deposed } : {}),
  };
  const desired: DesiredResource | undefined = cfg
    ? { address, type: TYPE, name, dependsOn: [], lifecycle: lifecycle({ createBeforeDestroy: action === 'create-then-delete' }), evaluate: () => ({ values: cfg, diagnostics: [] }) }
    : undefined;
  return { change: c, ...(desired ? { desired } : {}) };
}

function options(world: World, parts: Array<{ change: ResourceChange; desired?: DesiredResource }>, extra: Partial<ApplyOptions> & { client?: ResourceClient } = {}): ApplyOptions {
  const plan = { changes: parts.map((p) => p.change), diagnostics: [], drift: [], outputs: [] } as unknown as Plan;
  return {
    plan,
    desired: new Map(parts.filter((p) => p.desired).map((p) => [p.change.address, p.desired!])),
    unchanged: new Map(),
    resourceTypes: new Map([[TYPE, apiKeyResource]]),
    clients: new Map([[TYPE, extra.client ?? fakeClient(world)]]),
    provider,
    parallelism: 4,
    recorder: fakeRecorder(world),
    ...extra,
  };
}

const newWorld = (): World => ({ log: [], inFlight: 0, maxInFlight: 0 });
const before = (log: string[], a: string, b: string) => {
  assert.ok(log.includes(a), `${a} in ${log.join(' | ')}`);
  assert.ok(log.includes(b), `${b} in ${log.join(' | ')}`);
  assert.ok(log.indexOf(a) < log.indexOf(b), `${a} before ${b}: ${log.join(' | ')}`);
};

describe('applyPlan', () => {
  it('records a pending create durably before the call, and the result before the step completes', async () => {
    const world = newWorld();
    const completed: string[] = [];
    const result = await applyPlan(options(world, [change('a', 'create', { config: config('a') })], {
      hooks: { complete: (c) => completed.push(`complete ${c.address}`) },
    }));
    assert.deepEqual(result.failures, []);
    assert.deepEqual(world.log, [`recorded pending ${TYPE}.a`, 'call create a', `recorded set ${TYPE}.a a`]);
    assert.deepEqual(completed, [`complete ${TYPE}.a`]);
  });

  it('never has more calls in flight than the parallelism, and records every key', async () => {
    const world = newWorld();
    const parts = Array.from({ length: 30 }, (_, i) => change(`k${i}`, 'create', { config: config(`k-${i}`) }));
    const result = await applyPlan(options(world, parts, { parallelism: 4 }));
    assert.deepEqual(result.failures, []);
    assert.equal(world.maxInFlight, 4);
    assert.equal(world.log.filter((l) => l.startsWith('recorded set')).length, 30);
    for (let i = 0; i < 30; i++) before(world.log, `recorded pending ${TYPE}.k${i}`, `call create k-${i}`);
  });

  it('create_before_destroy: deposes the old object before creating the new one, then deletes it and drops its record', async () => {
    const world = newWorld();
    const result = await applyPlan(options(world, [change('ci', 'create-then-delete', { config: config('ci-v2'), before: remote('ci', 1) })]));
    assert.deepEqual(result.failures, []);
    const log = world.log;
    before(log, `recorded depose ${TYPE}.ci as 00000001`, 'call create ci-v2');
    before(log, `recorded pending ${TYPE}.ci`, 'call create ci-v2');
    before(log, `recorded set ${TYPE}.ci ci-v2`, 'call delete ci');
    before(log, 'call delete ci', `recorded remove ${TYPE}.ci deposed 00000001`);
    assert.equal(log.filter((l) => l === `recorded remove ${TYPE}.ci`).length, 0, 'the current (new) object stays');
  });

  it('create_before_destroy: a create that failed puts the old object back; an ambiguous one leaves it deposed', async () => {
    const world = newWorld();
    const failed = await applyPlan(options(world, [change('ci', 'create-then-delete', { config: config('ci-v2'), before: remote('ci', 1) })], { client: fakeClient(world, { create: new Set(['ci-v2']) }) }));
    assert.equal(failed.failures.length, 1);
    assert.ok(world.log.includes(`recorded restore ${TYPE}.ci deposed 00000001`));
    assert.ok(world.log.includes(`recorded remove ${TYPE}.ci`));
    assert.ok(!world.log.includes('call delete ci'), 'the old key is not deleted');

    const w2 = newWorld();
    const ambiguous = await applyPlan(options(w2, [change('ci', 'create-then-delete', { config: config('ci-v2'), before: remote('ci', 1) })], { client: fakeClient(w2, { ambiguous: new Set(['ci-v2']) }) }));
    assert.equal(ambiguous.failures.length, 1);
    assert.ok(!w2.log.some((l) => l.startsWith('recorded restore') || l.startsWith('recorded remove')), w2.log.join(' | '));
  });

  it('create_before_destroy: a failed delete leaves the deposed record for the next plan', async () => {
    const world = newWorld();
    const result = await applyPlan(options(world, [change('ci', 'create-then-delete', { config: config('ci-v2'), before: remote('ci', 1) })], { client: fakeClient(world, { delete: new Set(['ci']) }) }));
    assert.deepEqual(result.failures.map((f) => [f.address, f.phase]), [[`${TYPE}.ci`, 'delete']]);
    assert.ok(world.log.includes(`recorded set ${TYPE}.ci ci-v2`));
    assert.ok(!world.log.some((l) => l.includes('deposed 00000001')), world.log.join(' | '));
  });

  it('deletes a deposed object left by an earlier run, after the current object at its address', async () => {
    const world = newWorld();
    const parts = [change('ci', 'update', { config: { ...config('ci-v2'), name: 'Renamed' }, before: remote('ci-v2', 2) }), change('ci', 'delete', { before: remote('ci', 1), deposed: '1a2b3c4d' })];
    parts[0]!.change.after = { ...remote('ci-v2', 2), name: 'Renamed' };
    const result = await applyPlan(options(world, parts));
    assert.deepEqual(result.failures, []);
    before(world.log, `recorded set ${TYPE}.ci ci-v2`, 'call delete ci');
    assert.ok(world.log.includes(`recorded remove ${TYPE}.ci deposed 1a2b3c4d`));
    assert.equal(result.applied.get(`${TYPE}.ci`)?.['name'], 'Renamed', 'the current object is untouched by the deposed delete');
  });

  it('an interrupt takes back the pending records written ahead for creates that were never sent', async () => {
    const world = newWorld();
    const controller = new AbortController();
    const parts = Array.from({ length: 20 }, (_, i) => change(`k${i}`, 'create', { config: config(`k-${i}`) }));
    let started = 0;
    const result = await applyPlan(options(world, parts, {
      parallelism: 2,
      signal: controller.signal,
      hooks: { start: () => { if (++started === 3) controller.abort(); } },
    }));
    assert.equal(result.interrupted, true);
    const sent = new Set(world.log.filter((l) => l.startsWith('call create ')).map((l) => l.slice('call create k-'.length)));
    const pendings = world.log.filter((l) => l.startsWith('recorded pending ')).map((l) => l.slice(`recorded pending ${TYPE}.k`.length));
    const removed = new Set(world.log.filter((l) => l.startsWith('recorded remove ')).map((l) => l.slice(`recorded remove ${TYPE}.k`.length)));
    assert.ok(pendings.length > sent.size, 'pending records were written ahead');
    for (const k of pendings) assert.equal(removed.has(k), !sent.has(k), `k${k}: sent ${sent.has(k)}, taken back ${removed.has(k)}`);
  });
});
