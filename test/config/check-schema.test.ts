/**
 * Resources and providers checked with the JSON Schemas generated from the provider schema
 * (schemas/provider-config.schema.json): the API's rules as the schema says them agree with keyform's own
 * checks of globs, canonicals and usernames; ajv's findings become keyform's messages and paths; values not known
 * yet are never judged; templated provider settings are checked once evaluated.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import fc from 'fast-check';
import { CANONICAL_PATTERN, isCanonical } from '../../src/canonical.js';
import { configProblems, valueProblems } from '../../src/config/check-schema.js';
import { openConfig } from '../../src/config/open.js';
import { validator } from '../../src/json-schemas.js';
import { checkGlob } from '../../src/permissions/index.js';
import { UNKNOWN } from '../../src/values.js';

const KEY = 'cycloid_organization_api_key';
const apiKey = validator('provider-config.schema.json', `#/definitions/${KEY}`);
const RULES = [{ action: 'organization:project:read', effect: 'allow' }];
const resource = { kind: 'resource', type: KEY } as const;

/** Strings over an alphabet that reaches every rule: separators, wildcards, letters, space, tab, a zero-width space, a control character. */
const tricky = (maxLength: number) => fc.string({ unit: fc.constantFrom(':', '*', 'a', 'Z', '0', '-', '_', ' ', '\t', '\u200b', '\u0007', 'é'), maxLength });

