/**
 * The invariant, as a property (fast-check, fixed seed, 15 runs): for random desired sets of keys — names,
 * canonicals given or derived, rules from a small alphabet, descriptions, owners, count and for_each now and then —
 * and random changes made behind keyform's back through the API between applies (a rename, a new description, a
 * PUT that clears the description, a new owner, a delete, a delete and re-create under the same canonical with the
 * same or other rules, a key nobody manages), after `keyform apply --auto-approve`:
 *   - a new `keyform plan --detailed-exitcode` is empty (exit 0);
 *   - state = remote: every managed key's attributes are the API's, its token in state is the live one;
 *   - remote = desired: names, descriptions, rules (as sets), owners where given;
 *   - no orphan and no duplicate: the run's keys in the organization are exactly the managed and the unmanaged ones;
 *   - keys nobody manages are untouched.
 * Even an apply with nothing to change records what refresh found (a key deleted and no longer declared, a new
 * owner where the configuration sets none): Terraform leaves that to a refresh-only apply; keyform does not, so the
 * invariant holds after every apply (the two counterexamples that showed it are kept as tests below).
 * One emulator; each run has its own working directory and a prefix of its own for names and canonicals.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { canonicalFromName } from '../../src/canonical.js';
import { startEmulator, type EmulatorHandle } from '../../src/emulator/index.js';
import { LocalBackend, loadKey } from '../../src/state/index.js';
import { client } from '../support/api.js';
import { keyformEnv, runKeyform } from '../support/keyform.js';
import { finishE2e, watchDir } from '../support/leaks.js';

const TYPE = 'cycloid_organization_api_key';
/** Fixed for `npm test`; KEYFORM_INVARIANT_SEED and KEYFORM_INVARIANT_RUNS explore further by hand. */
const SEED = Number(process.env['KEYFORM_INVARIANT_SEED'] ?? 20261127);
const RUNS = Number(process.env['KEYFORM_INVARIANT_RUNS'] ?? 15);

interface Rule {
  action: string;
  effect: 'allow';
  resources: string[];
}

interface KeySpec {
  base: string;
  explicitCanonical: boolean;
  description: string | undefined;
  owner: 'alice' | 'bob' | undefined;
  rules: Rule[];
  expand: { kind: 'count'; n: number } | { kind: 'for_each'; keys: string[] } | undefined;
}

type OutOfBand =
  | { kind: 'rename'; target: number; name: string }
  | { kind: 'describe'; target: number; description: string }
  | { kind: 'put-name-only'; target: number }
  | { kind: 'chown'; target: number; owner: 'alice' | 'bob' | 'admin' }
  | { kind: 'delete'; target: number }
  | { kind: 'recreate'; target: number; rules: Rule[] | 'same' }
  | { kind: 'unmanaged'; rules: Rule[] };

interface Step {
  /** Undefined: the configuration of the step before, unchanged. */
  desired: KeySpec[] | undefined;
  outOfBand: OutOfBand[];
}

// Rules from a small alphabet: actions with resources of their own kind.
const RULES: Rule[] = [
  { action: 'organization:project:read', effect: 'allow', resources: [] },
  { action: 'organization:project:read', effect: 'allow', resources: ['organization:acme:project:web'] },
  { action: 'organization:project:*', effect: 'allow', resources: ['organization:acme:project:web-*', 'organization:acme:project:api'] },
  { action: 'organization:credential:read', effect: 'allow', resources: ['organization:acme:credential:cy-*'] },
  { action: 'organization:api_key:list', effect: 'allow', resources: [] },
  { action: 'organization:**', effect: 'allow', resources: [] },
];
const rulesArb = fc.uniqueArray(fc.constantFrom(...RULES), { minLength: 1, maxLength: 3 });

const keyArb: fc.Arbitrary<KeySpec> = fc.record({
  base: fc.constantFrom('Deploy', 'Reader', 'Audit bot', 'CI runner', 'Ops'),
  explicitCanonical: fc.boolean(),
  description: fc.constantFrom(undefined, '', 'deploys', 'reads every project'),
  owner: fc.constantFrom(undefined, undefined, 'alice', 'bob'),
  rules: rulesArb,
  expand: fc.oneof(
    { weight: 4, arbitrary: fc.constant(undefined) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('count' as const), n: fc.integer({ min: 0, max: 3 }) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('for_each' as const), keys: fc.subarray(['web', 'api', 'billing'], { minLength: 1 }) }) },
  ),
});
const desiredArb = fc.uniqueArray(keyArb, { minLength: 0, maxLength: 4, selector: (k) => k.base });

