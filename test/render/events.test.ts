/** The machine-readable UI: one JSON object per line, Terraform's shapes, a clock that tests control. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { error, warning } from '../../src/diagnostics.js';
import {
  applyCompleteEvent,
  applyErroredEvent,
  applyProgressEvent,
  applyStartEvent,
  changeSummaryEvent,
  diagnosticEvent,
  event,
  eventLine,
  outputsEvent,
  planEvents,
  versionEvent,
} from '../../src/render/events.js';
import { UNKNOWN } from '../../src/values.js';
import { CASES, CLOCK, TYPE } from './plans.js';

const ci = { address: `${TYPE}.ci` };
const resource = {
  addr: `${TYPE}.ci`,
  module: '',
  resource: `${TYPE}.ci`,
  implied_provider: 'cycloid',
  resource_type: TYPE,
  resource_name: 'ci',
  resource_key: null,
};

describe('events', () => {
  it('builds the common fields, the timestamp from the clock', () => {
    assert.deepEqual(event('version', 'keyform 0.1.0', { keyform: '0.1.0' }, CLOCK), {
      '@level': 'info',
      '@message': 'keyform 0.1.0',
      '@module': 'keyform.ui',
      '@timestamp': '2025-01-02T03:04:05.000Z',
      type: 'version',
      keyform: '0.1.0',
    });
    assert.equal(versionEvent('0.1.0', CLOCK)['ui'], '1.2');
    assert.ok(eventLine(versionEvent('0.1.0', CLOCK)).endsWith('}\n'));
  });

  it('describes apply steps as Terraform hooks', () => {
    assert.deepEqual(applyStartEvent(ci, 'create', CLOCK)['hook'], { resource, action: 'create' });
    assert.equal(applyStartEvent(ci, 'create', CLOCK)['@message'], `${TYPE}.ci: Creating...`);
    const progress = applyProgressEvent(ci, 'delete', 12_300, CLOCK);
    assert.equal(progress['@message'], `${TYPE}.ci: Still destroying... [12.3s elapsed]`);
    assert.deepEqual(progress['hook'], { resource, action: 'delete', elapsed_seconds: 12.3 });
    const complete = applyCompleteEvent(ci, 'create', { elapsedMs: 230, idValue: 'ci' }, CLOCK);
    assert.equal(complete['@message'], `${TYPE}.ci: Creation complete after 0.2s [canonical=ci]`);
    assert.deepEqual(complete['hook'], { resource, action: 'create', id_key: 'canonical', id_value: 'ci', elapsed_seconds: 0.2 });
    const errored = applyErroredEvent(ci, 'update', { elapsedMs: 1500, error: '403 Forbidden' }, CLOCK);
    assert.equal(errored['@level'], 'error');
    assert.equal(errored['@message'], `${TYPE}.ci: Modifications errored after 1.5s`);
    assert.deepEqual(errored['hook'], { resource, action: 'update', elapsed_seconds: 1.5, error: '403 Forbidden' });
    assert.equal(applyStartEvent(ci, 'delete-then-create', CLOCK)['@message'], `${TYPE}.ci: Replacing...`);
  });

  it('summarises plans, applies and destroys with Terraform\'s messages', () => {
    const counts = { add: 1, change: 2, remove: 3 };
    assert.equal(changeSummaryEvent(counts, 'plan', CLOCK)['@message'], 'Plan: 1 to add, 2 to change, 3 to destroy.');
    assert.equal(changeSummaryEvent(counts, 'apply', CLOCK)['@message'], 'Apply complete! Resources: 1 added, 2 changed, 3 destroyed.');
    assert.equal(changeSummaryEvent(counts, 'destroy', CLOCK)['@message'], 'Destroy complete! Resources: 3 destroyed.');
    assert.deepEqual(changeSummaryEvent(counts, 'apply', CLOCK)['changes'], { ...counts, operation: 'apply' });
  });

  it('levels diagnostics by severity', () => {
    const e = diagnosticEvent(error('Bad', { file: 'main.tf', line: 4, address: `${TYPE}.ci` }), CLOCK);
    assert.equal(e['@level'], 'error');
    assert.deepEqual(e['diagnostic'], { severity: 'error', summary: 'Bad', detail: '', address: `${TYPE}.ci`, range: { filename: 'main.tf', start: { line: 4 } } });
    assert.equal(diagnosticEvent(warning('Hmm'), CLOCK)['@level'], 'warn');
  });

  it('leaves out the values of sensitive and unknown outputs', () => {
    const e = outputsEvent([
      { name: 'token', sensitive: true, value: 'secret' },
      { name: 'later', sensitive: false, value: UNKNOWN },
      { name: 'ids', sensitive: false, value: [1, 2] },
    ], CLOCK);
    assert.deepEqual(e['outputs'], { token: { sensitive: true }, later: { sensitive: false }, ids: { sensitive: false, value: [1, 2] } });
    assert.equal(e['@message'], 'Outputs: 3');
  });

  it('lists a plan\'s drift, changes and summary in order, and only diagnostics when planning failed', () => {
    assert.deepEqual(planEvents(CASES['drift']!, CLOCK).map((e) => e.type), [
      'resource_drift', 'resource_drift', 'resource_drift', 'resource_drift',
      'planned_change', 'planned_change', 'planned_change', 'planned_change',
      'change_summary',
    ]);
    assert.deepEqual(planEvents(CASES['errored']!, CLOCK).map((e) => e['@level']), ['error', 'error', 'warn']);
    const mixed = planEvents(CASES['mixed']!, CLOCK);
    assert.deepEqual(mixed.slice(-3).map((e) => e.type), ['change_summary', 'outputs', 'diagnostic']);
    const replace = mixed.find((e) => e['@message'] === `${TYPE}.deploy: Plan to replace`);
    assert.equal((replace?.['change'] as Record<string, unknown>)['plan_action'], 'delete-then-create');
    assert.equal((replace?.['change'] as Record<string, unknown>)['action_reason'], 'replace_because_cannot_update');
  });
});
