/** planToJson: Terraform's plan JSON shape, with secrets taken out. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Action, Plan } from '../../src/plan/types.js';
import { planToJson } from '../../src/render/json-plan.js';
import { CASES, createCi, deleteLegacy, outputChanges, TYPE, updateBot } from './plans.js';

const base = CASES['no-changes']!;
const withPlan = (p: Partial<Plan>): Plan => ({ ...base, ...p });

describe('planToJson', () => {
  it('maps every action to Terraform\'s actions list', () => {
    const expected: Record<Action, string[]> = {
      'no-op': ['no-op'],
      create: ['create'],
      update: ['update'],
      'delete-then-create': ['delete', 'create'],
      'create-then-delete': ['create', 'delete'],
      delete: ['delete'],
    };
    for (const [action, actions] of Object.entries(expected)) {
      const json = planToJson(withPlan({ changes: [{ ...updateBot, action: action as Action }] }));
      assert.deepEqual(json.resource_changes[0]?.change.actions, actions);
    }
  });

  it('gives a create a null before, unknowns as null with after_unknown, and the token only as a mark', () => {
    const [rc] = planToJson(withPlan({ changes: [createCi] })).resource_changes;
    assert.equal(rc?.change.before, null);
    assert.equal(rc?.change.before_sensitive, false);
    assert.deepEqual(rc?.change.after_sensitive, { token: true });
    const after = rc?.change.after as Record<string, unknown>;
    assert.equal(after['id'], null);
    assert.equal(after['token'], null);
    assert.equal(after['name'], 'CI');
    const unknown = rc?.change.after_unknown as Record<string, unknown>;
    assert.equal(unknown['id'], true);
    assert.equal(unknown['token'], true);
    assert.equal(unknown['name'], undefined);
    assert.equal(rc?.change.replace_paths, undefined);
    assert.equal(rc?.provider_name, 'registry.terraform.io/cycloidio/cycloid');
    assert.equal(rc?.mode, 'managed');
  });

  it('gives a delete a null after and replaces the known token of before with null', () => {
    const [rc] = planToJson(withPlan({ changes: [deleteLegacy] })).resource_changes;
    assert.equal(rc?.change.after, null);
    assert.equal(rc?.change.after_sensitive, false);
    assert.deepEqual(rc?.change.after_unknown, {});
    assert.equal((rc?.change.before as Record<string, unknown>)['token'], null);
    assert.deepEqual(rc?.change.before_sensitive, { token: true });
    assert.equal(rc?.action_reason, 'delete_because_no_resource_config');
  });

  it('reads the instance key of count and for_each addresses', () => {
    const json = planToJson(withPlan({
      changes: [
        { ...updateBot, address: `${TYPE}.bot[2]` },
        { ...updateBot, address: `${TYPE}.bot["eu.west"]` },
      ],
    }));
    assert.deepEqual(json.resource_changes.map((r) => [r.name, r.index]), [['bot', 2], ['bot', 'eu.west']]);
  });

  it('maps drift kinds to actions, keeping secrets out', () => {
    const json = planToJson(CASES['drift']!);
    assert.deepEqual(json.resource_drift.map((d) => d.change.actions), [['delete'], ['update'], ['delete', 'create'], ['create']]);
    for (const d of json.resource_drift) assert.equal((d.change.before as Record<string, unknown>)['token'], null);
    assert.deepEqual(Object.keys(json.keyform.resource_drift), json.resource_drift.map((d) => d.address));
  });

  it('keeps sensitive outputs out, marks them, and marks unknown outputs', () => {
    const json = planToJson(withPlan({ outputs: outputChanges }));
    assert.deepEqual(json.output_changes['deploy_token'], {
      actions: ['update'],
      before: null,
      after: null,
      after_unknown: true,
      before_sensitive: true,
      after_sensitive: true,
    });
    assert.deepEqual(json.output_changes['key_ids']?.after, [41, null]);
    assert.deepEqual(json.output_changes['key_ids']?.after_unknown, [false, true]);
    assert.deepEqual(json.planned_values.outputs['ci_canonical'], { sensitive: false, value: 'ci' });
    assert.deepEqual(json.planned_values.outputs['ci_token'], { sensitive: true });
  });

  it('carries reasons, the security view and diagnostics in the keyform extension', () => {
    const json = planToJson(CASES['errored']!);
    assert.equal(json.errored, true);
    assert.equal(json.applyable, false);
    const deploy = json.keyform.resource_changes[`${TYPE}.deploy`];
    assert.equal(deploy?.security?.broadened, true);
    assert.deepEqual(deploy?.security?.findings.map((f) => f.kind), ['full-wildcard', 'wider-resources']);
    assert.deepEqual(json.keyform.diagnostics[0], {
      severity: 'error',
      summary: 'Invalid rule action',
      detail: 'The action "organization:credentials:read" is not a policy code of the Cycloid API. Did you mean "organization:credential:read"?',
      address: `${TYPE}.deploy`,
      path: 'rules[2].action',
      range: { filename: 'main.tf', start: { line: 12 } },
    });
  });

  it('is applyable when something changes and no error was found', () => {
    assert.equal(planToJson(CASES['mixed']!).applyable, true);
    assert.equal(planToJson(withPlan({ outputs: [] })).applyable, false);
    assert.equal(planToJson(withPlan({ targets: ['x'] })).complete, false);
  });
});