const outOfBandArb: fc.Arbitrary<OutOfBand> = fc.oneof(
  fc.record({ kind: fc.constant('rename' as const), target: fc.nat(), name: fc.constantFrom('Renamed in the console', 'Hand edit') }),
  fc.record({ kind: fc.constant('describe' as const), target: fc.nat(), description: fc.constantFrom('changed by hand', '') }),
  fc.record({ kind: fc.constant('put-name-only' as const), target: fc.nat() }),
  fc.record({ kind: fc.constant('chown' as const), target: fc.nat(), owner: fc.constantFrom('alice' as const, 'bob' as const, 'admin' as const) }),
  fc.record({ kind: fc.constant('delete' as const), target: fc.nat() }),
  fc.record({ kind: fc.constant('recreate' as const), target: fc.nat(), rules: fc.oneof(fc.constant('same' as const), rulesArb) }),
  fc.record({ kind: fc.constant('unmanaged' as const), rules: rulesArb }),
);

const stepsArb: fc.Arbitrary<Step[]> = fc
  .tuple(
    desiredArb,
    fc.array(fc.record({ desired: fc.option(desiredArb, { nil: undefined }), outOfBand: fc.array(outOfBandArb, { minLength: 1, maxLength: 3 }) }), { minLength: 1, maxLength: 2 }),
  )
  .map(([first, rest]) => [{ desired: first, outOfBand: [] }, ...rest]);

interface ExpectedKey {
  canonical: string;
  name: string;
  description: string;
  owner: string | undefined;
  rules: Rule[];
}

/** The keyform configuration of a desired set, and the keys it must make. */
function configOf(prefix: string, keys: KeySpec[]): { json: string; expected: ExpectedKey[] } {
  const resources: Record<string, unknown> = {};
  const expected: ExpectedKey[] = [];
  const label = prefix.toUpperCase();
  keys.forEach((k, i) => {
    const slug = canonicalFromName(k.base);
    const explicit = (suffix: string) => `${prefix}-${slug}-c${suffix}`;
    const each = (suffix: string, extraRule?: Rule): ExpectedKey => {
      const name = `${label} ${k.base}${suffix ? ` ${suffix}` : ''}`;
      return {
        canonical: k.explicitCanonical ? explicit(suffix) : canonicalFromName(name),
        name,
        description: k.description ?? '',
        owner: k.owner,
        rules: extraRule ? [...k.rules, extraRule] : k.rules,
      };
    };
    const block: Record<string, unknown> = {
      ...(k.description !== undefined ? { description: k.description } : {}),
      ...(k.owner !== undefined ? { owner: k.owner } : {}),
    };
    if (k.expand?.kind === 'count') {
      Object.assign(block, { count: k.expand.n, name: `${label} ${k.base} \${count.index}`, rules: k.rules });
      if (k.explicitCanonical) block['canonical'] = explicit('${count.index}');
      for (let n = 0; n < k.expand.n; n++) expected.push(each(String(n)));
    } else if (k.expand?.kind === 'for_each') {
      const projectRule = { action: 'organization:project:read', effect: 'allow', resources: ['organization:acme:project:${each.value}'] };
      Object.assign(block, { for_each: Object.fromEntries(k.expand.keys.map((key) => [key, key])), name: `${label} ${k.base} \${each.key}`, rules: [...k.rules, projectRule] });
      if (k.explicitCanonical) block['canonical'] = explicit('${each.key}');
      for (const key of k.expand.keys) expected.push(each(key, { action: 'organization:project:read', effect: 'allow', resources: [`organization:acme:project:${key}`] }));
    } else {
      Object.assign(block, { name: `${label} ${k.base}`, rules: k.rules });
      if (k.explicitCanonical) block['canonical'] = explicit('');
      expected.push(each(''));
    }
    resources[`k${i}`] = block;
  });
  return { json: JSON.stringify(Object.keys(resources).length > 0 ? { resource: { [TYPE]: resources } } : { output: {} }, null, 2), expected };
}

