/** plannedValues of cycloid_organization_api_key: defaults, the derived canonical, unknowns, prior values kept. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { apiKeyResource } from '../../src/provider/cycloid/api-key-resource.js';
import type { ProviderSettings } from '../../src/provider/resource.js';
import { isUnknown, UNKNOWN, type Values } from '../../src/values.js';

const provider: ProviderSettings = { apiUrl: 'http://x', apiKey: 'k', defaultOrganization: 'acme', insecure: false };
const noDefault: ProviderSettings = { apiUrl: 'http://x', apiKey: 'k', insecure: false };
const rules = [{ action: 'organization:project:read', effect: 'allow' }];
const prior: Values = {
  id: 7, organization_canonical: 'acme', canonical: 'ci-deploy', name: 'CI deploy', description: 'old', owner: 'bob',
  rules: [{ action: 'organization:project:read', effect: 'allow', resources: [] }], token: 'tok.en.value', last_seven: 'n.value',
};

/** Unknown shown as the string "?" for table comparisons. */
function show(v: unknown): any {
  if (isUnknown(v)) return '?';
  if (Array.isArray(v)) return v.map(show);
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, show(x)]));
  return v;
}

const cases: { name: string; config: Values; prior?: Values; provider?: ProviderSettings; expect: Record<string, unknown> }[] = [
  {
    name: 'new key, nothing optional set: defaults, derived canonical, unknown computed values',
    config: { name: 'CI Deploy (prod)!', rules },
    expect: { id: '?', organization_canonical: 'acme', canonical: 'ci-deploy-prod', name: 'CI Deploy (prod)!', description: '', owner: '?', rules: [{ ...rules[0], resources: [] }], token: '?', last_seven: '?' },
  },
  {
    name: 'explicit canonical, organization, description and owner win',
    config: { name: 'CI', canonical: 'ci-x', organization_canonical: 'other', description: 'd', owner: 'alice', rules },
    expect: { organization_canonical: 'other', canonical: 'ci-x', description: 'd', owner: 'alice' },
  },
  {
    name: 'the prior rules in another order keep the prior order (a reorder must not replace the key)',
    config: { name: 'CI deploy', rules: [{ action: 'b:read', effect: 'allow', resources: ['y', 'x'] }, { action: 'a:read', effect: 'allow' }] },
    prior: { ...prior, rules: [{ action: 'a:read', effect: 'allow', resources: [] }, { action: 'b:read', effect: 'allow', resources: ['x', 'y'] }] },
    expect: { rules: [{ action: 'a:read', effect: 'allow', resources: [] }, { action: 'b:read', effect: 'allow', resources: ['x', 'y'] }] },
  },
  {
    name: 'different rules are taken as configured, in their order',
    config: { name: 'CI deploy', rules: [{ action: 'b:read', effect: 'allow' }] },
    prior: { ...prior, rules: [{ action: 'a:read', effect: 'allow', resources: [] }] },
    expect: { rules: [{ action: 'b:read', effect: 'allow', resources: [] }] },
  },
  {
    name: 'unknown name → unknown canonical',
    config: { name: UNKNOWN, rules },
    expect: { canonical: '?', name: '?' },
  },
  {
    name: 'an unknown description or rules stay unknown',
    config: { name: 'CI deploy', description: UNKNOWN, rules: UNKNOWN },
    expect: { description: '?', rules: '?' },
  },
  {
    name: 'null optional attributes count as not set',
    config: { name: 'CI deploy', canonical: null, description: null, owner: null, organization_canonical: null, rules },
    expect: { canonical: 'ci-deploy', description: '', owner: '?', organization_canonical: 'acme' },
  },
  {
    name: 'no organization anywhere: left unset for the planner to report',
    config: { name: 'CI deploy', rules },
    provider: noDefault,
    expect: { organization_canonical: null },
  },
  {
    name: 'update: id, token, last_seven and owner kept from prior; description cleared when not set',
    config: { name: 'CI deploy v2', rules },
    prior,
    expect: { id: 7, token: 'tok.en.value', last_seven: 'n.value', owner: 'bob', description: '', canonical: 'ci-deploy-v2' },
  },
  {
    name: 'an imported key keeps its null token',
    config: { name: 'CI deploy', rules },
    prior: { ...prior, token: null },
    expect: { token: null },
  },
  {
    name: 'rules: resources normalised, order kept, an unknown resource list kept',
    config: { name: 'CI deploy', rules: [{ action: 'b', effect: 'allow', resources: ['x'] }, { action: 'a', effect: 'allow', resources: null }, { action: 'c', effect: 'allow', resources: UNKNOWN }] },
    expect: { rules: [{ action: 'b', effect: 'allow', resources: ['x'] }, { action: 'a', effect: 'allow', resources: [] }, { action: 'c', effect: 'allow', resources: '?' }] },
  },
];

describe('cycloid_organization_api_key: plannedValues', () => {
  for (const c of cases) {
    it(c.name, () => {
      const planned = show(apiKeyResource.plannedValues({ config: c.config, ...(c.prior ? { prior: c.prior } : {}), provider: c.provider ?? provider }));
      for (const [k, v] of Object.entries(c.expect)) assert.deepEqual(planned[k], v, k);
    });
  }

  it('is pure: the same request gives the same values and leaves its input alone', () => {
    const config: Values = { name: 'CI deploy', rules: [{ action: 'a', effect: 'allow' }] };
    const copy = structuredClone(config);
    const a = show(apiKeyResource.plannedValues({ config, provider }));
    const b = show(apiKeyResource.plannedValues({ config, provider }));
    assert.deepEqual(a, b);
    assert.deepEqual(config, copy);
  });
});

describe('cycloid_organization_api_key: schema declarations', () => {
  it('declares replacement, kept computed values, reasons and identity', () => {
    assert.equal(apiKeyResource.typeName, 'cycloid_organization_api_key');
    assert.deepEqual([...apiKeyResource.requiresReplace], ['organization_canonical', 'canonical', 'rules']);
    assert.deepEqual([...apiKeyResource.useStateForUnknown], ['id', 'token', 'last_seven', 'owner']);
    assert.equal(apiKeyResource.replaceReason('rules'), 'rules are immutable in the Cycloid API: the key must be replaced; the current token will be revoked and a new one issued');
    assert.match(apiKeyResource.replaceReason('canonical'), /canonical .* cannot be changed: the key must be replaced; the current token will be revoked/);
    assert.match(apiKeyResource.replaceReason('organization_canonical'), /one organization/);
    assert.equal(apiKeyResource.identity({ organization_canonical: 'acme', canonical: 'ci' }), 'acme/ci');
    assert.equal(apiKeyResource.identity({ organization_canonical: 'acme', canonical: UNKNOWN }), 'acme/(known after apply)');
    assert.equal(apiKeyResource.schema.attributes['token']?.sensitive, true);
  });

  it('reports a canonical that is invalid or cannot be derived', () => {
    const problems = (config: Values) => apiKeyResource.configProblems({ config, provider }).map((d) => d.summary);
    assert.deepEqual(problems({ name: 'CI deploy', rules }), []);
    assert.deepEqual(problems({ name: '!!', rules }), ['No canonical can be derived from the name']);
    assert.deepEqual(problems({ name: '日本語', rules }), ['No canonical can be derived from the name']);
    assert.deepEqual(problems({ name: '!!', canonical: 'ok-canonical', rules }), []);
    assert.deepEqual(problems({ name: 'CI', canonical: 'Bad Canonical', rules }), ['Invalid canonical']);
    assert.deepEqual(problems({ name: UNKNOWN, rules }), []);
  });
});
