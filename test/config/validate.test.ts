/** Validation and evaluation beyond the golden files: checks of values that templates produce, and scopes. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { prepareModule } from '../../src/config/context.js';
import { desiredInstances, evaluateResource } from '../../src/config/evaluate.js';
import { addressScope } from '../../src/config/scopes.js';
import { moduleOf } from './fixtures.js';
import { validateModule } from '../../src/config/validate.js';
import { closest, editDistance } from '../../src/config/did-you-mean.js';
import type { Values } from '../../src/values.js';

const KEY = 'cycloid_organization_api_key';
const RULES = [{ action: 'organization:project:read', effect: 'allow' }];

describe('checks after evaluation', () => {
  const module = moduleOf({
    resource: {
      [KEY]: {
        k: {
          name: `\${${KEY}.src.id}`,
          canonical: `\${${KEY}.src.label}`,
          description: 'static',
          rules: [{ action: `\${${KEY}.src.action}`, effect: 'allow' }],
        },
      },
    },
  });
  const resource = module.resources[0]!;
  const scope = (src: Values) => addressScope((a) => (a === `${KEY}.src` ? src : undefined));

  it('are silent before evaluation: templates are checked once their value is known', () => {
    const diags = validateModule(module).filter((d) => !d.summary.startsWith('Reference to undeclared'));
    assert.deepEqual(diags, []);
  });

  it('report a number where a string is needed, and API rules on produced values', () => {
    const { values, diagnostics } = evaluateResource(resource, scope({ id: 5, label: 'Not A Canonical', action: 'organization::read' }));
    assert.equal(values['name'], 5);
    assert.deepEqual(
      diagnostics.map((d) => [d.path, d.summary, d.line]),
      [
        ['name', 'Wrong type for name: expected a string, found a number', 5],
        ['canonical', 'Invalid canonical "Not A Canonical": a canonical is 3 to 100 characters of a-z, 0-9, "-" and "_", starting and ending with a letter or digit', 6],
        ['rules[0].action', 'Invalid action "organization::read": must not contain an empty segment (`::` at position 13)', 10],
      ],
    );
  });

  it('skip unknown values', () => {
    const { diagnostics } = evaluateResource(resource, scope({ id: 'x'.repeat(5), label: 'ok-label', action: 'a:b' }));
    assert.deepEqual(diagnostics, []);
  });

  it('check a whole list that one interpolation produced', () => {
    const m = moduleOf({ resource: { [KEY]: { k: { name: 'Key', rules: `\${${KEY}.src.rules}` } } } });
    const { diagnostics } = evaluateResource(m.resources[0]!, scope({ rules: [{ action: 'a:b', effect: 'deny' }, { effect: 'allow' }] }));
    assert.deepEqual(diagnostics.map((d) => d.summary), [
      'Invalid effect "deny": Cycloid rules only allow: there are no deny rules',
      'Missing required attribute "action" in rules[1]',
    ]);
  });
});

describe('desiredInstances', () => {
  it('lets a later resource see what an earlier one was configured with, and unknown for computed values', () => {
    const module = moduleOf({
      resource: {
        [KEY]: {
          b: { name: `copy of \${${KEY}.a.name}`, description: `\${${KEY}.a.id}`, rules: RULES },
          a: { name: 'Original', rules: RULES },
        },
      },
    });
    const desired = desiredInstances(prepareModule(module, { variables: new Map() }));
    assert.deepEqual(desired.diagnostics, []);
    assert.deepEqual(desired.instances.map((i) => [i.name, i.dependsOn]), [['a', []], ['b', [`${KEY}.a`]]]);
    assert.equal(desired.instances[1]!.values['name'], 'copy of Original');
  });
});

describe('did you mean', () => {
  const table: Array<[string, string, number]> = [
    ['name', 'nmae', 1],
    ['resource', 'resources', 1],
    ['canonical', 'canonicall', 1],
    ['abc', 'xyz', 3],
    ['', 'ab', 2],
  ];
  for (const [a, b, d] of table) it(`distance(${a}, ${b}) = ${d}`, () => assert.equal(editDistance(a, b), d));
  it('suggests within two edits only', () => {
    assert.equal(closest('descripton', ['name', 'description']), 'description');
    assert.equal(closest('owners', ['owner', 'name']), 'owner');
    assert.equal(closest('zzz', ['name', 'rules']), undefined);
  });
});

describe('duplicate canonicals are per organization', () => {
  const key = (extra: Record<string, unknown>) => ({ name: 'Deploy', rules: RULES, ...extra });
  const dupes = (json: unknown) => validateModule(moduleOf(json)).filter((d) => d.summary.startsWith('Duplicate canonical')).map((d) => d.summary);

  it('allows the same canonical in two organizations', () => {
    assert.deepEqual(dupes({ resource: { [KEY]: { a: key({ organization_canonical: 'acme' }), b: key({ organization_canonical: 'other' }) } } }), []);
  });

  it('allows it through provider aliases with different default organizations', () => {
    const provider = { cycloid: [{ default_organization: 'acme' }, { alias: 'eu', default_organization: 'acme-eu' }] };
    assert.deepEqual(dupes({ provider, resource: { [KEY]: { a: key({}), b: key({ provider: 'cycloid.eu' }) } } }), []);
  });

  it('finds it when an explicit organization is the provider default', () => {
    const provider = { cycloid: { default_organization: 'acme' } };
    assert.deepEqual(dupes({ provider, resource: { [KEY]: { a: key({}), b: key({ organization_canonical: 'acme', canonical: 'deploy' }) } } }), [
      `Duplicate canonical "deploy" in organization "acme": ${KEY}.a (main.tf.json:9) has it too, derived from its name`,
    ]);
  });

  it('does not guess when the organization is a template', () => {
    assert.deepEqual(dupes({ resource: { [KEY]: { a: key({}), b: key({ organization_canonical: `\${${KEY}.a.organization_canonical}` }) } } }), []);
  });
});