const ruleKey = (r: { action: string; resources?: string[] | null }) => `${r.action} on ${[...(r.resources ?? [])].sort().join(',')}`;
const ruleSet = (rules: ReadonlyArray<{ action: string; resources?: string[] | null }>) => rules.map(ruleKey).sort();
const stateView = (a: Record<string, unknown>) => ({ id: a['id'], name: a['name'], description: a['description'], owner: a['owner'], last_seven: a['last_seven'], rules: ruleSet(a['rules'] as Rule[]) });
const remoteView = (k: RemoteKey) => ({ id: k.id, name: k.name, description: k.description ?? '', owner: k.owner?.username ?? null, last_seven: k.last_seven, rules: ruleSet(k.rules) });

interface RemoteKey {
  id: number;
  canonical: string;
  name: string;
  description: string;
  owner?: { username: string };
  rules: Array<{ action: string; effect: string; resources?: string[] }>;
  last_seven: string;
  last_used?: number;
}

describe('e2e property: after apply, plan is empty and state = remote = desired', { timeout: 600_000 }, () => {
  let emu: EmulatorHandle;
  let admin: ReturnType<typeof client>;
  let root: string;
  let execution = 0;
  const figures = { runs: 0, applies: 0, outOfBand: 0, keysChecked: 0 };

  before(async () => {
    emu = await startEmulator();
    admin = client(emu.url, emu.adminToken);
    root = watchDir(mkdtempSync(join(tmpdir(), 'keyform-invariant-')));
  });
  after(() => finishE2e(emu, [root]));

  const remoteKeys = async (prefix: string): Promise<RemoteKey[]> =>
    ((await admin.get('/organizations/acme/api_keys?page_size=1000')).body.data as RemoteKey[]).filter((k) => k.canonical.startsWith(`${prefix}-`));

  /** Changes made through the API with the admin token, behind keyform's back. */
  async function outOfBand(prefix: string, managed: string[], change: OutOfBand, unmanaged: Map<string, RemoteKey>): Promise<void> {
    if (change.kind === 'unmanaged') {
      const canonical = `${prefix}-hand-${unmanaged.size}`;
      const res = await admin.post('/organizations/acme/api_keys', { canonical, name: `Made by hand ${unmanaged.size}`, description: 'nobody manages me', rules: change.rules.map(apiRule) });
      assert.equal(res.status, 200, res.text);
      const { token: _token, ...record } = res.body.data as RemoteKey & { token: string };
      unmanaged.set(canonical, record);
      return;
    }
    if (managed.length === 0) return;
    const canonical = managed[change.target % managed.length]!;
    const path = `/organizations/acme/api_keys/${canonical}`;
    const current = (await admin.get(path)).body?.data as RemoteKey | undefined;
    if (!current) return; // deleted by an earlier change of this step
    let res;
    switch (change.kind) {
      case 'rename':
        res = await admin.put(path, { name: change.name, description: current.description, owner: current.owner?.username });
        break;
      case 'describe':
        res = await admin.put(path, { name: current.name, description: change.description, owner: current.owner?.username });
        break;
      case 'chown':
        res = await admin.put(path, { name: current.name, description: current.description, owner: change.owner });
        break;
      case 'put-name-only':
        res = await admin.put(path, { name: `${current.name} (edited)` });
        break;
      case 'delete':
        res = await admin.delete(path);
        break;
      case 'recreate': {
        assert.equal((await admin.delete(path)).status, 204);
        const rules = change.rules === 'same' ? current.rules.map((r) => apiRule({ action: r.action, effect: 'allow', resources: r.resources ?? [] })) : change.rules.map(apiRule);
        res = await admin.post('/organizations/acme/api_keys', { canonical, name: current.name, description: current.description, owner: current.owner?.username, rules });
        break;
      }
    }
    assert.ok(res.status < 300, `${change.kind} ${canonical}: ${res.status} ${res.text}`);
  }

  async function checkInvariant(prefix: string, dir: string, env: NodeJS.ProcessEnv, expected: ExpectedKey[], unmanaged: Map<string, RemoteKey>, where: string, noChanges: boolean): Promise<void> {
    const plan = await runKeyform(['plan', '--detailed-exitcode', '--chdir', dir], { env });
    assert.equal(plan.code, 0, `${where}: the plan after apply is not empty:\n${plan.stdout}\n${plan.stderr}`);
    const readState = async () => {
      const state = await new LocalBackend(join(dir, 'keyform.tfstate'), { key: await loadKey(dir, env) }).read();
      return (state?.resources ?? []).flatMap((r) => r.instances.map((i) => i.attributes as Record<string, unknown>));
    };
    let instances = await readState();
    const remote = await remoteKeys(prefix);
    const byCanonical = new Map(remote.map((k) => [k.canonical, k]));
    const stale = instances.filter((a) => {
      const k = byCanonical.get(a['canonical'] as string);
      return !k || !isDeepStrictEqual(stateView(a), remoteView(k));
    });
    // Even an apply with nothing to change records what refresh found: state = remote after every apply.
    assert.deepEqual(stale.map((a) => a['canonical']), [], `${where}: the state differs from the organization after apply${noChanges ? ' (an apply with no changes)' : ''}`);
    // state = remote
    for (const a of instances) {
      const k = byCanonical.get(a['canonical'] as string);
      assert.ok(k, `${where}: ${String(a['canonical'])} is in state but not in the organization`);
      assert.deepEqual(stateView(a), remoteView(k), `${where}: state and remote differ for ${k.canonical}`);
      const token = a['token'];
      assert.ok(typeof token === 'string' && token.slice(-7) === k.last_seven, `${where}: the token in state for ${k.canonical} is not the live key's`);
      const authenticated = await admin.call('GET', `/organizations/acme/api_keys/${k.canonical}`, { token });
      assert.notEqual(authenticated.status, 401, `${where}: the token in state for ${k.canonical} does not authenticate`);
      figures.keysChecked++;
    }
    // remote = desired
    assert.deepEqual(instances.map((a) => a['canonical']).sort(), expected.map((e) => e.canonical).sort(), `${where}: managed keys ≠ desired keys`);
    for (const e of expected) {
      const k = byCanonical.get(e.canonical)!;
      assert.equal(k.name, e.name, `${where}: ${e.canonical} name`);
      assert.equal(k.description ?? '', e.description, `${where}: ${e.canonical} description`);
      assert.deepEqual(ruleSet(k.rules), ruleSet(e.rules), `${where}: ${e.canonical} rules`);
      if (e.owner !== undefined) assert.equal(k.owner?.username, e.owner, `${where}: ${e.canonical} owner`);
    }
    // no orphan, no duplicate; unmanaged keys untouched
    assert.deepEqual(remote.map((k) => k.canonical).sort(), [...expected.map((e) => e.canonical), ...unmanaged.keys()].sort(), `${where}: the organization holds other keys than the managed and unmanaged ones`);
    for (const [canonical, before] of unmanaged) {
      const now = byCanonical.get(canonical)!;
      assert.deepEqual({ ...now, last_used: 0 }, { ...before, last_used: 0 }, `${where}: unmanaged ${canonical} was changed`);
    }
  }

  it('counterexample (seed 1): a key deleted outside keyform and removed from the configuration leaves the state with the apply that has nothing else to do', async () => {
    const dir = mkdtempSync(join(root, 'seed1-'));
    const env = keyformEnv(emu);
    const kf = (...args: string[]) => runKeyform([...args, '--chdir', dir], { env });
    writeFileSync(join(dir, 'main.tf.json'), configOf('cx', [{ base: 'Deploy', explicitCanonical: true, description: undefined, owner: undefined, rules: [RULES[5]!], expand: undefined }]).json);
    assert.equal((await kf('apply', '--auto-approve')).code, 0);
    assert.equal((await admin.put('/organizations/acme/api_keys/cx-deploy-c', { name: 'CX Deploy', description: 'changed by hand' })).status, 200);
    assert.equal((await admin.delete('/organizations/acme/api_keys/cx-deploy-c')).status, 204);
    writeFileSync(join(dir, 'main.tf.json'), configOf('cx', []).json);
    const applied = await kf('apply', '--auto-approve');
    assert.equal(applied.code, 0, applied.stderr);
    assert.match(applied.stdout, /cycloid_organization_api_key\.k0 has been deleted/);
    assert.match(applied.stdout, /^No changes\./m);
    assert.match(applied.stdout, /this apply\s+records them in the keyform\s+state, and changes no API key/);
    // Unlike Terraform, which leaves this to a refresh-only apply: the apply recorded what refresh found.
    assert.equal((await kf('state', 'list')).stdout.trim(), '');
    assert.equal((await kf('plan', '--detailed-exitcode')).code, 0);
    assert.equal((await kf('drift')).code, 0);
  });

  it('counterexample (seed 5): a new owner set outside keyform, where the configuration sets none, reaches the state with the next apply', async () => {
    const dir = mkdtempSync(join(root, 'seed5-'));
    const env = keyformEnv(emu);
    const kf = (...args: string[]) => runKeyform([...args, '--chdir', dir], { env });
    const owner = async () => ((await new LocalBackend(join(dir, 'keyform.tfstate'), { key: await loadKey(dir, env) }).read())!.resources[0]!.instances[0]!.attributes['owner']);
    const deploy: KeySpec = { base: 'Deploy', explicitCanonical: false, description: 'reads every project', owner: undefined, rules: [RULES[0]!], expand: undefined };
    writeFileSync(join(dir, 'main.tf.json'), configOf('cy', [deploy]).json);
    assert.equal((await kf('apply', '--auto-approve')).code, 0);
    assert.equal(await owner(), 'admin');
    assert.equal((await admin.put('/organizations/acme/api_keys/cy-deploy', { name: 'CY Deploy', description: 'reads every project', owner: 'alice' })).status, 200);
    const applied = await kf('apply', '--auto-approve');
    assert.match(applied.stdout, /~ owner\s+= "admin" -> "alice"/);
    assert.match(applied.stdout, /^No changes\./m);
    assert.equal(await owner(), 'alice', 'an apply with no changes still records what refresh found');
    assert.equal((await kf('plan', '--detailed-exitcode')).code, 0);
    // With a change to make, the apply records what it read.
    assert.equal((await admin.put('/organizations/acme/api_keys/cy-deploy', { name: 'CY Deploy', description: 'reads every project', owner: 'bob' })).status, 200);
    writeFileSync(join(dir, 'main.tf.json'), configOf('cy', [deploy, { ...deploy, base: 'Reader' }]).json);
    assert.equal((await kf('apply', '--auto-approve')).code, 0);
    assert.equal(await owner(), 'bob');
  });

  it(`holds for ${RUNS} random runs (seed ${SEED})`, async () => {
    const details = await fc.check(
      fc.asyncProperty(stepsArb, async (steps) => {
        const prefix = `pv${++execution}`;
        const dir = mkdtempSync(join(root, `${prefix}-`));
        const env = keyformEnv(emu);
        const unmanaged = new Map<string, RemoteKey>();
        let desired: KeySpec[] = [];
        figures.runs++;
        for (const [s, step] of steps.entries()) {
          const where = `${prefix} step ${s}`;
          const state = await new LocalBackend(join(dir, 'keyform.tfstate'), { key: await loadKey(dir, env) }).read();
          const managed = (state?.resources ?? []).flatMap((r) => r.instances.map((i) => i.attributes['canonical'] as string)).sort();
          for (const change of step.outOfBand) {
            await outOfBand(prefix, managed, change, unmanaged);
            figures.outOfBand++;
          }
          if (step.desired) desired = step.desired;
          const { json, expected } = configOf(prefix, desired);
          writeFileSync(join(dir, 'main.tf.json'), json);
          const applied = await runKeyform(['apply', '--auto-approve', '--chdir', dir], { env });
          figures.applies++;
          assert.equal(applied.code, 0, `${where}: apply failed:\n${applied.stdout}\n${applied.stderr}`);
          await checkInvariant(prefix, dir, env, expected, unmanaged, where, /^No changes\./m.test(applied.stdout));
        }
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
    // The failure itself (the assertion inside the run), not only fast-check's summary.
    if (details.failed) assert.fail(`${fc.defaultReportMessage(details)}\n\n${String((details.errorInstance as Error | undefined)?.message ?? details.errorInstance)}`);
    process.stdout.write(`# invariant property: ${JSON.stringify(figures)}\n`);
  });
});

function apiRule(r: Rule): { action: string; effect: string; resources?: string[] } {
  return r.resources.length > 0 ? { action: r.action, effect: r.effect, resources: r.resources } : { action: r.action, effect: r.effect };
}
