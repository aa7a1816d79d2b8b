/** compareRules: what a reviewer is told about a change of rules. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { compareRules, isAllowed, type Rule } from '../../src/permissions/index.js';
import { subject } from './arbitraries.js';

const allow = (action: string, resources?: string[]): Rule => (resources === undefined ? { action, effect: 'allow' } : { action, effect: 'allow', resources });

const CRED_READ = 'organization:credential:read';
const base: Rule[] = [
  allow('organization:project:read'),
  allow(CRED_READ, ['organization:acme:credential:cy-aws']),
];

describe('compareRules', () => {
  it('reports no change for the same rules reordered, duplicated, with empty resources dropped', () => {
    const before = [allow('b:read', ['y', 'x']), allow('a:read', [])];
    const after = [allow('a:read'), allow('b:read', ['x', 'y']), allow('b:read', ['x', 'y', 'x'])];
    assert.deepEqual(compareRules(before, after), { added: [], removed: [], broadened: false, narrowed: false, findings: [] });
  });

  it('flags adding `organization:**` as a full wildcard', () => {
    const result = compareRules(base, [...base, allow('organization:**')]);
    assert.equal(result.broadened, true);
    assert.equal(result.narrowed, false);
    assert.deepEqual(result.added, [allow('organization:**')]);
    assert.deepEqual(result.removed, []);
    assert.equal(result.findings.length, 1);
    const [finding] = result.findings;
    assert.equal(finding?.kind, 'full-wildcard');
    assert.match(finding?.message ?? '', /`organization:\*\*` grants every action in the organization/);
  });

  it('flags adding `**` as a full wildcard in every organization', () => {
    const [finding] = compareRules(base, [allow('**')]).findings;
    assert.equal(finding?.kind, 'full-wildcard');
    assert.match(finding?.message ?? '', /every action, in every organization/);
  });

  it('flags a rule that lost its resources', () => {
    const result = compareRules(base, [allow('organization:project:read'), allow(CRED_READ)]);
    assert.equal(result.broadened, true);
    assert.equal(result.narrowed, false);
    assert.deepEqual(result.removed, [allow(CRED_READ, ['organization:acme:credential:cy-aws'])]);
    assert.deepEqual(result.added, [allow(CRED_READ)]);
    const [finding] = result.findings;
    assert.equal(finding?.kind, 'all-entities');
    assert.equal(finding?.message, 'rule for `organization:credential:read` lost its resources: it now applies to every credential');
  });

  it('treats resources that match everything like no resources', () => {
    const [finding] = compareRules(base, [allow(CRED_READ, ['**'])]).findings;
    assert.equal(finding?.kind, 'all-entities');
  });

  it('flags wider resources, naming the new ones', () => {
    const result = compareRules(base, [allow(CRED_READ, ['organization:acme:credential:cy-aws', 'organization:acme:credential:cy-*'])]);
    assert.equal(result.broadened, true);
    const [finding] = result.findings;
    assert.equal(finding?.kind, 'wider-resources');
    assert.match(finding?.message ?? '', /`organization:acme:credential:cy-\*`/);
    assert.doesNotMatch(finding?.message ?? '', /cy-aws/);
  });

  it('flags a new action', () => {
    const result = compareRules(base, [...base, allow('organization:api_key:delete')]);
    const [finding] = result.findings;
    assert.equal(finding?.kind, 'new-action');
    assert.match(finding?.message ?? '', /`organization:api_key:delete` is a new action/);
    assert.match(finding?.message ?? '', /every api key/);
  });

  it('flags a wider action', () => {
    const result = compareRules(base, [allow('organization:project:*'), base[1] as Rule]);
    assert.equal(result.broadened, true);
    assert.equal(result.narrowed, false);
    const [finding] = result.findings;
    assert.equal(finding?.kind, 'wider-action');
    assert.match(finding?.message ?? '', /`organization:project:\*` is wider than `organization:project:read`/);
  });

  it('reports narrowing without broadening', () => {
    const result = compareRules(
      [allow('organization:project:*'), allow(CRED_READ)],
      [allow('organization:project:read'), allow(CRED_READ, ['organization:acme:credential:cy-*'])],
    );
    assert.equal(result.broadened, false);
    assert.equal(result.narrowed, true);
    assert.deepEqual(result.findings, []);
    assert.equal(result.added.length, 2);
    assert.equal(result.removed.length, 2);
  });

  it('reports removing a rule as narrowing', () => {
    const result = compareRules(base, [base[0] as Rule]);
    assert.equal(result.narrowed, true);
    assert.equal(result.broadened, false);
  });

  it('does not flag a new rule that existing rules already cover', () => {
    const result = compareRules([allow('organization:**')], [allow('organization:**'), allow(CRED_READ, ['organization:acme:credential:x'])]);
    assert.equal(result.broadened, false);
    assert.equal(result.narrowed, false);
    assert.equal(result.added.length, 1);
  });

  it('reports both when one permission goes and another comes', () => {
    const result = compareRules([allow('organization:project:read')], [allow('organization:project:update')]);
    assert.equal(result.broadened, true);
    assert.equal(result.narrowed, true);
  });

  it('does not flag splitting a rule into equivalent rules, or merging them back', () => {
    const merged = [allow('organization:credential:*', ['r:a', 'r:b'])];
    const split = [allow('organization:credential:*', ['r:a']), allow('organization:credential:*', ['r:b'])];
    assert.equal(compareRules(merged, split).broadened, false);
    assert.equal(compareRules(merged, split).narrowed, false);
    assert.equal(compareRules(split, merged).broadened, false);
    assert.equal(compareRules(split, merged).narrowed, false);
  });

  const ruleArb = fc.record({
    action: fc.constantFrom('o:p:read', 'o:p:*', 'o:**', 'o:c:read', '**', 'o:*:read'),
    effect: fc.constant('allow' as const),
    resources: fc.option(fc.array(fc.constantFrom('o:a:p:x', 'o:a:p:*', 'o:a:**', 'o:a:c:cy-*', '**'), { maxLength: 2 }), {
      nil: undefined,
    }),
  }) as fc.Arbitrary<Rule>;

  it('is sound: when not broadened, after allows nothing before did not (property)', () => {
    fc.assert(
      fc.property(fc.array(ruleArb, { maxLength: 4 }), fc.array(ruleArb, { maxLength: 4 }), subject, subject, (before, after, action, resource) => {
        const result = compareRules(before, after);
        if (!result.broadened && isAllowed(after, action, resource)) assert.ok(isAllowed(before, action, resource));
        if (!result.narrowed && isAllowed(before, action, resource)) assert.ok(isAllowed(after, action, resource));
        assert.equal(result.broadened, result.findings.length > 0);
      }),
      { numRuns: 1000 },
    );
  });

  it('finds nothing when comparing a list with itself, shuffled (property)', () => {
    fc.assert(
      fc.property(fc.array(ruleArb, { maxLength: 6 }).chain((rules) => fc.tuple(fc.constant(rules), fc.shuffledSubarray(rules, { minLength: rules.length }))), ([rules, shuffled]) => {
        const result = compareRules(rules, shuffled);
        return !result.broadened && !result.narrowed && result.added.length === 0 && result.removed.length === 0;
      }),
      { numRuns: 500 },
    );
  });

  it('adding a rule never narrows and removes nothing (property)', () => {
    fc.assert(
      fc.property(fc.array(ruleArb, { maxLength: 4 }), ruleArb, (before, extra) => {
        const result = compareRules(before, [...before, extra]);
        return !result.narrowed && result.removed.length === 0;
      }),
      { numRuns: 500 },
    );
  });
});
