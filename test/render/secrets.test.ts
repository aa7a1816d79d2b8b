/** No renderer prints a secret: the token of every existing key in the fixtures must appear in no output. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyCompleteEvent, eventLine, outputsEvent, planEvents } from '../../src/render/events.js';
import { renderPlan } from '../../src/render/human-plan.js';
import { planToJson } from '../../src/render/json-plan.js';
import { renderPlanMarkdown } from '../../src/render/markdown-plan.js';
import { CASES, CLOCK, SECRET, TYPE } from './plans.js';

/** The secret and its prefix without the last seven characters (`last_seven` is shown on purpose). */
const FORBIDDEN = [SECRET, SECRET.slice(0, -7), SECRET.slice(0, 12)];

function assertClean(label: string, text: string): void {
  for (const f of FORBIDDEN) assert.ok(!text.includes(f), `${label} contains the secret (or a part of it: ${f.slice(0, 6)}…)`);
}

describe('secrets never reach rendered output', () => {
  it('the fixtures do hold the secret, in before.token of several changes, drift and outputs', () => {
    const holders = Object.values(CASES).flatMap((p) => [
      ...p.changes.filter((c) => c.before?.['token'] === SECRET),
      ...p.drift.filter((d) => d.before['token'] === SECRET),
      ...p.outputs.filter((o) => o.before === SECRET),
    ]);
    assert.ok(holders.length >= 8, `only ${holders.length} places hold the secret`);
  });

  for (const [name, plan] of Object.entries(CASES)) {
    it(`${name}: human, JSON, markdown and events`, () => {
      assertClean('human plan', renderPlan(plan, { color: false }));
      assertClean('colour plan', renderPlan(plan, { color: true }));
      assertClean('JSON plan', JSON.stringify(planToJson(plan)));
      assertClean('markdown', renderPlanMarkdown(plan));
      assertClean('events', planEvents(plan, CLOCK).map(eventLine).join(''));
    });
  }

  it('apply events: a sensitive output keeps its value out, a completed key shows its canonical only', () => {
    const text = [
      outputsEvent([{ name: 'ci_token', sensitive: true, value: SECRET }, { name: 'ci_canonical', sensitive: false, value: 'ci' }], CLOCK),
      applyCompleteEvent({ address: `${TYPE}.ci` }, 'create', { elapsedMs: 200, idValue: 'ci' }, CLOCK),
    ].map(eventLine).join('');
    assertClean('apply events', text);
    assert.match(text, /"ci_canonical":\{"sensitive":false,"value":"ci"\}/);
  });
});
