/**
 * Terraform's language in a module: input variables from every source in Terraform's order, locals, count and
 * for_each expansion with instance addresses, references between instances, and the problems of each.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { desiredInstances } from '../../src/config/evaluate.js';
import { openConfig } from '../../src/config/open.js';
import type { VariableArgument } from '../../src/config/variable-files.js';
import { isUnknown, type Value } from '../../src/values.js';

const KEY = 'cycloid_organization_api_key';
const RULES = [{ action: 'organization:project:read', effect: 'allow' }];
const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A directory holding `files` (objects are written as JSON). */
function dirWith(files: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), 'keyform-lang-'));
  dirs.push(dir);
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return dir;
}

function open(files: Record<string, unknown>, opts: { args?: VariableArgument[]; env?: NodeJS.ProcessEnv } = {}) {
  const dir = dirWith(files);
  const opened = openConfig(dir, { variables: opts.args ?? [], env: opts.env ?? {} });
  const desired = opened.context ? desiredInstances(opened.context) : undefined;
  const errors = [...opened.diagnostics, ...(desired?.diagnostics ?? [])].filter((d) => d.severity === 'error');
  return { opened, desired, errors, summaries: errors.map((d) => d.summary) };
}

const values = (r: ReturnType<typeof open>, address: string): Record<string, Value> => {
  const i = r.desired?.instances.find((x) => x.address === address);
  assert.ok(i, `no instance ${address}; have ${r.desired?.instances.map((x) => x.address).join(', ')}; errors: ${r.summaries.join(' | ')}`);
  return i.values;
};

