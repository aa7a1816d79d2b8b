/**
 * Every renderer on every fixture plan, compared exactly with test/render/golden/<case>.<format>.
 *
 * To rewrite the golden files after an intended change of output, run
 *   npx tsc -p tsconfig.json && UPDATE_GOLDEN=1 node scripts/run-tests.mjs render
 * and review the diff of test/render/golden/ before committing it.
 */
import { describe, it } from 'node:test';
import { eventLine, planEvents } from '../../src/render/events.js';
import { renderPlan } from '../../src/render/human-plan.js';
import { planToJson } from '../../src/render/json-plan.js';
import { renderPlanMarkdown } from '../../src/render/markdown-plan.js';
import { assertGolden } from './golden.js';
import { CASES, CLOCK } from './plans.js';

describe('golden renderings', () => {
  for (const [name, plan] of Object.entries(CASES)) {
    describe(name, () => {
      it('human, no colour', () => assertGolden(`${name}.txt`, renderPlan(plan, { color: false })));
      it('human, colour', () => assertGolden(`${name}.color.txt`, renderPlan(plan, { color: true })));
      it('JSON plan', () => assertGolden(`${name}.json`, `${JSON.stringify(planToJson(plan), null, 2)}\n`));
      it('markdown', () => assertGolden(`${name}.md`, renderPlanMarkdown(plan)));
      it('events', () => assertGolden(`${name}.events.jsonl`, planEvents(plan, CLOCK).map(eventLine).join('')));
    });
  }
});
