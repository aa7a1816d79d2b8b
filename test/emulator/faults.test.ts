/** The fault injector's decisions (determinism, probabilities, matching, `times`, latency) and the JSON Schemas. */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { Ajv, type ErrorObject } from 'ajv';
import formatsModule from 'ajv-formats';
import { FaultInjector, faultDraw, pathMatches, type FaultDecision, type FaultRule } from '../../src/emulator/faults.js';

// ajv-formats is CommonJS: under NodeNext its default import is the module object.
const addFormats = ((formatsModule as unknown as { default?: unknown }).default ?? formatsModule) as (a: Ajv) => Ajv;

const KEYS = '/organizations/acme/api_keys';

/** A fixed, varied request sequence: mostly API-key traffic, some roles, policies and other methods. */
function traffic(count: number): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (let i = 0; i < count; i++) {
    switch (i % 7) {
      case 0:
      case 1:
      case 2:
        out.push(['GET', KEYS]);
        break;
      case 3:
        out.push(['POST', KEYS]);
        break;
      case 4:
        out.push(['DELETE', `${KEYS}/key-${i}`]);
        break;
      case 5:
        out.push(['GET', '/organizations/acme/roles']);
        break;
      default:
        out.push(['PUT', `/organizations/globex/api_keys/key-${i}?x=1`]);
    }
  }
  return out;
}

const MIX: FaultRule[] = [
  { path: '/organizations/**', kind: 'latency', min_ms: 0, max_ms: 40, probability: 0.5 },
  { method: 'GET', path: '/organizations/*/api_keys', kind: 'status', status: 503, probability: 0.2 },
  { method: 'GET', path: '/organizations/*/api_keys', kind: 'status', status: 429, retry_after: 2, probability: 0.1 },
  { method: 'POST', path: '/organizations/*/api_keys', kind: 'drop_after_commit', probability: 0.3 },
  { kind: 'reset', probability: 0.05 },
];

function run(injector: FaultInjector, requests: Array<[string, string]>): FaultDecision[] {
  return requests.map(([method, path]) => injector.decide(method, path));
}