describe('input variables', () => {
  const module = {
    variable: {
      env: { type: 'string', default: 'dev' },
      n: { type: 'number', default: 1 },
      teams: { type: 'list(string)', default: [] },
    },
    resource: { [KEY]: { k: { name: 'key ${var.env} ${var.n + 1} ${join(",", var.teams)}', rules: RULES } } },
  };

  it('uses the default without any input', () => {
    assert.equal(values(open({ 'main.tf.json': module }), `${KEY}.k`)['name'], 'key dev 2 ');
  });

  it('takes values in Terraform order: env < terraform.tfvars.json < *.auto.tfvars.json < --var-file / --var in order', () => {
    const r = open(
      {
        'main.tf.json': module,
        'terraform.tfvars.json': { env: 'from-tfvars', n: 5 },
        'b.auto.tfvars.json': { n: '7' },
        'a.auto.tfvars.json': { n: 6, teams: ['x'] },
        'extra.json': { env: 'from-var-file' },
      },
      { env: { TF_VAR_env: 'from-env', TF_VAR_teams: '["env"]' }, args: [{ kind: 'var', text: 'env=from-cli' }, { kind: 'file', path: 'extra.json' }] },
    );
    // --var-file came after --var, so it wins; "7" converts to the number 7 (b sorts after a).
    assert.equal(values(r, `${KEY}.k`)['name'], 'key from-var-file 8 x');
  });

  it('reads terraform.tfvars and *.auto.tfvars in HCL, and HCL modules beside JSON ones', () => {
    const r = open({
      'vars.tf': 'variable "env" {\n  type = string\n}\nvariable "teams" {\n  type = list(string)\n  default = []\n}\n',
      'main.tf.json': { resource: { [KEY]: { k: { name: 'key ${var.env} ${join("+", var.teams)}', rules: RULES } } } },
      'terraform.tfvars': '# comment\nenv = "from-tfvars"\nteams = ["a", upper("b")]\n',
      'x.auto.tfvars': 'env = "from-auto"\n',
    });
    assert.deepEqual(r.summaries, []);
    assert.equal(values(r, `${KEY}.k`)['name'], 'key from-auto a+B');
  });

  it('points at the line of a bad value in a .tfvars file', () => {
    const r = open({ 'main.tf': 'variable "n" {\n  type = number\n}\n', 'terraform.tfvars': '\n\nn = "many"\n' });
    assert.equal(r.errors[0]?.file, 'terraform.tfvars');
    assert.equal(r.errors[0]?.line, 3);
    const bad = open({ 'main.tf': 'variable "n" {}\n', 'terraform.tfvars': 'n = \n' });
    assert.match(bad.summaries[0] ?? '', /^Invalid variables file terraform\.tfvars:\d+:\d+: /);
  });

  it('parses list values given as text on the command line and in the environment', () => {
    const r = open({ 'main.tf.json': module }, { env: { TF_VAR_teams: '["a", "b"]' } });
    assert.equal(values(r, `${KEY}.k`)['name'], 'key dev 2 a,b');
  });

  it('reports a required variable without a value, a value of the wrong type, and an undeclared --var', () => {
    const r = open(
      { 'main.tf.json': { variable: { need: { type: 'string' }, n: { type: 'number' } }, resource: { [KEY]: { k: { name: 'x ${var.need} ${var.n}', rules: RULES } } } } },
      { args: [{ kind: 'var', text: 'n=many' }, { kind: 'var', text: 'nned=1' }] },
    );
    assert.deepEqual(r.summaries, [
      'Value for undeclared variable "nned"; did you mean "need"?',
      'No value for required variable "need"',
      'Invalid value for variable "n": a number is required, found a string "many" (type number)',
    ]);
  });

  it('checks validation rules and shows their message', () => {
    const withRule = {
      variable: { env: { type: 'string', validation: [{ condition: '${contains(["dev", "prod"], var.env)}', error_message: 'env must be dev or prod, not ${var.env}.' }] } },
      resource: { [KEY]: { k: { name: 'key ${var.env}', rules: RULES } } },
    };
    const bad = open({ 'main.tf.json': withRule }, { args: [{ kind: 'var', text: 'env=staging' }] });
    assert.deepEqual(bad.summaries, ['Invalid value for variable "env": env must be dev or prod, not staging.']);
    assert.match(bad.errors[0]!.detail ?? '', /comes from --var env=/);
    assert.deepEqual(open({ 'main.tf.json': withRule }, { args: [{ kind: 'var', text: 'env=prod' }] }).summaries, []);
  });

  it('never shows a sensitive value in a message, and makes an output of it be sensitive', () => {
    const r = open(
      {
        'main.tf.json': {
          variable: { secret: { type: 'number', sensitive: true } },
          resource: { [KEY]: { k: { name: 'key', rules: RULES } } },
          output: { leak: { value: '${var.secret}' } },
        },
      },
      { args: [{ kind: 'var', text: 'secret=hunter2-value' }] },
    );
    assert.ok(!JSON.stringify(r.errors).includes('hunter2'), JSON.stringify(r.errors));
    assert.deepEqual(r.summaries, [
      'Invalid value for variable "secret": the value does not fit the type number (not shown: the variable is sensitive)',
      'Output "leak" shows a sensitive value (var.secret): set "sensitive": true',
    ]);
  });

  it('a validation error_message or condition that reads a sensitive variable is not shown (it would print the value)', () => {
    const config = {
      variable: {
        tok: { type: 'string', sensitive: true, validation: [{ condition: '${length(var.tok) > 20}', error_message: 'token ${var.tok} is too short' }] },
        other: { type: 'string', sensitive: true, validation: [{ condition: '${var.other}', error_message: 'never shown' }] },
      },
      resource: { [KEY]: { k: { name: 'key', rules: RULES } } },
    };
    const r = open({ 'main.tf.json': config }, { args: [{ kind: 'var', text: 'tok=hunter2short' }, { kind: 'var', text: 'other=hunter2other' }] });
    assert.ok(!JSON.stringify(r.errors).includes('hunter2'), JSON.stringify(r.errors));
    assert.deepEqual(r.summaries.sort(), [
      'Invalid validation condition for variable "other": it must be true or false, found a sensitive value',
      'Invalid value for variable "tok": the value failed its validation rule (the error message includes a sensitive value, so it is not shown)',
    ]);
  });

  it('a sensitive value that does not parse (quotes forgotten in terraform.tfvars, a list in TF_VAR_) is not quoted back', () => {
    const config = { variable: { token: { type: 'string', sensitive: true }, tokens: { type: 'list(string)', sensitive: true } }, resource: { [KEY]: { k: { name: 'key', rules: RULES } } } };
    const r = open({ 'main.tf.json': config, 'terraform.tfvars': 'token = hunter2Bare\n' }, { env: { TF_VAR_tokens: '[hunter2List' } });
    assert.ok(!JSON.stringify(r.errors).includes('hunter2'), JSON.stringify(r.errors));
    assert.deepEqual(r.summaries.sort(), [
      'Invalid value for variable "token": it is not a valid literal (not shown: the variable is sensitive)',
      'Invalid value for variable "tokens": it is not a valid literal (not shown: the variable is sensitive)',
    ]);
  });
});

