/**
 * Issue 5, items 1 and 2, bounded for `npm test` (`npm run chaos` runs the full sizes, 20 crash points):
 * 300 keys applied and destroyed under the fault mix, and kill -9 at a few seeded points of an apply. After each,
 * the organization, the state and every byte keyform wrote are checked: nothing twice, nothing orphaned, no token
 * lost, none leaked, no state corrupted.
 */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { describe, it } from 'node:test';
import { startEmulator } from '../../src/emulator/index.js';
import { crashRun } from '../support/chaos/crash-run.js';
import { FAULT_TARGETS } from '../support/chaos/fault-mix.js';
import { faultRun, faultsOf } from '../support/chaos/fault-run.js';
import { LeakScanner } from '../support/chaos/leak-scan.js';
import { mustBeZero, type MustBeZero } from '../support/chaos/report.js';
import { RequestCounter } from '../support/chaos/request-counter.js';

const SEED = 20261127;
const ZERO: MustBeZero = { duplicates: 0, orphans: 0, lostTokens: 0, leakedTokens: 0, corruptedStates: 0, stateMismatches: 0, notConverged: 0, otherFailures: 0, mishandledInputs: 0 };

describe('e2e: chaos', { timeout: 180_000 }, () => {
  it('300 keys applied then destroyed under 503s, 429s, lost answers, resets and latency: converges, nothing lost or leaked', async (t) => {
    const emu = await startEmulator();
    const leaks = new LeakScanner(() => emu.issuedTokens());
    let dir: string | undefined;
    try {
      const r = await faultRun({ emu, keys: 300, seed: SEED, deadlineAt: Date.now() + 120_000, leaks });
      dir = r.dir;
      const faults = faultsOf(r);
      t.diagnostic(`apply: ${r.apply.runs} run(s), ${r.apply.retries} retries, ${r.apply.lostAnswers} lost answers; destroy: ${r.destroy?.runs} run(s), ${r.destroy?.retries} retries; faults ${JSON.stringify(faults)}`);
      assert.equal(r.incomplete, undefined);
      assert.deepEqual(r.problems, []);
      assert.deepEqual(mustBeZero(r, undefined, leaks), ZERO);
      assert.ok(r.apply.converged && r.destroy?.converged);
      assert.equal(r.apply.audit?.remote, 301, 'the 300 keys and the admin key');
      assert.equal(r.destroy?.audit?.remote, 1, 'only the admin key is left');
      for (const f of FAULT_TARGETS) assert.ok(faults[f.name]! > 0, `${f.name} was injected`);
      assert.ok(leaks.texts > 0 && leaks.tokenCount >= 300);
    } finally {
      await emu.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    }
  });

  it('kill -9 at 4 seeded points of a 60-key apply: the state keeps its lineage, the next apply converges, no orphan, every token works', async (t) => {
    const counter = new RequestCounter();
    const emu = await startEmulator({ log: counter.log });
    const leaks = new LeakScanner(() => emu.issuedTokens());
    let dir: string | undefined;
    try {
      const r = await crashRun({ emu, counter, keys: 60, points: 4, seed: SEED, deadlineAt: Date.now() + 120_000, leaks });
      dir = r.dir;
      for (const p of r.points) t.diagnostic(`${p.trigger.after} ${p.trigger.n}: ${p.landed ? 'killed' : `exit ${p.exit}`} after ${p.requests} requests, journal ${p.journal ?? 'none'}, ${p.recorded} recorded, ${p.pending} pending`);
      assert.equal(r.incomplete, undefined);
      assert.deepEqual(r.problems, []);
      assert.deepEqual(mustBeZero(undefined, r, leaks), ZERO);
      assert.equal(r.points.length, 4);
      assert.ok(r.points.filter((p) => p.landed).length >= 3, 'the kills land during the apply');
      assert.ok(r.points.some((p) => p.pending > 0), 'some kill left a create pending');
    } finally {
      await emu.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    }
  });
});
