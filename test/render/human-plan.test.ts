/** The human plan and diagnostics: what the golden files do not spell out. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { error, warning } from '../../src/diagnostics.js';
import type { Plan, ResourceChange } from '../../src/plan/types.js';
import { renderDiagnostics } from '../../src/render/human-diagnostics.js';
import { renderPlan } from '../../src/render/human-plan.js';
import { UNKNOWN } from '../../src/values.js';
import { CASES, createCi, driftEntries, noopSteady, replaceDeploy, TYPE, updateBot } from './plans.js';

const base = CASES['no-changes']!;
const withPlan = (p: Partial<Plan>): Plan => ({ ...base, ...p });
const ESC = '\x1b';

describe('renderPlan', () => {
  it('writes no escape code with colour off, and some with colour on', () => {
    for (const [name, plan] of Object.entries(CASES)) {
      assert.ok(!renderPlan(plan, { color: false }).includes(ESC), `${name} has an escape code`);
      if (name !== 'no-changes' && name !== 'outputs') assert.ok(renderPlan(plan, { color: true }).includes(ESC), `${name} has no colour`);
    }
  });

  it('escapes control characters coming from the plan, so data cannot style or move the terminal', () => {
    const evil: ResourceChange = {
      ...updateBot,
      address: `${TYPE}.bot\x1b[2J`,
      reason: 'because\x1b[31m red',
      after: { ...updateBot.after!, name: 'x\x1b[0m\u009b2J' },
    };
    const text = renderPlan(withPlan({ changes: [evil] }), { color: false });
    assert.ok(!text.includes(ESC));
    assert.ok(!text.includes('\u009b'));
    assert.match(text, /bot\\u001b\[2J will be updated in place/);
    assert.match(text, /"x\\u001b\[0m\\u009b2J"/);
  });

  it('shows unknown values as (known after apply) and sensitive ones as (sensitive value)', () => {
    const text = renderPlan(withPlan({ changes: [createCi] }), { color: false });
    assert.match(text, /\+ id\s+= \(known after apply\)/);
    assert.match(text, /\+ token\s+= \(sensitive value\)/);
    const known = { ...createCi, after: { ...createCi.after!, token: 'plain-looking' } };
    const shown = renderPlan(withPlan({ changes: [known] }), { color: false });
    assert.ok(!shown.includes('plain-looking'));
  });

  it('marks the attributes that force replacement and hides unchanged ones behind a count', () => {
    const text = renderPlan(withPlan({ changes: [replaceDeploy] }), { color: false });
    assert.match(text, /~ rules\s+= \[ # forces replacement/);
    assert.match(text, /# \(3 unchanged attributes hidden\)/);
    assert.match(text, /# \(1 unchanged element hidden\)/);
    assert.match(text, /^-\/\+ resource "cycloid_organization_api_key" "deploy" \{$/m);
  });

  it('shows changed and identifying attributes of an update, aligned on "="', () => {
    const text = renderPlan(withPlan({ changes: [updateBot] }), { color: false });
    const body = text.split('\n').filter((l) => l.includes(' = '));
    const columns = new Set(body.map((l) => l.indexOf(' = ')));
    assert.equal(columns.size, 1, body.join('\n'));
    assert.deepEqual(body.map((l) => l.trim().split(/\s+/)[0] === '~' ? l.trim().split(/\s+/)[1] : l.trim().split(/\s+/)[0]), ['canonical', 'description', 'id', 'name']);
  });

  it('diffs lists of strings element by element, keeping unchanged elements', () => {
    const before = { ...updateBot.before!, tags: ['a', 'b', 'c'] };
    const after = { ...updateBot.before!, tags: ['a', 'c', 'd'] };
    const text = renderPlan(withPlan({ changes: [{ ...updateBot, before, after, changedAttributes: ['tags'] }] }), { color: false });
    assert.match(text, /~ tags\s+= \[\n\s+"a",\n\s+- "b",\n\s+"c",\n\s+\+ "d",\n\s+\]/);
  });

  it('renders a block that becomes unknown with its old content and "-> (known after apply)"', () => {
    const after = { ...updateBot.before!, rules: UNKNOWN };
    const text = renderPlan(withPlan({ changes: [{ ...updateBot, after, changedAttributes: ['rules'] }] }), { color: false });
    assert.match(text, /~ rules\s+= \[\n[\s\S]*- action = "organization:project:read" -> null[\s\S]*\] -> \(known after apply\)/);
  });

  it('wraps prose and draws the separator at the given width', () => {
    const text = renderPlan(withPlan({ drift: driftEntries, changes: [noopSteady] }), { color: false, width: 40 });
    assert.ok(text.includes(`\n${'─'.repeat(40)}\n`));
    const prose = text.split('\n').filter((l) => !l.startsWith(' ') && !l.startsWith('─') && !/^(Note|No changes):?/.test(l) && !l.includes('resource "'));
    for (const l of prose) assert.ok(l.length <= 40, `too long: ${l}`);
    assert.match(text, /^Your configuration already matches/m);
  });

  it('says so when nothing changes, in each mode', () => {
    assert.match(renderPlan(base, { color: false }), /^No changes\. Your API keys match the configuration\./);
    assert.match(renderPlan(withPlan({ mode: 'refresh-only' }), { color: false }), /^No changes\. Your API keys still match the configuration\./);
    assert.match(renderPlan(withPlan({ mode: 'destroy', changes: [] }), { color: false }), /^No changes\. No API keys need to be destroyed\./);
  });

  it('prints "Planning failed" and every diagnostic, but no change, when the plan has errors', () => {
    const text = renderPlan(CASES['errored']!, { color: false });
    assert.match(text, /^Planning failed\./);
    assert.equal(text.match(/^Error: /gm)?.length, 2);
    assert.equal(text.match(/^Warning: /gm)?.length, 1);
    assert.ok(!text.includes('resource "'));
  });

  it('ends warnings after the summary', () => {
    const text = renderPlan(CASES['mixed']!, { color: false });
    assert.ok(text.indexOf('Plan: 3 to add, 1 to change, 3 to destroy.') < text.indexOf('Warning: Key without description'));
  });
});

describe('renderDiagnostics', () => {
  const diags = [
    error('Invalid rule action', { file: 'main.tf', line: 12, address: `${TYPE}.ci`, path: 'rules[1].action', detail: 'First line.\nSecond line.' }),
    warning('Something odd'),
  ];

  it('prints Error:/Warning:, the location and the indented detail, without colour', () => {
    assert.equal(
      renderDiagnostics(diags, { color: false }),
      'Error: Invalid rule action\n\n  on main.tf:12: cycloid_organization_api_key.ci: rules[1].action\n\n  First line.\n  Second line.\n\nWarning: Something odd\n',
    );
  });

  it('draws Terraform\'s box with colour', () => {
    const text = renderDiagnostics(diags, { color: true });
    assert.ok(text.startsWith('\x1b[31m╷\x1b[0m\n\x1b[31m│\x1b[0m \x1b[1m\x1b[31mError:\x1b[0m'));
    assert.ok(text.includes('\x1b[33m╷\x1b[0m'));
    assert.equal(renderDiagnostics([], { color: true }), '');
  });
});