describe('locals', () => {
  it('evaluates chains of locals over variables; a local reading a resource is unknown until apply', () => {
    const r = open({
      'main.tf.json': {
        variable: { env: { default: 'prod' } },
        locals: { prefix: 'ci-${var.env}', names: '${[for s in ["a", "b"] : "${local.prefix}-${s}"]}', a_id: `\${${KEY}.a.id}` },
        resource: { [KEY]: { a: { name: 'key a', rules: RULES }, k: { name: '${local.names[1]}', description: 'after ${local.a_id}', rules: RULES } } },
      },
    });
    assert.deepEqual(r.summaries, []);
    assert.equal(values(r, `${KEY}.k`)['name'], 'ci-prod-b');
    assert.ok(isUnknown(values(r, `${KEY}.k`)['description']));
  });

  it('reports a cycle through a local', () => {
    const r = open({
      'main.tf.json': { locals: { k_id: `\${${KEY}.k.id}` }, resource: { [KEY]: { k: { name: 'key k', description: 'me: ${local.k_id}', rules: RULES } } } },
    });
    assert.deepEqual(r.summaries, ['Cycle: local.k_id → cycloid_organization_api_key.k → local.k_id']);
  });

  it('orders resources through locals', () => {
    const r = open({
      'main.tf.json': {
        locals: { reader_canonical: `\${${KEY}.reader.canonical}` },
        resource: { [KEY]: { deployer: { name: 'deployer', description: 'after ${local.reader_canonical}', rules: RULES }, reader: { name: 'reader', canonical: 'reader', rules: RULES } } },
      },
    });
    assert.deepEqual(r.summaries, []);
    assert.deepEqual(r.desired!.instances.map((i) => [i.address, i.dependsOn]), [
      [`${KEY}.reader`, []],
      [`${KEY}.deployer`, [`${KEY}.reader`]],
    ]);
    assert.equal(values(r, `${KEY}.deployer`)['description'], 'after reader');
  });

  it('reports undeclared locals and variables with a suggestion', () => {
    const r = open({ 'main.tf.json': { variable: { env: { default: 'dev' } }, locals: { prefix: 'x' }, resource: { [KEY]: { k: { name: '${local.prefx}-${var.evn}', rules: RULES } } } } });
    assert.deepEqual(r.summaries.sort(), ['Reference to undeclared input variable "evn"; did you mean "env"?', 'Reference to undeclared local value "prefx"; did you mean "prefix"?']);
  });
});