describe('the API rules in the schema agree with keyform’s own checks', () => {
  it('a glob is valid for the schema exactly when checkGlob accepts it (actions and resources)', () => {
    fc.assert(
      fc.property(tricky(12), (glob) => {
        const ok = checkGlob(glob) === undefined;
        assert.equal(apiKey({ name: 'abc', rules: [{ action: glob, effect: 'allow' }] }), ok, `action ${JSON.stringify(glob)}`);
        assert.equal(apiKey({ name: 'abc', rules: [{ action: 'a:b', effect: 'allow', resources: [glob] }] }), ok, `resource ${JSON.stringify(glob)}`);
      }),
      { numRuns: 3000 },
    );
    for (const glob of ['organization:**', '**', 'a:*-staging:cy-*', `a:${'b'.repeat(998)}`]) assert.equal(apiKey({ name: 'abc', rules: [{ action: glob, effect: 'allow' }] }), true, glob);
    for (const glob of [`a:${'b'.repeat(999)}`, 'a:***', '**a', ':a', 'a:']) assert.equal(apiKey({ name: 'abc', rules: [{ action: glob, effect: 'allow' }] }), false, glob);
  });

  it('a canonical is valid exactly when isCanonical says so; an owner also needs at most 30 characters', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', 'z', '0', '-', '_', 'A', ' ', '.'), maxLength: 110 }), (text) => {
        assert.equal(apiKey({ name: 'abc', rules: RULES, canonical: text }), isCanonical(text), `canonical ${JSON.stringify(text)}`);
        assert.equal(apiKey({ name: 'abc', rules: RULES, organization_canonical: text }), isCanonical(text));
        assert.equal(apiKey({ name: 'abc', rules: RULES, owner: text }), isCanonical(text) && text.length <= 30 && CANONICAL_PATTERN.test(text), `owner ${JSON.stringify(text)}`);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('problems, as keyform says them', () => {
  it('name the attribute path, what was expected and the API’s reason, once per place', () => {
    const problems = valueProblems(resource, {
      name: 'ab',
      canonical: 'x',
      rules: [RULES[0], { action: 'organization::read', effect: 'deny', resources: ['ok:*', 'cy-**', 7] }, { efect: 'allow', action: 'a:b' }, null],
      token: 'set',
      descripton: 'typo',
    });
    assert.deepEqual(problems, [
      { path: 'name', summary: 'Invalid name "ab": a name is at least 3 characters long' },
      { path: 'canonical', summary: 'Invalid canonical "x": a canonical is 3 to 100 characters of a-z, 0-9, "-" and "_", starting and ending with a letter or digit' },
      { path: 'rules[1].action', summary: 'Invalid action "organization::read": must not contain an empty segment (`::` at position 13)' },
      { path: 'rules[1].effect', summary: 'Invalid effect "deny": Cycloid rules only allow: there are no deny rules' },
      { path: 'rules[1].resources[1]', summary: 'Invalid resource "cy-**": `**` must be a whole segment between `:` separators, not part of `cy-**`' },
      { path: 'rules[1].resources[2]', summary: 'Wrong type for rules[1].resources[2]: expected a string, found a number' },
      { path: 'rules[2].efect', summary: 'Unknown attribute "efect" in rules[2]; did you mean "effect"?' },
      { path: 'rules[2].effect', summary: 'Missing required attribute "effect" in rules[2]' },
      { path: 'rules[3]', summary: 'Wrong type for rules[3]: expected an object, found null' },
      { path: 'token', summary: '"token" is computed by the provider and cannot be set' },
      { path: 'descripton', summary: 'Unknown attribute "descripton"; did you mean "description"?' },
    ]);
  });

  it('never show a sensitive value, nor a reason that would quote it', () => {
    const values = { name: 'CI deploy', canonical: 'Hunter2 Secret!', rules: [{ action: 'organization:Hunter2 Secret!:read', effect: 'allow' }] };
    assert.deepEqual(valueProblems(resource, values, { sensitive: ['canonical', 'rules'] }), [
      { path: 'canonical', summary: 'Invalid canonical (sensitive value): a canonical is 3 to 100 characters of a-z, 0-9, "-" and "_", starting and ending with a letter or digit' },
      { path: 'rules[0].action', summary: 'Invalid action (sensitive value): a glob is at most 1000 characters, without whitespace or control characters, in segments separated by ":", none empty, with "**" only as a whole segment' },
    ]);
    const provider = valueProblems({ kind: 'provider' }, { api_key: 42 });
    assert.deepEqual(provider, [{ path: 'api_key', summary: 'Wrong type for api_key: expected a string, found a number' }]);
  });

  it('null: unset for an optional or computed attribute, refused for a required one', () => {
    assert.deepEqual(valueProblems(resource, { name: 'CI deploy', rules: RULES, description: null, owner: null, token: null, id: null }), []);
    assert.deepEqual(valueProblems(resource, { name: null, rules: RULES }), [{ path: 'name', summary: 'Attribute "name" is required and cannot be null' }]);
  });

  it('never judge a value unknown until apply, wherever it is', () => {
    assert.deepEqual(valueProblems(resource, { name: UNKNOWN, canonical: UNKNOWN, rules: UNKNOWN }), []);
    assert.deepEqual(valueProblems(resource, { name: 'CI deploy', rules: [UNKNOWN, { action: UNKNOWN, effect: 'allow', resources: [UNKNOWN, 'a::b'] }] }), [
      { path: 'rules[1].resources[1]', summary: 'Invalid resource "a::b": must not contain an empty segment (`::` at position 2)' },
    ]);
  });

  it('before evaluation: templates wait for their value, literals are checked with their escapes resolved', () => {
    assert.deepEqual(configProblems(resource, { name: '${var.name}', rules: '${var.rules}', canonical: '${var.c}-x' }), []);
    assert.deepEqual(configProblems(resource, { name: 'CI deploy', rules: RULES, canonical: '$${x}' }), [
      { path: 'canonical', summary: 'Invalid canonical "${x}": a canonical is 3 to 100 characters of a-z, 0-9, "-" and "_", starting and ending with a letter or digit' },
    ]);
    assert.deepEqual(configProblems({ kind: 'provider' }, { insecure: 'yes', api_ur: 'x' }, { extraNames: ['alias'] }), [
      { path: 'insecure', summary: 'Wrong type for insecure: expected a bool, found a string' },
      { path: 'api_ur', summary: 'Unknown attribute "api_ur"; did you mean "api_url"?' },
    ]);
  });
});

describe('evaluated values', () => {
  const dirs: string[] = [];
  after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('a provider setting a template produced is checked once evaluated, with its file, line and address', () => {
    const dir = mkdtempSync(join(tmpdir(), 'keyform-check-schema-'));
    dirs.push(dir);
    writeFileSync(
      join(dir, 'main.tf'),
      [
        'variable "skip_tls" {',
        '  description = "no type: a string from --var, a bool from a .tfvars file"',
        '}',
        '',
        'provider "cycloid" {',
        '  insecure = var.skip_tls',
        '}',
        '',
        `resource "${KEY}" "ci" {`,
        '  name  = "CI ${var.skip_tls}"',
        '  rules = [{ action = "organization:project:read", effect = "allow" }]',
        '}',
        '',
      ].join('\n'),
    );
    const opened = openConfig(dir, { variables: [{ kind: 'var', text: 'skip_tls=yes' }] });
    assert.equal(opened.context, undefined);
    assert.deepEqual(
      opened.diagnostics.map((d) => [d.summary, d.file, d.line, d.address, d.path]),
      [['Wrong type for insecure: expected a bool, found a string', 'main.tf', 6, 'provider.cycloid', 'insecure']],
    );
    writeFileSync(join(dir, 'bool.tfvars'), 'skip_tls = true\n');
    const fine = openConfig(dir, { variables: [{ kind: 'file', path: join(dir, 'bool.tfvars') }] });
    assert.deepEqual(fine.diagnostics, []);
  });
});