describe('FaultInjector', () => {
  it('gives the same decisions for the same seed, from a new injector or after set()', () => {
    const requests = traffic(1000);
    const first = run(new FaultInjector(MIX, 42), requests);
    const again = run(new FaultInjector(MIX, 42), requests);
    assert.deepEqual(again, first);
    const reused = new FaultInjector(MIX, 42);
    run(reused, traffic(137));
    reused.set(MIX, 42);
    assert.deepEqual(run(reused, requests), first, 'set() resets the per-rule counters');
    reused.set(MIX);
    assert.deepEqual(run(reused, requests), first, 'set() without a seed keeps the seed');
    const actions = new Set(first.map((d) => d.action));
    for (const action of ['none', 'status', 'reset', 'drop_after_commit']) assert.ok(actions.has(action as FaultDecision['action']), action);
  });

  it('gives other decisions for another seed', () => {
    const requests = traffic(1000);
    const a = run(new FaultInjector(MIX, 1), requests);
    const b = run(new FaultInjector(MIX, 2), requests);
    const differing = a.filter((d, i) => JSON.stringify(d) !== JSON.stringify(b[i])).length;
    assert.ok(differing > 300, `only ${differing} of 1000 decisions differ between seeds 1 and 2`);
    const defaultSeed = run(new FaultInjector(MIX), requests);
    assert.deepEqual(defaultSeed, a, 'the default seed is 1');
  });

  it('fires with the configured probability (within ±1.5 points over 10,000 requests)', () => {
    for (const seed of [1, 7, 42, 1234567, 4294967295]) {
      for (const probability of [0.1, 0.5, 0.9]) {
        const injector = new FaultInjector([{ kind: 'reset', probability }], seed);
        let fired = 0;
        for (let i = 0; i < 10_000; i++) if (injector.decide('GET', KEYS).action === 'reset') fired++;
        assert.ok(Math.abs(fired / 10_000 - probability) <= 0.015, `seed ${seed}, p ${probability}: ${fired} of 10000`);
      }
    }
    const never = new FaultInjector([{ kind: 'status', status: 500, probability: 0 }], 3);
    const always = new FaultInjector([{ kind: 'status', status: 500 }], 3);
    for (let i = 0; i < 2000; i++) {
      assert.equal(never.decide('GET', KEYS).action, 'none');
      assert.equal(always.decide('GET', KEYS).action, 'status');
    }
  });

  it('lets the first firing non-latency rule win: a second rule at 0.5 behind one at 0.5 fires about a quarter of the time', () => {
    const injector = new FaultInjector([
      { kind: 'status', status: 502, probability: 0.5 },
      { kind: 'status', status: 504, probability: 0.5 },
    ], 9);
    const counts = { 502: 0, 504: 0, none: 0 };
    for (let i = 0; i < 10_000; i++) {
      const d = injector.decide('GET', KEYS);
      if (d.action === 'none') counts.none++;
      else counts[d.status as 502 | 504]++;
    }
    assert.ok(Math.abs(counts[502] / 10_000 - 0.5) <= 0.015, JSON.stringify(counts));
    assert.ok(Math.abs(counts[504] / 10_000 - 0.25) <= 0.015, JSON.stringify(counts));
    assert.deepEqual(injector.stats().byRule, [counts[502], counts[504]]);
  });

  it('spends a rule after `times` firings, and set() renews it', () => {
    const injector = new FaultInjector([{ method: 'DELETE', kind: 'status', status: 502, times: 3 }], 5);
    const seen = Array.from({ length: 6 }, () => injector.decide('DELETE', `${KEYS}/a`).action);
    assert.deepEqual(seen, ['status', 'status', 'status', 'none', 'none', 'none']);
    assert.deepEqual(injector.stats(), { requests: 6, byKind: { latency: 0, status: 3, reset: 0, drop_after_commit: 0 }, byRule: [3] });
    injector.set([{ method: 'DELETE', kind: 'status', status: 502, times: 3 }]);
    assert.equal(injector.decide('DELETE', `${KEYS}/a`).action, 'status');
    const zero = new FaultInjector([{ kind: 'reset', times: 0 }]);
    assert.equal(zero.decide('GET', KEYS).action, 'none', 'times: 0 never fires');
  });

  it('lets a later rule fire once an earlier one is spent', () => {
    const injector = new FaultInjector([
      { kind: 'status', status: 429, times: 1 },
      { kind: 'reset', times: 1 },
    ]);
    assert.deepEqual(
      [0, 1, 2].map(() => injector.decide('GET', KEYS)),
      [
        { latencyMs: 0, action: 'status', status: 429, retryAfter: 1, rule: 0 },
        { latencyMs: 0, action: 'reset', rule: 1 },
        { latencyMs: 0, action: 'none' },
      ],
    );
  });

  it('sends Retry-After seconds only for 429 and 503', () => {
    const decide = (rule: FaultRule) => new FaultInjector([rule]).decide('GET', KEYS);
    assert.equal(decide({ kind: 'status', status: 429 }).retryAfter, 1);
    assert.equal(decide({ kind: 'status', status: 503, retry_after: 0 }).retryAfter, 0);
    assert.equal(decide({ kind: 'status', status: 503, retry_after: 3600 }).retryAfter, 3600);
    assert.equal(decide({ kind: 'status', status: 500, retry_after: 5 }).retryAfter, undefined);
    assert.equal(decide({ kind: 'status', status: 504 }).retryAfter, undefined);
  });

  it('matches paths segment by segment: * is one non-empty segment, ** any number', () => {
    const table: Array<[string, string, boolean]> = [
      ['/organizations/*/api_keys', '/organizations/acme/api_keys', true],
      ['/organizations/*/api_keys', '/organizations/acme/api_keys?page_size=1', true],
      ['/organizations/*/api_keys', '/organizations/acme/api_keys/admin', false],
      ['/organizations/*/api_keys', '/organizations//api_keys', false],
      ['/organizations/*/api_keys', '/organizations/acme/roles', false],
      ['/organizations/*/api_keys', '/organizations/api_keys', false],
      ['/organizations/*/api_keys', '/organizations/acme/api_keys/', false],
      ['/organizations/*/api_keys/*', '/organizations/acme/api_keys/admin', true],
      ['/organizations/*/api_keys/**', '/organizations/acme/api_keys', true],
      ['/organizations/*/api_keys/**', '/organizations/acme/api_keys/admin', true],
      ['/organizations/*/api_keys/**', '/organizations/acme/api_keys/', true],
      ['/organizations/**', '/organizations/acme/api_keys/admin', true],
      ['/organizations/**', '/organizations', true],
      ['/organizations/**', '/organisations/acme', false],
      ['**', '/', true],
      ['**', '/_emulator/faults', true],
      ['**/api_keys', '/organizations/acme/api_keys', true],
      ['**/api_keys', '/organizations/acme/api_keys/x', false],
      ['/**/**/api_keys/**/**', '/organizations/acme/api_keys', true],
      ['organizations/*/api_keys', '/organizations/acme/api_keys', true],
      ['/', '/', true],
      ['/', '/organizations', false],
      ['/organizations/ac*/api_keys', '/organizations/acme/api_keys', false],
      ['/organizations/ac*/api_keys', '/organizations/ac*/api_keys', true],
      ['/organizations/a.c/api_keys', '/organizations/abc/api_keys', false],
      ['/organizations/(acme|x)/api_keys', '/organizations/acme/api_keys', false],
      ['/organizations/ACME/api_keys', '/organizations/acme/api_keys', false],
    ];
    for (const [glob, path, expected] of table) assert.equal(pathMatches(glob, path), expected, `${glob} vs ${path}`);
    for (const [glob, path, expected] of table) {
      const d = new FaultInjector([{ path: glob, kind: 'reset' }]).decide('GET', path);
      assert.equal(d.action === 'reset', expected, `decide: ${glob} vs ${path}`);
    }
    const long = `/${Array.from({ length: 200 }, () => 'a').join('/')}`;
    assert.equal(pathMatches(`/${Array.from({ length: 30 }, () => '**').join('/x/')}/b`, long), false, 'many ** stay fast');
  });

  it('matches methods without regard to case; * or no method matches all', () => {
    const table: Array<[string | undefined, string, boolean]> = [
      ['GET', 'GET', true],
      ['GET', 'get', true],
      ['get', 'GET', true],
      ['GET', 'POST', false],
      ['DELETE', 'DELETE', true],
      ['PUT', 'POST', false],
      ['*', 'PATCH', true],
      [undefined, 'OPTIONS', true],
    ];
    for (const [method, requestMethod, expected] of table) {
      const rule: FaultRule = { kind: 'reset', ...(method !== undefined ? { method } : {}) };
      const d = new FaultInjector([rule]).decide(requestMethod, KEYS);
      assert.equal(d.action === 'reset', expected, `${method} vs ${requestMethod}`);
    }
  });

  it('draws latency within [min_ms, max_ms] and sums the latency rules that match', () => {
    const injector = new FaultInjector([
      { kind: 'latency', min_ms: 10, max_ms: 20 },
      { path: '/organizations/*/api_keys', kind: 'latency', min_ms: 100, max_ms: 100 },
      { path: '/organizations/*/roles', kind: 'latency', min_ms: 5000, max_ms: 5000 },
      { method: 'POST', kind: 'status', status: 500 },
    ], 11);
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) {
      const d = injector.decide('GET', KEYS);
      assert.ok(Number.isInteger(d.latencyMs) && d.latencyMs >= 110 && d.latencyMs <= 120, String(d.latencyMs));
      assert.equal(d.action, 'none');
      assert.equal(d.rule, undefined);
      seen.add(d.latencyMs);
    }
    assert.deepEqual([...seen].sort((a, b) => a - b), [110, 111, 112, 113, 114, 115, 116, 117, 118, 119, 120], 'both ends of the range are drawn');
    const post = injector.decide('POST', KEYS);
    assert.ok(post.latencyMs >= 110 && post.latencyMs <= 120);
    assert.equal(post.action, 'status', 'latency and another fault apply together');
    assert.equal(post.rule, 3);
    assert.equal(injector.decide('GET', '/organizations/acme/roles').latencyMs >= 5010, true);
    assert.equal(injector.stats().byKind.latency, 2000 * 2 + 2 + 2, 'GETs and the POST fire rules 0 and 1; the roles GET fires rules 0 and 2');
    const fixed = new FaultInjector([{ kind: 'latency', min_ms: 0, max_ms: 0 }]);
    assert.deepEqual(fixed.decide('GET', KEYS), { latencyMs: 0, action: 'none' });
  });

  it("decides a route's faults whatever the traffic on other routes", () => {
    const rules: FaultRule[] = [
      { method: 'GET', path: '/organizations/*/roles', kind: 'status', status: 500, probability: 0.5 },
      { method: 'GET', path: '/organizations/*/api_keys', kind: 'status', status: 503, probability: 0.3 },
      { method: 'GET', path: '/organizations/*/api_keys', kind: 'latency', min_ms: 0, max_ms: 1000, probability: 0.4 },
    ];
    const alone = new FaultInjector(rules, 77);
    const quiet = Array.from({ length: 300 }, () => alone.decide('GET', KEYS));
    const busy = new FaultInjector(rules, 77);
    const noisy: FaultDecision[] = [];
    for (let i = 0; i < 300; i++) {
      for (let j = 0; j < i % 4; j++) busy.decide('GET', '/organizations/acme/roles');
      busy.decide('POST', KEYS);
      busy.decide('DELETE', `${KEYS}/x`);
      noisy.push(busy.decide('GET', KEYS));
    }
    assert.deepEqual(noisy, quiet);
    assert.ok(quiet.some((d) => d.action === 'status') && quiet.some((d) => d.latencyMs > 0));
  });

  it('decides the n-th request matching rule i from (seed, i, n) alone', () => {
    const p = 0.37;
    const injector = new FaultInjector([{ kind: 'status', status: 500, probability: 0 }, { path: '/x', kind: 'reset', probability: p }], 2024);
    for (let n = 0; n < 500; n++) {
      injector.decide('GET', '/y');
      const fired = injector.decide('GET', '/x').action === 'reset';
      assert.equal(fired, faultDraw(2024, 1, n) < p, `n=${n}`);
    }
    for (let n = 0; n < 1000; n++) {
      const u = faultDraw(5, 2, n);
      assert.ok(u >= 0 && u < 1);
    }
  });

  it('counts requests, firings by kind and by rule; clear() stops everything and resets the counts', () => {
    const injector = new FaultInjector([
      { kind: 'latency', min_ms: 1, max_ms: 2 },
      { method: 'POST', kind: 'drop_after_commit', times: 2 },
      { kind: 'reset', probability: 0 },
    ]);
    for (let i = 0; i < 5; i++) injector.decide('POST', KEYS);
    assert.deepEqual(injector.stats(), { requests: 5, byKind: { latency: 5, status: 0, reset: 0, drop_after_commit: 2 }, byRule: [5, 2, 0] });
    const snapshot = injector.stats();
    snapshot.byRule[0] = 99;
    assert.equal(injector.stats().byRule[0], 5, 'stats() returns a copy');
    injector.clear();
    assert.deepEqual(injector.decide('POST', KEYS), { latencyMs: 0, action: 'none' });
    assert.deepEqual(injector.stats(), { requests: 1, byKind: { latency: 0, status: 0, reset: 0, drop_after_commit: 0 }, byRule: [] });
  });

  it('refuses rules it cannot use, naming the rule', () => {
    const bad: Array<[FaultRule, RegExp]> = [
      [{ kind: 'explode' as FaultRule['kind'] }, /faults\[0\]: kind/],
      [{ kind: 'status' }, /faults\[0\]: status/],
      [{ kind: 'status', status: 418 }, /faults\[0\]: status/],
      [{ kind: 'reset', probability: 2 }, /faults\[0\]: probability/],
      [{ kind: 'reset', probability: Number.NaN }, /faults\[0\]: probability/],
      [{ kind: 'latency', min_ms: 10 }, /faults\[0\]: max_ms/],
      [{ kind: 'latency', min_ms: 30, max_ms: 20 }, /faults\[0\]: min_ms \(30\) is greater than max_ms \(20\)/],
      [{ kind: 'reset', times: -1 }, /faults\[0\]: times/],
      [{ kind: 'status', status: 429, retry_after: 1.5 }, /faults\[0\]: retry_after/],
    ];
    for (const [rule, message] of bad) {
      assert.throws(() => new FaultInjector([rule]), (err: Error) => err instanceof RangeError && message.test(err.message), JSON.stringify(rule));
    }
    const injector = new FaultInjector([{ kind: 'reset' }]);
    assert.throws(() => injector.set([{ kind: 'reset' }, { kind: 'status' }]), /faults\[1\]/);
    assert.equal(injector.decide('GET', KEYS).action, 'reset', 'a refused set() keeps the previous rules');
    assert.throws(() => new FaultInjector([], Number.POSITIVE_INFINITY), RangeError);
  });

  it('keeps its own copy of the rules: changing the caller\'s array afterwards changes nothing', () => {
    const rules: FaultRule[] = [{ kind: 'status', status: 503, times: 1 }];
    const injector = new FaultInjector(rules);
    assert.equal(injector.decide('GET', KEYS).status, 503);
    rules[0]!.times = 10;
    rules.push({ kind: 'reset' });
    assert.deepEqual(injector.decide('GET', KEYS), { latencyMs: 0, action: 'none' }, 'still spent, no new rule');
    assert.deepEqual(rules[0], { kind: 'status', status: 503, times: 10 }, 'the caller\'s rule is not modified by the injector');
  });
});