describe('count', () => {
  const module = (count: unknown) => ({
    variable: { n: { type: 'number', default: 3 } },
    resource: {
      [KEY]: {
        ci: { count, name: 'ci ${count.index}', rules: RULES },
        reader: { name: 'reader of ${cycloid_organization_api_key.ci[1].name}', description: '${join(",", cycloid_organization_api_key.ci[*].name)}', rules: RULES },
      },
    },
    output: { names: { value: '${cycloid_organization_api_key.ci[*].name}' } },
  });

  it('expands into [0], [1], … with count.index; references pick one instance or all', () => {
    const r = open({ 'main.tf.json': module('${var.n}') });
    assert.deepEqual(r.summaries, []);
    assert.deepEqual(r.desired!.instances.map((i) => i.address), [`${KEY}.ci[0]`, `${KEY}.ci[1]`, `${KEY}.ci[2]`, `${KEY}.reader`]);
    assert.equal(values(r, `${KEY}.ci[2]`)['name'], 'ci 2');
    assert.equal(values(r, `${KEY}.reader`)['name'], 'reader of ci 1');
    assert.equal(values(r, `${KEY}.reader`)['description'], 'ci 0,ci 1,ci 2');
    assert.deepEqual(r.desired!.instances[3]!.dependsOn, [`${KEY}.ci[0]`, `${KEY}.ci[1]`, `${KEY}.ci[2]`]);
    assert.deepEqual(r.desired!.outputs[0]!.value, ['ci 0', 'ci 1', 'ci 2']);
  });

  it('count = 0 declares nothing, and an index past the end is an error', () => {
    const r = open({ 'main.tf.json': module(1) });
    assert.deepEqual(r.summaries, ['Cannot resolve cycloid_organization_api_key.ci[1].name: cycloid_organization_api_key.ci has no instance [1] (count is 1)']);
  });

  it('rejects counts that are not whole numbers or known only after apply', () => {
    assert.deepEqual(open({ 'main.tf.json': { resource: { [KEY]: { a: { count: -1, name: 'a ${count.index}', rules: RULES } } } } }).summaries, ['Invalid count argument: a whole number of 0 or more is required, found -1']);
    assert.deepEqual(open({ 'main.tf.json': { resource: { [KEY]: { a: { count: 'two', name: 'a ${count.index}', rules: RULES } } } } }).summaries, ['Invalid count argument: a whole number is required, found the string "two"']);
    const later = open({ 'main.tf.json': { resource: { [KEY]: { a: { name: 'key a', rules: RULES }, b: { count: `\${${KEY}.a.id}`, name: 'b ${count.index}', rules: RULES } } } } });
    assert.deepEqual(later.summaries, ['Invalid count argument: its value is known only after apply']);
  });

  it('asks for an instance key where count is set, and refuses one where it is not', () => {
    const r = open({
      'main.tf.json': {
        resource: {
          [KEY]: {
            a: { count: 2, name: 'a ${count.index}', rules: RULES },
            b: { name: 'b ${cycloid_organization_api_key.a.name}', description: '${cycloid_organization_api_key.b2[0].name}', rules: RULES },
            b2: { name: 'b2 ${count.index}', rules: RULES },
          },
        },
      },
    });
    assert.deepEqual(r.summaries, [
      'Missing resource instance key: cycloid_organization_api_key.a has count set, so refer to one instance, like cycloid_organization_api_key.a[0].name, or to all with cycloid_organization_api_key.a[*].name',
      'Unexpected resource instance key: cycloid_organization_api_key.b2 has neither count nor for_each, so it has no 0 instance',
      'count.index is available only in a resource that sets count: cycloid_organization_api_key.b2 does not',
    ]);
  });
});

