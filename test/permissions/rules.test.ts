/** isAllowed, entityFor, normaliseRules, ruleKey, ruleCovers and rulesCover. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  actionScope,
  entityFor,
  isAllowed,
  scopeAllows,
  normaliseRules,
  ruleCovers,
  ruleKey,
  rulesCover,
  type Rule,
} from '../../src/permissions/index.js';
import { pattern, subject } from './arbitraries.js';

const allow = (action: string, resources?: string[]): Rule => (resources === undefined ? { action, effect: 'allow' } : { action, effect: 'allow', resources });

describe('isAllowed', () => {
  const rules: Rule[] = [
    allow('organization:project:read'),
    allow('organization:credential:read', ['organization:acme:credential:cy-*']),
    allow('organization:api_key:*', ['organization:acme:api_key:ci-deploy', 'organization:acme:api_key:*-staging']),
    allow('organization:environment:read', []),
  ];
  const cases: Array<[action: string, resource: string, expected: boolean]> = [
    ['organization:project:read', 'organization:acme:project:web', true],
    ['organization:project:read', 'organization:other:project:web', true],
    ['organization:project:update', 'organization:acme:project:web', false],
    ['organization:credential:read', 'organization:acme:credential:cy-aws', true],
    ['organization:credential:read', 'organization:acme:credential:aws', false],
    ['organization:credential:read', 'organization:other:credential:cy-aws', false],
    ['organization:api_key:read', 'organization:acme:api_key:ci-deploy', true],
    ['organization:api_key:delete', 'organization:acme:api_key:eu-staging', true],
    ['organization:api_key:delete', 'organization:acme:api_key:ci-deploy-2', false],
    ['organization:api_key:delete:x', 'organization:acme:api_key:ci-deploy', false],
    // an empty resources array means every entity, like no resources
    ['organization:environment:read', 'organization:acme:project:web:environment:prod', true],
    ['', 'organization:acme', false],
    ['organization:project:read', '', false],
  ];
  for (const [action, resource, expected] of cases) {
    it(`${expected ? 'allows' : 'denies'} ${action} on ${JSON.stringify(resource)}`, () => {
      assert.equal(isAllowed(rules, action, resource), expected);
    });
  }

  it('allows nothing without rules', () => {
    assert.equal(isAllowed([], 'organization:project:read', 'organization:acme'), false);
  });

  it('lets `**` allow everything', () => {
    assert.equal(isAllowed([allow('**')], 'organization:api_key:delete', 'organization:acme:api_key:x'), true);
    assert.equal(isAllowed([allow('organization:**')], 'organization:api_key:delete', 'organization:acme:api_key:x'), true);
  });

  it('ignores a rule whose effect is not allow (as data from JSON might say)', () => {
    const deny = { action: '**', effect: 'deny' } as unknown as Rule;
    assert.equal(isAllowed([deny], 'organization:project:read', 'organization:acme'), false);
  });

  it('treats null resources (from JSON) as every entity', () => {
    const rule = { action: 'organization:project:read', effect: 'allow', resources: null } as unknown as Rule;
    assert.equal(isAllowed([rule], 'organization:project:read', 'organization:acme:project:web'), true);
  });

  const ruleArb = fc.record({
    action: pattern,
    effect: fc.constant('allow' as const),
    resources: fc.option(fc.array(pattern, { maxLength: 3 }), { nil: undefined }),
  }) as fc.Arbitrary<Rule>;

  it('is monotonic: adding rules never removes a permission (property)', () => {
    fc.assert(
      fc.property(fc.array(ruleArb, { maxLength: 4 }), fc.array(ruleArb, { maxLength: 3 }), subject, subject, (rules, more, action, resource) => {
        return !isAllowed(rules, action, resource) || isAllowed([...rules, ...more], action, resource);
      }),
      { numRuns: 1000 },
    );
  });

  it('does not depend on rule order (property)', () => {
    fc.assert(
      fc.property(fc.array(ruleArb, { maxLength: 5 }), subject, subject, (rules, action, resource) => {
        return isAllowed(rules, action, resource) === isAllowed([...rules].reverse(), action, resource);
      }),
      { numRuns: 500 },
    );
  });

  it('agrees with ruleCovers: a covering rule allows whatever the covered rule allows (property)', () => {
    fc.assert(
      fc.property(ruleArb, ruleArb, subject, subject, (a, b, action, resource) => {
        return !(ruleCovers(a, b) && isAllowed([b], action, resource)) || isAllowed([a], action, resource);
      }),
      { numRuns: 2000 },
    );
  });

  it('agrees with rulesCover (property)', () => {
    fc.assert(
      fc.property(fc.array(ruleArb, { maxLength: 3 }), ruleArb, subject, subject, (rules, b, action, resource) => {
        return !(rulesCover(rules, b) && isAllowed([b], action, resource)) || isAllowed(rules, action, resource);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('entityFor', () => {
  const cases: Array<[action: string, canonicals: string[], expected: string | undefined]> = [
    ['organization:credential:read', ['cy-aws'], 'organization:acme:credential:cy-aws'],
    ['organization:project:environment:read', ['web', 'prod'], 'organization:acme:project:web:environment:prod'],
    ['organization:project:environment:read', ['web'], 'organization:acme:project:web'],
    ['organization:credential:read', [], 'organization:acme'],
    ['organization:read', [], 'organization:acme'],
    ['organization:credential:read', ['a', 'b'], undefined],
    ['organization:read', ['x'], undefined],
    ['read', [], undefined],
    ['organization:credential:read', ['a:b'], undefined],
    ['organization:credential:read', [''], undefined],
  ];
  for (const [action, canonicals, expected] of cases) {
    it(`${action} + ${JSON.stringify(canonicals)} → ${String(expected)}`, () => {
      assert.equal(entityFor(action, 'acme', canonicals), expected);
    });
  }
  it('rejects an empty organization', () => {
    assert.equal(entityFor('organization:read', '', []), undefined);
  });
  it('builds entities that a resource glob on the same entity kind matches', () => {
    const entity = entityFor('organization:credential:read', 'acme', ['cy-aws']) ?? '';
    assert.equal(isAllowed([allow('organization:credential:read', ['organization:acme:credential:cy-*'])], 'organization:credential:read', entity), true);
  });
});

describe('normaliseRules and ruleKey', () => {
  it('sorts and de-duplicates resources, drops empty resources and duplicate rules, orders by action', () => {
    const rules: Rule[] = [
      allow('organization:project:read', ['b', 'a', 'b']),
      allow('organization:credential:read', []),
      allow('organization:credential:read'),
      allow('organization:project:read', ['a', 'b']),
      allow('organization:credential:read', ['z']),
    ];
    assert.deepEqual(normaliseRules(rules), [
      { action: 'organization:credential:read', effect: 'allow' },
      { action: 'organization:credential:read', effect: 'allow', resources: ['z'] },
      { action: 'organization:project:read', effect: 'allow', resources: ['a', 'b'] },
    ]);
  });

  it('omits the resources key entirely when there are none (JSON stays comparable)', () => {
    assert.equal(JSON.stringify(normaliseRules([allow('a:read', [])])), JSON.stringify(normaliseRules([allow('a:read')])));
    assert.equal('resources' in (normaliseRules([allow('a:read', [])])[0] ?? {}), false);
  });

  it('does not modify its input', () => {
    const rule = allow('a:read', ['b', 'a']);
    normaliseRules([rule]);
    assert.deepEqual(rule.resources, ['b', 'a']);
  });

  it('gives equal keys to equal rules, different keys otherwise', () => {
    assert.equal(ruleKey(allow('a:read', ['y', 'x', 'x'])), ruleKey(allow('a:read', ['x', 'y'])));
    assert.equal(ruleKey(allow('a:read', [])), ruleKey(allow('a:read')));
    assert.notEqual(ruleKey(allow('a:read', ['x'])), ruleKey(allow('a:read')));
    assert.notEqual(ruleKey(allow('a:b', ['c'])), ruleKey(allow('a', ['b:c'])));
    assert.notEqual(ruleKey(allow('a', ['b,c'])), ruleKey(allow('a', ['b', 'c'])));
  });

  const ruleArb = fc.record({
    action: fc.constantFrom('a:read', 'b:read', 'a:*'),
    effect: fc.constant('allow' as const),
    resources: fc.option(fc.array(fc.constantFrom('x', 'y', 'z:*'), { maxLength: 3 }), { nil: undefined }),
  }) as fc.Arbitrary<Rule>;

  it('is idempotent and order-independent (property)', () => {
    fc.assert(
      fc.property(fc.array(ruleArb, { maxLength: 6 }), (rules) => {
        const once = normaliseRules(rules);
        assert.deepEqual(normaliseRules(once), once);
        assert.deepEqual(normaliseRules([...rules].reverse()), once);
      }),
      { numRuns: 500 },
    );
  });
});

describe('ruleCovers and rulesCover', () => {
  it('compares actions and resources', () => {
    assert.equal(ruleCovers(allow('organization:**'), allow('organization:credential:read', ['x'])), true);
    assert.equal(ruleCovers(allow('organization:credential:read'), allow('organization:credential:read', ['x'])), true);
    assert.equal(ruleCovers(allow('organization:credential:read', ['x']), allow('organization:credential:read')), false);
    assert.equal(ruleCovers(allow('organization:credential:read', ['x']), allow('organization:credential:read', [])), false);
    assert.equal(ruleCovers(allow('organization:credential:read', ['o:*']), allow('organization:credential:read', ['o:a', 'o:b'])), true);
    assert.equal(ruleCovers(allow('organization:credential:read', ['o:a']), allow('organization:credential:read', ['o:a', 'o:b'])), false);
    assert.equal(ruleCovers(allow('organization:credential:read', ['o:a', 'o:b']), allow('organization:credential:read', ['o:b'])), true);
    assert.equal(ruleCovers(allow('organization:credential:read', ['**']), allow('organization:credential:read')), true);
    assert.equal(ruleCovers(allow('organization:credential:read'), allow('organization:credential:*')), false);
  });

  it('lets several rules cover one together', () => {
    const rules = [allow('x:a:*', ['r']), allow('x:a:*:**', ['r'])];
    assert.equal(rulesCover(rules, allow('x:a:**', ['r'])), true);
    assert.equal(rulesCover(rules, allow('x:a:**')), false);
    assert.equal(rulesCover([allow('x:read', ['p']), allow('x:read', ['q'])], allow('x:read', ['p', 'q'])), true);
    assert.equal(rulesCover([allow('x:read', ['p']), allow('x:*', ['q'])], allow('x:*', ['p', 'q'])), false);
    assert.equal(rulesCover([allow('x:read', ['p', 'q'])], allow('x:read', ['p', 'q'])), true);
  });
});

const arbRule: fc.Arbitrary<Rule> = fc.record(
  { action: pattern, effect: fc.constant('allow' as const), resources: fc.array(pattern, { maxLength: 3 }) },
  { requiredKeys: ['action', 'effect'] },
);

describe('actionScope and scopeAllows', () => {
  it('agree with isAllowed on generated rules, actions and resources', () => {
    fc.assert(
      fc.property(fc.array(arbRule, { maxLength: 5 }), subject, subject, (rules, action, resource) => {
        assert.equal(scopeAllows(actionScope(rules, action), resource), isAllowed(rules, action, resource));
      }),
      { numRuns: 2000 },
    );
  });

  it('is every entity as soon as one matching rule has no resources', () => {
    const scope = actionScope(
      [
        { action: 'organization:api_key:read', effect: 'allow', resources: ['organization:acme:api_key:ci-*'] },
        { action: 'organization:**', effect: 'allow' },
      ],
      'organization:api_key:read',
    );
    assert.deepEqual(scope, { every: true });
  });
});
