/** Property tests: no renderer throws on any plan, colour off means no escape code, secrets never show. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { Plan } from '../../src/plan/types.js';
import { eventLine, planEvents } from '../../src/render/events.js';
import { renderPlan } from '../../src/render/human-plan.js';
import { planToJson } from '../../src/render/json-plan.js';
import { renderPlanMarkdown } from '../../src/render/markdown-plan.js';
import { plan } from './arbitraries.js';
import { CLOCK } from './plans.js';

const SECRET = 'S3CR3T-7f3a9c1d5e';

/** The plan with every sensitive attribute and every sensitive output holding the secret. */
function withSecrets(p: Plan): Plan {
  return {
    ...p,
    changes: p.changes.map((c) => {
      const fill = (v: typeof c.before) => (v === undefined ? v : { ...v, ...Object.fromEntries(c.sensitive.map((k) => [k, SECRET])) });
      return { ...c, before: fill(c.before), after: fill(c.after) };
    }),
    outputs: p.outputs.map((o) => (o.sensitive ? { ...o, before: SECRET, after: [SECRET] } : o)),
  };
}

describe('renderer properties', () => {
  it('renderPlan never throws, and writes no escape code with colour off', () => {
    fc.assert(
      fc.property(plan, fc.integer({ min: 1, max: 200 }), (p, width) => {
        const plain = renderPlan(p, { color: false, width });
        assert.ok(!plain.includes('\x1b') && !plain.includes('\u009b'));
        assert.ok(plain.endsWith('\n'));
        renderPlan(p, { color: true, width });
      }),
      { numRuns: 300 },
    );
  });

  it('planToJson never throws and always serialises', () => {
    fc.assert(
      fc.property(plan, (p) => {
        const text = JSON.stringify(planToJson(p));
        assert.equal(typeof JSON.parse(text), 'object');
      }),
      { numRuns: 300 },
    );
  });

  it('markdown and events never throw, and events serialise', () => {
    fc.assert(
      fc.property(plan, (p) => {
        renderPlanMarkdown(p);
        for (const e of planEvents(p, CLOCK)) JSON.parse(eventLine(e));
      }),
      { numRuns: 200 },
    );
  });

  it('no output holds a value of a sensitive attribute or output', () => {
    fc.assert(
      fc.property(plan, (random) => {
        const p = withSecrets(random);
        const outputs = [
          renderPlan(p, { color: false }),
          renderPlan(p, { color: true }),
          JSON.stringify(planToJson(p)),
          renderPlanMarkdown(p),
          planEvents(p, CLOCK).map(eventLine).join(''),
        ];
        for (const o of outputs) assert.ok(!o.includes(SECRET));
      }),
      { numRuns: 300 },
    );
  });
});