// ---- JSON Schemas ----------------------------------------------------------------------------------------------

/** The repository root: three levels above this compiled file (dist/test/emulator/), else the working directory. */
function repoRoot(): string {
  const candidates = [fileURLToPath(new URL('../../../', import.meta.url)), process.cwd()];
  const found = candidates.find((dir) => existsSync(join(dir, 'schemas', 'emulator-config.schema.json')));
  if (!found) throw new Error(`schemas/ not found from ${candidates.join(' or ')}`);
  return found;
}

const root = repoRoot();
const readJson = (...parts: string[]): any => JSON.parse(readFileSync(join(root, ...parts), 'utf8'));

function newAjv(): Ajv {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  return ajv;
}

const CONFIG_ID = 'https://keyform.dev/schemas/emulator-config.schema.json';
const API_ID = 'https://keyform.dev/schemas/cycloid-api.schema.json';

function schemas(): Ajv {
  const ajv = newAjv();
  ajv.addSchema(readJson('schemas', 'emulator-config.schema.json'));
  ajv.addSchema(readJson('schemas', 'cycloid-api.schema.json'));
  return ajv;
}

/** The errors of validating `value`, or [] when it is valid. */
function errorsOf(ajv: Ajv, ref: string, value: unknown): ErrorObject[] {
  const validate = ajv.getSchema(ref);
  assert.ok(validate, `schema ${ref} exists`);
  return validate(value) ? [] : [...(validate.errors ?? [])];
}