describe('for_each', () => {
  it('expands a map into ["key"] instances with each.key and each.value', () => {
    const r = open({
      'main.tf.json': {
        variable: { teams: { type: 'map(object({ scope = string, write = optional(bool, false) }))', default: { web: { scope: 'web-*' }, db: { scope: 'db-*', write: true } } } },
        resource: {
          [KEY]: {
            team: {
              for_each: '${var.teams}',
              name: 'team ${each.key}',
              rules: [{ action: '${each.value.write ? "organization:project:update" : "organization:project:read"}', effect: 'allow', resources: ['organization:acme:project:${each.value.scope}'] }],
            },
          },
        },
        output: { web: { value: '${cycloid_organization_api_key.team["web"].name}' }, keys: { value: '${keys(var.teams)}' } },
      },
    });
    assert.deepEqual(r.summaries, []);
    assert.deepEqual(r.desired!.instances.map((i) => [i.address, i.key]), [
      [`${KEY}.team["db"]`, 'db'],
      [`${KEY}.team["web"]`, 'web'],
    ]);
    assert.deepEqual(values(r, `${KEY}.team["db"]`)['rules'], [{ action: 'organization:project:update', effect: 'allow', resources: ['organization:acme:project:db-*'] }]);
    assert.equal(values(r, `${KEY}.team["web"]`)['rules'] && (values(r, `${KEY}.team["web"]`)['rules'] as Array<Record<string, Value>>)[0]!['action'], 'organization:project:read');
    assert.deepEqual(r.desired!.outputs.map((o) => o.value), ['team web', ['db', 'web']]);
  });

  it('lets an output read a non-sensitive attribute of every instance, and makes one reading tokens be sensitive', () => {
    const mod = (value: string) => ({ 'main.tf.json': { resource: { [KEY]: { k: { for_each: { a: 1 }, name: 'key ${each.key}', rules: RULES } } }, output: { o: { value } } } });
    assert.deepEqual(open(mod(`\${{ for n, key in ${KEY}.k : n => key.canonical }}`)).summaries, []);
    assert.deepEqual(open(mod(`\${[for key in ${KEY}.k : key.name if key.id != null]}`)).summaries, []);
    assert.deepEqual(open(mod(`\${{ for n, key in ${KEY}.k : n => key.token }}`)).summaries, ['Output "o" shows a sensitive value (cycloid_organization_api_key.k.token): set "sensitive": true']);
    assert.deepEqual(open(mod(`\${[for key in ${KEY}.k : key]}`)).summaries, ['Output "o" shows a sensitive value (cycloid_organization_api_key.k.token): set "sensitive": true']);
  });

  it('expands a set of strings, each.value = each.key', () => {
    const r = open({ 'main.tf.json': { resource: { [KEY]: { k: { for_each: '${toset(["b", "a", "b"])}', name: 'key ${each.value}', rules: RULES } } } } });
    assert.deepEqual(r.summaries, []);
    assert.deepEqual(r.desired!.instances.map((i) => [i.address, i.values['name']]), [
      [`${KEY}.k["a"]`, 'key a'],
      [`${KEY}.k["b"]`, 'key b'],
    ]);
  });

  it('rejects for_each over values known only after apply, repeats, non-strings and a missing key', () => {
    const res = (forEach: unknown) => ({ 'main.tf.json': { resource: { [KEY]: { a: { name: 'key a', rules: RULES }, k: { for_each: forEach, name: 'key ${each.key}', rules: RULES } } } } });
    assert.deepEqual(open(res(`\${{ (${KEY}.a.id) = 1 }}`)).summaries, ['Invalid for_each argument: its value is known only after apply']);
    assert.deepEqual(open(res(`\${[${KEY}.a.canonical]}`)).summaries, ['Invalid for_each argument: its value is known only after apply']);
    assert.deepEqual(open(res(['x', 'x'])).summaries, ['Invalid for_each argument: "x" appears twice; a set has each key once']);
    assert.deepEqual(open(res([1, 2])).summaries, ['Invalid for_each argument: a set must hold strings only, found a number']);
    assert.deepEqual(open(res('oops')).summaries, ['Invalid for_each argument: a map or a set of strings is required, found the string "oops"']);
    const missing = open({ 'main.tf.json': { resource: { [KEY]: { k: { for_each: { a: 1 }, name: 'key ${each.key}', rules: RULES }, r: { name: 'r ${cycloid_organization_api_key.k["b"].name}', rules: RULES } } } } });
    assert.deepEqual(missing.summaries, ['Cannot resolve cycloid_organization_api_key.k["b"].name: cycloid_organization_api_key.k has no instance ["b"] (for_each has "a")']);
  });

  it('finds two instances of one resource with the same canonical', () => {
    const r = open({ 'main.tf.json': { resource: { [KEY]: { k: { for_each: { a: 1, b: 2 }, name: 'same name', rules: RULES } } } } });
    assert.deepEqual(r.summaries, ['Duplicate canonical "same-name" (derived from name "same name"): cycloid_organization_api_key.k["a"] (another instance of the same resource) has it too']);
  });

  it('keeps unknown values unknown, never guessed', () => {
    const r = open({ 'main.tf.json': { resource: { [KEY]: { a: { name: 'key a', rules: RULES }, b: { name: 'key b', description: `\${upper(${KEY}.a.canonical)}`, rules: RULES } } } } });
    assert.ok(isUnknown(values(r, `${KEY}.b`)['description']));
  });
});
