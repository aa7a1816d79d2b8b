/** The planner, table-driven: every action, drift kind and lifecycle rule, with apiKeyResource as the resource. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Lifecycle } from '../../src/config/types.js';
import type { DeposedInstance, DesiredOutput, DesiredResource, PlanInput, PriorInstance } from '../../src/plan/inputs.js';
import { plan } from '../../src/plan/plan.js';
import { summarize, type Plan } from '../../src/plan/types.js';
import { apiKeyResource } from '../../src/provider/cycloid/api-key-resource.js';
import type { RemoteObject } from '../../src/provider/resource.js';
import { isUnknown, UNKNOWN, type Values } from '../../src/values.js';

const TYPE = 'cycloid_organization_api_key';
const lifecycle = (l: Partial<Lifecycle> = {}): Lifecycle => ({ preventDestroy: false, createBeforeDestroy: false, ignoreChanges: [], ...l });
const read = [{ action: 'organization:project:read', effect: 'allow', resources: [] }];

function desired(name: string, config: Values, opts: { lifecycle?: Partial<Lifecycle>; dependsOn?: string[]; evaluate?: DesiredResource['evaluate'] } = {}): DesiredResource {
  return {
    address: `${TYPE}.${name}`,
    type: TYPE,
    name,
    dependsOn: opts.dependsOn ?? [],
    lifecycle: lifecycle(opts.lifecycle),
    evaluate: opts.evaluate ?? (() => ({ values: config, diagnostics: [] })),
  };
}

function stored(name: string, values: Partial<Values> = {}, status?: PriorInstance['status']): PriorInstance {
  return {
    address: `${TYPE}.${name}`,
    type: TYPE,
    name,
    values: <Values>{ id: 1, organization_canonical: 'acme', canonical: name.replace(/_/g, '-'), name: `Key ${name}`, description: '', owner: 'admin', rules: read, token: `tok-${name}`, last_seven: 'x', ...values },
    dependencies: [],
    ...(status ? { status } : {}),
  };
}

function remoteOf(p: PriorInstance, changes: Partial<Values> = {}): [string, RemoteObject] {
  const { token: _t, ...rest } = p.values;
  return [`acme/${String(p.values["canonical"])}`, { ...rest, ...changes } as Values];
}

function run(partial: Partial<PlanInput>): Plan {
  return plan({
    mode: 'normal',
    keyformVersion: '0.0.0-test',
    configHash: 'h',
    lineage: 'L',
    serial: 1,
    resources: [],
    outputs: [],
    prior: [],
    priorOutputs: {},
    resourceTypes: new Map([[TYPE, apiKeyResource]]),
    provider: { apiUrl: 'http://127.0.0.1:1', apiKey: 'k', defaultOrganization: 'acme', insecure: false },
    targets: [],
    replace: [],
    ...partial,
  });
}

const config = (name: string, extra: Values = {}): Values => ({ canonical: name.replace(/_/g, '-'), name: `Key ${name}`, owner: 'admin', rules: read, ...extra });
const change = (p: Plan, name: string) => p.changes.find((c) => c.address === `${TYPE}.${name}`)!;

describe('plan', () => {
  it('creates what is only in the configuration, with computed values unknown and the grant in the security view', () => {
    const p = run({ resources: [desired('ci', config('ci'))] });
    const c = change(p, 'ci');
    assert.equal(c.action, 'create');
    assert.equal(c.before, undefined);
    assert.ok(isUnknown(c.after!['token']) && isUnknown(c.after!['id']));
    assert.equal(c.after!['canonical'], 'ci');
    assert.deepEqual(c.sensitive, ['token']);
    assert.deepEqual(c.security?.added.map((r) => r.action), ['organization:project:read']);
    assert.equal(c.security?.broadened, false, 'a plain new key is a grant, not a broadening to flag');
    const admin = run({ resources: [desired('root', config('root', { rules: [{ action: 'organization:**', effect: 'allow', resources: [] }] }))] });
    assert.equal(change(admin, 'root').security?.broadened, true, 'a new key with every action is flagged');
    assert.deepEqual(summarize(p), { add: 1, change: 0, destroy: 0, replace: 0 });
  });

  it('is a no-op when state, remote and configuration agree', () => {
    const prior = stored('ci');
    const p = run({ resources: [desired('ci', config('ci'))], prior: [prior], refreshed: new Map([remoteOf(prior)]) });
    assert.equal(change(p, 'ci').action, 'no-op');
    assert.equal(p.drift.length, 0);
    assert.deepEqual(summarize(p), { add: 0, change: 0, destroy: 0, replace: 0 });
  });

  it('updates name, description and owner in place, keeping the token', () => {
    const prior = stored('ci');
    const p = run({ resources: [desired('ci', config('ci', { name: 'Renamed', description: 'new', owner: 'bob' }))], prior: [prior], refreshed: new Map([remoteOf(prior)]) });
    const c = change(p, 'ci');
    assert.equal(c.action, 'update');
    assert.deepEqual(c.changedAttributes, ['description', 'name', 'owner']);
    assert.equal(c.after!['token'], 'tok-ci');
    assert.match(c.reason, /in place; the token is kept/);
  });

  it('replaces the key when rules change, with the reason, the replace path and what the change grants', () => {
    const prior = stored('ci');
    const wider = [{ action: 'organization:**', effect: 'allow', resources: [] }];
    const p = run({ resources: [desired('ci', config('ci', { rules: wider }))], prior: [prior], refreshed: new Map([remoteOf(prior)]) });
    const c = change(p, 'ci');
    assert.equal(c.action, 'delete-then-create');
    assert.deepEqual(c.replacePaths, [['rules']]);
    assert.match(c.reason, /rules are immutable/);
    assert.ok(isUnknown(c.after!['token']), 'a replacement gets a new token');
    assert.equal(c.before!['token'], 'tok-ci');
    assert.equal(c.security?.broadened, true);
    assert.ok(c.security!.findings.some((f) => f.kind === 'full-wildcard'));
  });

  it('does not replace the key when its rules are only reordered', () => {
    const two = [{ action: 'a:read', effect: 'allow', resources: [] }, { action: 'b:read', effect: 'allow', resources: [] }];
    const prior = stored('ci', { rules: two });
    const p = run({ resources: [desired('ci', config('ci', { rules: [two[1]!, two[0]!] }))], prior: [prior], refreshed: new Map([remoteOf(prior)]) });
    assert.equal(change(p, 'ci').action, 'no-op');
  });

  it('create_before_destroy replaces create-then-delete, and refuses a same-canonical replacement', () => {
    const prior = stored('ci');
    const other = [{ action: 'organization:credential:read', effect: 'allow', resources: [] }];
    const renamed = run({ resources: [desired('ci', config('ci', { canonical: 'ci-v2', rules: other }), { lifecycle: { createBeforeDestroy: true } })], prior: [prior], refreshed: new Map([remoteOf(prior)]) });
    assert.equal(change(renamed, 'ci').action, 'create-then-delete');
    assert.equal(renamed.diagnostics.length, 0);
    const same = run({ resources: [desired('ci', config('ci', { rules: other }), { lifecycle: { createBeforeDestroy: true } })], prior: [prior], refreshed: new Map([remoteOf(prior)]) });
    assert.match(same.diagnostics[0]!.summary, /create_before_destroy cannot be honoured/);
  });

  it('--replace rotates a token even without a change', () => {
    const prior = stored('ci');
    const p = run({ resources: [desired('ci', config('ci'))], prior: [prior], refreshed: new Map([remoteOf(prior)]), replace: [`${TYPE}.ci`] });
    const c = change(p, 'ci');
    assert.equal(c.action, 'delete-then-create');
    assert.equal(c.actionReason, 'replace_by_request');
    assert.match(c.reason, /rotated/);
  });

  it('deletes what left the configuration, and prevent_destroy stops a replacement with an error', () => {
    const gone = stored('old');
    const p = run({ prior: [gone], refreshed: new Map([remoteOf(gone)]) });
    assert.equal(change(p, 'old').action, 'delete');
    assert.equal(change(p, 'old').actionReason, 'delete_because_no_resource_config');
    const kept = stored('ci');
    const guarded = run({ resources: [desired('ci', config('ci', { rules: [] }), { lifecycle: { preventDestroy: true } })], prior: [kept], refreshed: new Map([remoteOf(kept)]) });
    assert.equal(guarded.diagnostics[0]!.severity, 'error');
    assert.match(guarded.diagnostics[0]!.summary, /prevent_destroy/);
  });

  it('drift: a key deleted outside is reported and planned for creation again', () => {
    const prior = stored('ci');
    const p = run({ resources: [desired('ci', config('ci'))], prior: [prior], refreshed: new Map() });
    assert.deepEqual(p.drift.map((d) => d.kind), ['deleted']);
    assert.equal(change(p, 'ci').action, 'create');
    assert.equal(change(p, 'ci').actionReason, 'recreate_because_deleted_outside');
  });

  it('drift: a key changed outside is reported apart and updated back', () => {
    const prior = stored('ci');
    const p = run({ resources: [desired('ci', config('ci'))], prior: [prior], refreshed: new Map([remoteOf(prior, { name: 'Hacked', description: 'x' })]) });
    assert.deepEqual(p.drift.map((d) => [d.kind, d.changedAttributes]), [['changed', ['description', 'name']]]);
    const c = change(p, 'ci');
    assert.equal(c.action, 'update');
    assert.equal(c.before!['name'], 'Hacked');
    assert.equal(c.after!['name'], 'Key ci');
  });

  it('drift: a key replaced outside (same canonical, other id) is replaced, since the stored token is dead', () => {
    const prior = stored('ci');
    const p = run({ resources: [desired('ci', config('ci'))], prior: [prior], refreshed: new Map([remoteOf(prior, { id: 99 })]) });
    assert.deepEqual(p.drift.map((d) => d.kind), ['replaced']);
    const c = change(p, 'ci');
    assert.equal(c.action, 'delete-then-create');
    assert.equal(c.actionReason, 'replace_because_replaced_outside');
    assert.equal(c.before!['token'], null);
  });

  it('an interrupted create: found remotely → replaced (its token was lost); not found → created', () => {
    const pending = stored('ci', { id: null, token: null, last_seven: null }, 'pending_create');
    const found = run({ resources: [desired('ci', config('ci'))], prior: [pending], refreshed: new Map([remoteOf(pending, { id: 5, last_seven: 'abcdefg' })]) });
    assert.equal(change(found, 'ci').action, 'delete-then-create');
    assert.equal(change(found, 'ci').actionReason, 'replace_after_lost_token');
    assert.deepEqual(found.drift.map((d) => d.kind), ['interrupted-create']);
    const missing = run({ resources: [desired('ci', config('ci'))], prior: [pending], refreshed: new Map() });
    assert.equal(change(missing, 'ci').action, 'create');
    assert.equal(missing.drift.length, 0);
  });

  it('an interrupted create whose canonical is held by a key it did not make (other rules, other name): planning stops, that key untouched', () => {
    const pending = stored('ci', { id: null, token: null, last_seven: null, owner: null }, 'pending_create');
    // The same key, owned by whoever the API picked (the record had no owner) and with rules in another order: made by it.
    const same = run({ resources: [desired('ci', config('ci'))], prior: [pending], refreshed: new Map([remoteOf(pending, { id: 5, owner: 'bob', last_seven: 'abcdefg' })]) });
    assert.equal(same.diagnostics.length, 0);
    assert.equal(change(same, 'ci').actionReason, 'replace_after_lost_token');
    const cases: Array<[string, Values, RegExp]> = [
      ['other rules', { rules: [{ action: 'organization:credential:read', effect: 'allow', resources: [] }] }, /rules: \[\{"action":"organization:project:read".*\] recorded, \[\{"action":"organization:credential:read".*\] found/],
      ['another name', { name: 'Someone else' }, /name: "Key ci" recorded, "Someone else" found/],
    ];
    for (const [what, changes, says] of cases) {
      for (const mode of ['normal', 'destroy', 'refresh-only'] as const) {
        const p = run({ mode, resources: [desired('ci', config('ci'))], prior: [pending], refreshed: new Map([remoteOf(pending, { id: 5, last_seven: 'abcdefg', ...changes })]) });
        const errors = p.diagnostics.filter((d) => d.severity === 'error');
        assert.equal(errors.length, 1, `${what}, ${mode}`);
        assert.equal(errors[0]!.address, `${TYPE}.ci`);
        assert.match(errors[0]!.summary, /canonical acme\/ci is taken by a key it did not make/);
        assert.match(errors[0]!.detail!, says);
        assert.match(errors[0]!.detail!, /keyform will not touch it/);
        assert.ok(!p.changes.some((c) => c.action === 'delete' || c.action === 'delete-then-create' || c.action === 'create-then-delete'), `${what}, ${mode}: nothing deletes it`);
      }
    }
  });

  it('an interrupted create held by another key: a difference in rules the state or configuration marks sensitive is named, not shown', () => {
    const secret = [{ action: 'organization:credential:read', effect: 'allow', resources: ['organization:acme:credential:vault-secret'] }];
    const pending: PriorInstance = { ...stored('ci', { id: null, token: null, last_seven: null, owner: null, rules: secret }, 'pending_create'), sensitive: ['rules'] };
    const other = [{ action: 'organization:project:read', effect: 'allow', resources: ['organization:acme:project:other-secret'] }];
    const p = run({ resources: [desired('ci', config('ci', { rules: secret }))], prior: [pending], refreshed: new Map([remoteOf(pending, { id: 5, last_seven: 'abcdefg', rules: other })]) });
    const errors = p.diagnostics.filter((d) => d.severity === 'error');
    assert.equal(errors.length, 1);
    assert.match(errors[0]!.detail!, /rules: \(sensitive value\)/);
    assert.doesNotMatch(errors[0]!.detail!, /vault-secret|other-secret/);
  });

  it('without refresh, plans against the state alone', () => {
    const prior = stored('ci');
    const p = run({ resources: [desired('ci', config('ci', { name: 'New' }))], prior: [prior] });
    assert.equal(change(p, 'ci').action, 'update');
    assert.equal(p.drift.length, 0);
  });

  it('ignore_changes keeps the current value of listed attributes', () => {
    const prior = stored('ci');
    const p = run({ resources: [desired('ci', config('ci', { name: 'Changed', description: 'also' }), { lifecycle: { ignoreChanges: ['name'] } })], prior: [prior], refreshed: new Map([remoteOf(prior)]) });
    const c = change(p, 'ci');
    assert.equal(c.action, 'update');
    assert.deepEqual(c.changedAttributes, ['description']);
    const all = run({ resources: [desired('ci', config('ci', { name: 'Changed' }), { lifecycle: { ignoreChanges: 'all' } })], prior: [prior], refreshed: new Map([remoteOf(prior)]) });
    assert.equal(change(all, 'ci').action, 'no-op');
  });

  it('destroy mode deletes everything in state; refresh-only plans no change but reports drift', () => {
    const a = stored('a');
    const b = stored('b');
    const refreshed = new Map([remoteOf(a), remoteOf(b, { name: 'Changed' })]);
    const destroy = run({ mode: 'destroy', resources: [desired('a', config('a'))], prior: [a, b], refreshed });
    assert.deepEqual(destroy.changes.map((c) => [c.address, c.action]), [[`${TYPE}.a`, 'delete'], [`${TYPE}.b`, 'delete']]);
    const refreshOnly = run({ mode: 'refresh-only', resources: [desired('a', config('a', { name: 'X' }))], prior: [a, b], refreshed });
    assert.equal(refreshOnly.changes.length, 0);
    assert.deepEqual(refreshOnly.drift.map((d) => d.address), [`${TYPE}.b`]);
  });

  it('a reference to a key being created is unknown downstream; to an unchanged key it is known', () => {
    const ref = (target: string, attribute: string): DesiredResource['evaluate'] => (resolve) => {
      const v = resolve(`${TYPE}.${target}`)?.[attribute];
      return { values: config('user', { description: v === undefined ? null : v }), diagnostics: [] };
    };
    const fresh = run({ resources: [desired('base', config('base')), desired('user', {}, { dependsOn: [`${TYPE}.base`], evaluate: ref('base', 'id') })] });
    assert.ok(isUnknown(change(fresh, 'user').after!['description']));
    const prior = stored('base', { id: 42 });
    const known = run({ resources: [desired('base', config('base')), desired('user', {}, { dependsOn: [`${TYPE}.base`], evaluate: ref('base', 'canonical') })], prior: [prior], refreshed: new Map([remoteOf(prior)]) });
    assert.equal(change(known, 'user').after!['description'], 'base');
  });

  it('--target limits the plan to the address and what it depends on', () => {
    const p = run({
      resources: [desired('a', config('a')), desired('b', config('b'), { dependsOn: [`${TYPE}.a`] }), desired('c', config('c'))],
      targets: [`${TYPE}.b`],
    });
    assert.deepEqual(p.changes.map((c) => c.address).sort(), [`${TYPE}.a`, `${TYPE}.b`]);
  });

  it('plans outputs: new, changed, removed, and unknown until apply', () => {
    const out = (name: string, value: unknown, sensitive = false): DesiredOutput => ({ name, sensitive, evaluate: () => ({ value: value as never, diagnostics: [] }) });
    const p = run({
      outputs: [out('same', 'v'), out('changed', 'new'), out('added', UNKNOWN, true)],
      priorOutputs: { same: { value: 'v', sensitive: false }, changed: { value: 'old', sensitive: false }, removed: { value: 1, sensitive: false } },
    });
    assert.deepEqual(p.outputs.map((o) => [o.name, o.action, o.sensitive]), [['added', 'create', true], ['changed', 'update', false], ['removed', 'delete', false], ['same', 'no-op', false]]);
  });
  describe('deposed objects (left by an interrupted create_before_destroy replacement)', () => {
    // The state after a crash between creating ci's replacement (ci-v2, current) and deleting the old key (ci, deposed).
    const current = stored('ci', { id: 2, canonical: 'ci-v2', token: 'tok-new' });
    const old: DeposedInstance = { ...stored('ci', { id: 1, canonical: 'ci', token: 'tok-old' }), deposed: '1a2b3c4d' };
    const both = new Map([remoteOf(current), remoteOf(old)]);
    const cbd = desired('ci', config('ci', { canonical: 'ci-v2' }), { lifecycle: { createBeforeDestroy: true } });
    const deposedChanges = (p: Plan) => p.changes.filter((c) => c.deposed !== undefined);

    it('plans the delete of a deposed object still there, beside the current object (a no-op here)', () => {
      const p = run({ resources: [cbd], prior: [current], deposed: [old], refreshed: both });
      assert.equal(change(p, 'ci').action, 'no-op');
      const [d, ...more] = deposedChanges(p);
      assert.equal(more.length, 0);
      assert.equal(d!.action, 'delete');
      assert.equal(d!.address, `${TYPE}.ci`);
      assert.equal(d!.deposed, '1a2b3c4d');
      assert.equal(d!.before!['canonical'], 'ci', 'the old key, not the current one');
      assert.equal(d!.before!['token'], 'tok-old');
      assert.equal(d!.after, undefined);
      assert.equal(d!.actionReason, undefined);
      assert.match(d!.reason, /interrupted create_before_destroy replacement/);
      assert.deepEqual(d!.security?.removed.map((r) => r.action), ['organization:project:read'], 'its grants are revoked');
      assert.deepEqual(summarize(p), { add: 0, change: 0, destroy: 1, replace: 0 });
      assert.equal(p.drift.length, 0);
    });

    it('deletes a deposed object without refresh, and in destroy mode; refresh-only leaves it', () => {
      assert.equal(deposedChanges(run({ resources: [cbd], prior: [current], deposed: [old] })).length, 1);
      const destroy = run({ mode: 'destroy', resources: [cbd], prior: [current], deposed: [old], refreshed: both });
      assert.deepEqual(destroy.changes.map((c) => [c.action, c.deposed ?? null]).sort(), [['delete', '1a2b3c4d'], ['delete', null]].sort());
      const refreshOnly = run({ mode: 'refresh-only', resources: [cbd], prior: [current], deposed: [old], refreshed: both });
      assert.equal(deposedChanges(refreshOnly).length, 0);
      assert.equal(refreshOnly.drift.length, 0);
    });

    it('a deposed object already gone — deleted, or its canonical now another key — is drift, not a delete', () => {
      const gone = run({ resources: [cbd], prior: [current], deposed: [old], refreshed: new Map([remoteOf(current)]) });
      assert.equal(deposedChanges(gone).length, 0);
      assert.deepEqual(gone.drift.map((d) => [d.address, d.deposed, d.kind]), [[`${TYPE}.ci`, '1a2b3c4d', 'deleted']]);
      const taken = run({ resources: [cbd], prior: [current], deposed: [old], refreshed: new Map([remoteOf(current), remoteOf(old, { id: 99 })]) });
      assert.equal(deposedChanges(taken).length, 0, 'a key that is not the deposed object is never deleted');
      assert.match(taken.drift[0]!.message, /another key \(id 99\)/);
    });

    it('with --target, only a targeted deposed object is deleted', () => {
      const other = run({ resources: [cbd, desired('b', config('b'))], prior: [current], deposed: [old], refreshed: both, targets: [`${TYPE}.b`] });
      assert.equal(deposedChanges(other).length, 0);
      const own = run({ resources: [cbd], prior: [current], deposed: [old], refreshed: both, targets: [`${TYPE}.ci`] });
      assert.equal(deposedChanges(own).length, 1);
    });
  });

  describe('sensitivity from the configuration (rules fed by a sensitive variable) and from the state', () => {
    const secret = [{ action: 'organization:credential:read', effect: 'allow', resources: ['organization:acme:credential:vault-*'] }];
    const sensitiveDesired = (name: string, values: Values): DesiredResource => ({ ...desired(name, values), sensitive: ['rules'] });
    const markedPrior = (name: string, values: Partial<Values> = {}): PriorInstance => ({ ...stored(name, { rules: secret, ...values }), sensitive: ['rules'] });
    const hidden = (p: Plan, name: string) => {
      const c = change(p, name);
      const texts = [...(c.security?.added ?? []), ...(c.security?.removed ?? [])].map((r) => `${r.action} ${(r.resources ?? []).join()}`);
      return { sensitive: c.sensitive, texts };
    };

    const cases: Array<{ what: string; input: () => Partial<PlanInput>; name: string; action: string; rulesShown: boolean }> = [
      { what: 'a delete of a key the state marks (no longer in the configuration)', name: 'vault', action: 'delete', rulesShown: false, input: () => ({ prior: [markedPrior('vault')] }) },
      { what: 'a delete of a key the state does not mark (a state of the previous version)', name: 'vault', action: 'delete', rulesShown: true, input: () => ({ prior: [stored('vault', { rules: secret })] }) },
      { what: 'a destroy of a key the configuration marks', name: 'vault', action: 'delete', rulesShown: false, input: () => ({ mode: 'destroy', resources: [sensitiveDesired('vault', config('vault', { rules: secret }))], prior: [stored('vault', { rules: secret })] }) },
      { what: 'a replace whose new rules are no longer sensitive, of a key the state marks', name: 'vault', action: 'delete-then-create', rulesShown: false, input: () => ({ resources: [desired('vault', config('vault'))], prior: [markedPrior('vault')] }) },
      { what: 'an update of a key the state marks', name: 'vault', action: 'update', rulesShown: false, input: () => ({ resources: [desired('vault', config('vault', { rules: secret, name: 'Renamed' }))], prior: [markedPrior('vault')] }) },
    ];
    for (const c of cases) {
      it(`${c.what}: ${c.rulesShown ? 'rules shown' : 'rules sensitive, the permission view counts without text'}`, () => {
        const p = run(c.input());
        assert.equal(change(p, c.name).action, c.action);
        const { sensitive, texts } = hidden(p, c.name);
        assert.equal(sensitive.includes('rules'), !c.rulesShown);
        assert.ok(sensitive.includes('token'));
        if (c.action !== 'update') assert.ok(texts.length > 0, 'the permission view lists the revoked or granted rules');
        assert.equal(texts.some((t) => t.includes('vault-*')), c.rulesShown, texts.join('; '));
      });
    }

    it('drift of a key the state marks carries the marks; one it does not mark carries none', () => {
      const p = markedPrior('vault');
      const replaced = new Map([remoteOf(p, { id: 9, rules: read })]);
      const drift = run({ resources: [desired('vault', config('vault', { rules: secret }))], prior: [p], refreshed: replaced }).drift;
      assert.deepEqual(drift.map((d) => [d.kind, d.sensitive]), [['replaced', ['rules']]]);
      const plain = stored('vault', { rules: secret });
      const none = run({ mode: 'refresh-only', prior: [plain], refreshed: new Map([remoteOf(plain, { id: 9 })]) }).drift;
      assert.deepEqual(none.map((d) => [d.kind, d.sensitive]), [['replaced', undefined]]);
      // Not recorded (a state of the previous version) but marked by the configuration: hidden as well.
      const configured = run({ mode: 'refresh-only', resources: [sensitiveDesired('vault', config('vault', { rules: secret }))], prior: [plain], refreshed: new Map([remoteOf(plain, { id: 9 })]) }).drift;
      assert.deepEqual(configured.map((d) => [d.kind, d.sensitive]), [['replaced', ['rules']]]);
    });

    it('a sensitivity that differs from the state record alone stays a no-op, naming the attributes apply records', () => {
      const becoming = run({ resources: [sensitiveDesired('vault', config('vault', { rules: secret }))], prior: [stored('vault', { rules: secret })] });
      assert.equal(change(becoming, 'vault').action, 'no-op');
      assert.deepEqual(change(becoming, 'vault').sensitivityChanged, ['rules']);
      assert.deepEqual(change(becoming, 'vault').sensitive, ['rules', 'token']);
      const leaving = run({ resources: [desired('vault', config('vault', { rules: secret }))], prior: [markedPrior('vault')] });
      assert.equal(change(leaving, 'vault').action, 'no-op');
      assert.deepEqual(change(leaving, 'vault').sensitivityChanged, ['rules']);
      const same = run({ resources: [sensitiveDesired('vault', config('vault', { rules: secret }))], prior: [markedPrior('vault')] });
      assert.equal(change(same, 'vault').sensitivityChanged, undefined);
      assert.equal(change(run({ resources: [desired('ci', config('ci'))], prior: [stored('ci')] }), 'ci').sensitivityChanged, undefined);
    });
  });
});