function assertFailsAt(errors: ErrorObject[], instancePath: string, keyword: string, extra?: (e: ErrorObject) => boolean): void {
  const summary = errors.map((e) => `${e.instancePath} ${e.keyword} ${JSON.stringify(e.params)}`).join('; ');
  assert.ok(errors.some((e) => e.instancePath === instancePath && e.keyword === keyword && (extra ? extra(e) : true)), `expected ${keyword} at '${instancePath}', got: ${summary}`);
}

const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

describe('JSON Schemas', () => {
  const ajv = schemas();
  const example = readJson('examples', 'emulator', 'config.json');

  it('every JSON Schema in schemas/ compiles, whole and definition by definition', () => {
    // provider-schema.json is in Terraform's `providers schema -json` format, not a JSON Schema.
    const files = readdirSync(join(root, 'schemas')).filter((f) => f.endsWith('.schema.json')).sort();
    assert.ok(files.includes('cycloid-api.schema.json') && files.includes('emulator-config.schema.json'), files.join(', '));
    for (const file of files) {
      const schema = readJson('schemas', file);
      const local = newAjv();
      assert.equal(typeof schema.$id, 'string', `${file} has an $id`);
      assert.ok(schema.$id.endsWith(`/${file}`), `${file}: $id ${schema.$id}`);
      local.addSchema(schema);
      assert.ok(local.getSchema(schema.$id), `${file} compiles`);
      for (const name of Object.keys(schema.definitions ?? {})) {
        assert.ok(local.getSchema(`${schema.$id}#/definitions/${name}`), `${file}#/definitions/${name} compiles`);
      }
    }
  });

  it('cycloid-api.schema.json has one definition per component of the API subset', () => {
    const api = readJson('schemas', 'cycloid-api.schema.json');
    const expected = [
      'NewAPIKey', 'UpdateAPIKey', 'APIKey', 'NewRule', 'Rule', 'NewRole', 'Role', 'Policy', 'CanDoInput', 'CanDoOutput',
      'Pagination', 'ErrorPayload', 'ErrorDetailsItem', 'User', 'getAPIKeys_200_response', 'createAPIKey_200_response',
      'getRoles_200_response', 'createRole_200_response', 'getRole_200_response', 'getPolicies_200_response', 'canDo_200_response',
    ];
    assert.deepEqual(Object.keys(api.definitions).sort(), [...expected].sort());
  });

  it('examples/emulator/config.json is a valid configuration', () => {
    assert.deepEqual(errorsOf(ajv, CONFIG_ID, example), []);
    for (const org of example.organizations) {
      (org.policies ?? []).forEach((p: { code: string; description: string }, i: number) => {
        assert.deepEqual(errorsOf(ajv, `${API_ID}#/definitions/Policy`, { id: i + 1, ...p }), [], p.code);
      });
    }
    assert.ok(example.faults.every((f: FaultRule) => f.probability === 0), 'the example faults are illustrations only');
    assert.doesNotThrow(() => new FaultInjector(example.faults, example.seed));
  });

  it('refuses an unknown property anywhere, naming where', () => {
    const typo = clone(example);
    typo.organizations[0].users[0].colour = 'red';
    assertFailsAt(errorsOf(ajv, CONFIG_ID, typo), '/organizations/0/users/0', 'additionalProperties', (e) => (e.params as { additionalProperty: string }).additionalProperty === 'colour');
    const top = { ...clone(example), fault: [] };
    assertFailsAt(errorsOf(ajv, CONFIG_ID, top), '', 'additionalProperties');
    const inFault = clone(example);
    inFault.faults[0].probabilty = 0.5;
    assertFailsAt(errorsOf(ajv, CONFIG_ID, inFault), '/faults/0', 'additionalProperties');
    const inRule = clone(example);
    inRule.organizations[0].roles[1].rules[0].resource = ['x'];
    assertFailsAt(errorsOf(ajv, CONFIG_ID, inRule), '/organizations/0/roles/1/rules/0', 'additionalProperties');
  });

  it('requires status for kind=status and min_ms/max_ms for kind=latency', () => {
    const noStatus = { organizations: example.organizations, faults: [{ kind: 'status', probability: 0.5 }] };
    assertFailsAt(errorsOf(ajv, CONFIG_ID, noStatus), '/faults/0', 'required', (e) => (e.params as { missingProperty: string }).missingProperty === 'status');
    const noRange = { organizations: example.organizations, faults: [{ kind: 'reset' }, { kind: 'latency', min_ms: 5 }] };
    assertFailsAt(errorsOf(ajv, CONFIG_ID, noRange), '/faults/1', 'required', (e) => (e.params as { missingProperty: string }).missingProperty === 'max_ms');
    const fine = { organizations: example.organizations, faults: [{ kind: 'reset' }, { kind: 'drop_after_commit', times: 1 }, { kind: 'latency', min_ms: 0, max_ms: 60000 }] };
    assert.deepEqual(errorsOf(ajv, CONFIG_ID, fine), []);
  });

  it('refuses out-of-range fault settings and bad canonicals, naming the value', () => {
    const cases: Array<[(c: any) => void, string, string]> = [
      [(c) => { c.faults = [{ kind: 'reset', probability: 2 }]; }, '/faults/0/probability', 'maximum'],
      [(c) => { c.faults = [{ kind: 'reset', probability: -0.1 }]; }, '/faults/0/probability', 'minimum'],
      [(c) => { c.faults = [{ kind: 'status', status: 418 }]; }, '/faults/0/status', 'enum'],
      [(c) => { c.faults = [{ kind: 'status', status: 503, retry_after: 3601 }]; }, '/faults/0/retry_after', 'maximum'],
      [(c) => { c.faults = [{ kind: 'latency', min_ms: 0, max_ms: 60001 }]; }, '/faults/0/max_ms', 'maximum'],
      [(c) => { c.faults = [{ kind: 'reset', method: 'PATCH' }]; }, '/faults/0/method', 'enum'],
      [(c) => { c.faults = [{ kind: 'explode' }]; }, '/faults/0/kind', 'enum'],
      [(c) => { c.faults = [{ kind: 'reset', times: 1.5 }]; }, '/faults/0/times', 'type'],
      [(c) => { c.seed = 'forty-two'; }, '/seed', 'type'],
      [(c) => { c.organizations[0].canonical = 'Not Valid'; }, '/organizations/0/canonical', 'pattern'],
      [(c) => { c.organizations[0].canonical = 'ab'; }, '/organizations/0/canonical', 'minLength'],
      [(c) => { c.organizations[0].canonical = '-acme'; }, '/organizations/0/canonical', 'pattern'],
      [(c) => { c.organizations[0].users[1].username = 'a'.repeat(31); }, '/organizations/0/users/1/username', 'maxLength'],
      [(c) => { c.organizations[0].users[1].email = 'not-an-email'; }, '/organizations/0/users/1/email', 'format'],
      [(c) => { c.organizations[0].users[1].country_code = 'fr'; }, '/organizations/0/users/1/country_code', 'pattern'],
      [(c) => { c.organizations[0].users = []; }, '/organizations/0/users', 'minItems'],
      [(c) => { c.organizations = []; }, '/organizations', 'minItems'],
      [(c) => { c.organizations[0].entities = { Project: ['web'] }; }, '/organizations/0/entities', 'propertyNames'],
      [(c) => { c.organizations[0].entities.project = ['web', 'web']; }, '/organizations/0/entities/project', 'uniqueItems'],
      [(c) => { c.organizations[0].policies[0].code = 'Organization:read'; }, '/organizations/0/policies/0/code', 'pattern'],
      [(c) => { c.organizations[0].roles[0].rules[0].effect = 'deny'; }, '/organizations/0/roles/0/rules/0/effect', 'enum'],
      [(c) => { delete c.organizations[0].api_keys[0].owner; }, '/organizations/0/api_keys/0', 'required'],
      [(c) => { c.organizations[0].admin_key.canonical = 'Admin Key'; }, '/organizations/0/admin_key/canonical', 'pattern'],
    ];
    for (const [change, path, keyword] of cases) {
      const config = clone(example);
      change(config);
      assertFailsAt(errorsOf(ajv, CONFIG_ID, config), path, keyword);
    }
  });

  it('FaultControl is the body of PUT /_emulator/faults', () => {
    const ref = `${CONFIG_ID}#/definitions/FaultControl`;
    assert.deepEqual(errorsOf(ajv, ref, { seed: 3, faults: [{ method: 'DELETE', kind: 'status', status: 502, times: 1 }] }), []);
    assert.deepEqual(errorsOf(ajv, ref, { faults: [] }), []);
    assertFailsAt(errorsOf(ajv, ref, {}), '', 'required');
    assertFailsAt(errorsOf(ajv, ref, { faults: [{ kind: 'explode' }] }), '/faults/0/kind', 'enum');
    assertFailsAt(errorsOf(ajv, ref, { faults: [], organizations: [] }), '', 'additionalProperties');
  });

  it('the API request schemas ignore unknown fields and carry the emulator bounds', () => {
    const newKey = `${API_ID}#/definitions/NewAPIKey`;
    assert.deepEqual(errorsOf(ajv, newKey, { name: 'CI key', rules: [], colour: 'red' }), []);
    assert.deepEqual(errorsOf(ajv, newKey, { name: 'n'.repeat(100), description: 'd'.repeat(10_000), rules: [{ action: 'a'.repeat(1000), effect: 'allow', resources: ['r'.repeat(1000)] }] }), []);
    assertFailsAt(errorsOf(ajv, newKey, { name: 'n'.repeat(101), rules: [] }), '/name', 'maxLength');
    assertFailsAt(errorsOf(ajv, newKey, { name: 'ab', rules: [] }), '/name', 'minLength');
    assertFailsAt(errorsOf(ajv, newKey, { name: 'CI key', description: 'd'.repeat(10_001), rules: [] }), '/description', 'maxLength');
    assertFailsAt(errorsOf(ajv, newKey, { name: 'CI key', rules: Array.from({ length: 1001 }, () => ({ action: 'x', effect: 'allow' })) }), '/rules', 'maxItems');
    assertFailsAt(errorsOf(ajv, newKey, { name: 'CI key', rules: [{ action: 'a'.repeat(1001), effect: 'allow' }] }), '/rules/0/action', 'maxLength');
    assertFailsAt(errorsOf(ajv, newKey, { name: 'CI key', rules: [{ action: 'x', effect: 'allow', resources: ['r'.repeat(1001)] }] }), '/rules/0/resources/0', 'maxLength');
    assertFailsAt(errorsOf(ajv, newKey, { name: 'CI key', rules: [{ action: 'x', effect: 'allow', resources: Array.from({ length: 1001 }, () => 'r') }] }), '/rules/0/resources', 'maxItems');
    assertFailsAt(errorsOf(ajv, newKey, { name: 'CI key', rules: [{ action: 'x', effect: 'deny' }] }), '/rules/0/effect', 'enum');
    assertFailsAt(errorsOf(ajv, newKey, { name: 'CI key', canonical: 'Bad Canonical', rules: [] }), '/canonical', 'pattern');
    assertFailsAt(errorsOf(ajv, newKey, { name: 'CI key' }), '', 'required');
    const update = `${API_ID}#/definitions/UpdateAPIKey`;
    assert.deepEqual(errorsOf(ajv, update, { name: 'Renamed', rules: [{ action: 'anything' }] }), [], 'rules in an update are left to the handler');
    assertFailsAt(errorsOf(ajv, update, { name: 'n'.repeat(101) }), '/name', 'maxLength');
    const role = `${API_ID}#/definitions/NewRole`;
    assertFailsAt(errorsOf(ajv, role, { name: 'Dev', description: 'd'.repeat(10_001), rules: [] }), '/description', 'maxLength');
  });

  it('the API answer schemas accept what the API sends and refuse what it cannot', () => {
    const user = { id: 1, username: 'admin', email: 'admin@acme.test', given_name: 'Ada', family_name: 'Admin', locale: 'en', mfa_enabled: false, created_at: 0 };
    const key = { id: 1, canonical: 'admin', name: 'Admin', description: '', last_seven: 'abcdefg', last_used: 0, owner: user, rules: [{ id: 0, action: 'organization:**', effect: 'allow', resources: [] }] };
    assert.deepEqual(errorsOf(ajv, `${API_ID}#/definitions/getAPIKeys_200_response`, { data: [key], pagination: { index: 1, size: 1000, total: 1 } }), []);
    assert.deepEqual(errorsOf(ajv, `${API_ID}#/definitions/createAPIKey_200_response`, { data: { ...key, token: 'a.b.c' } }), []);
    assertFailsAt(errorsOf(ajv, `${API_ID}#/definitions/APIKey`, { ...key, id: 0 }), '/id', 'minimum');
    assertFailsAt(errorsOf(ajv, `${API_ID}#/definitions/APIKey`, { ...key, id: 4294967296 }), '/id', 'maximum');
    assertFailsAt(errorsOf(ajv, `${API_ID}#/definitions/APIKey`, { ...key, owner: { ...user, locale: 'EN' } }), '/owner/locale', 'pattern');
    assertFailsAt(errorsOf(ajv, `${API_ID}#/definitions/getAPIKeys_200_response`, { data: [], pagination: { index: 0, size: 0, total: 0 } }), '/pagination/index', 'minimum');
    assertFailsAt(errorsOf(ajv, `${API_ID}#/definitions/ErrorPayload`, { errors: [{ code: 'Unexpected' }] }), '/errors/0', 'required');
    assert.deepEqual(errorsOf(ajv, `${API_ID}#/definitions/canDo_200_response`, { data: { ok: true, entity_canonicals: ['cy-aws'] } }), []);
    assert.deepEqual(errorsOf(ajv, `${API_ID}#/definitions/getRole_200_response`, { data: { id: 1, canonical: 'developer', name: 'Developer', description: '', default: false, rules: [] } }), []);
  });
});
