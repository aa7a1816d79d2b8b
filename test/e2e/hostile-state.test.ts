/**
 * Damaged or foreign files handed to keyform through the CLI, from the shared table (test/support/hostile/
 * state-cases.ts, replayed by `npm run chaos` with more seeded variations): a state that is truncated, not JSON, of a
 * future version, or holds a bad ciphertext (of an output, or of a token no expression reads); a wrong or missing
 * encryption key; a saved plan that was tampered with, or made for a state of another lineage. Each time plan,
 * apply and output exit 1 with a message naming the problem and no stack trace; no API request at all when the
 * state cannot be parsed, no API write otherwise; the state on disk (and its backup) byte-for-byte the same.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { prng } from '../support/chaos/prng.js';
import { HostileFiles, planCases, refusal, seededPlanCases, seededStateCases, stateCases } from '../support/hostile/state-cases.js';
import { runKeyform } from '../support/keyform.js';
import { assertNoLeaks, watchDir } from '../support/leaks.js';

const SEED = 20261127;

describe('e2e: damaged state, wrong keys and foreign plans', { timeout: 300_000 }, () => {
  let bench: HostileFiles;

  before(async () => {
    bench = await HostileFiles.start((args, env) => runKeyform(args, { env }), watchDir(mkdtempSync(join(tmpdir(), 'keyform-hostile-state-'))));
  });
  after(async () => {
    try {
      await assertNoLeaks(bench.emu);
    } finally {
      await bench.close();
    }
  });

  for (const c of stateCases()) {
    it(c.name, async () => {
      assert.deepEqual(await bench.tryStateCase(c), []);
    });
  }

  it('seeded: states cut, ciphertexts changed and structure garbled at drawn places', async () => {
    const problems: string[] = [];
    for (const c of seededStateCases(prng(SEED), 3)) problems.push(...(await bench.tryStateCase(c)));
    assert.deepEqual(problems, []);
  });

  it('the checks are not blind: an undamaged state is not refused, and that is reported', async () => {
    const problems = await bench.tryStateCase({ name: 'no damage', damage: (g) => g, says: /cannot decrypt/, unparseable: true });
    assert.match(problems.join('\n'), /no damage \/ plan: exit 0, expected 1/);
    assert.match(problems.join('\n'), /no damage \/ plan: \d+ API request\(s\) made for a state that cannot be parsed/);
  });

  it('output --raw cannot be talked into printing anything with the wrong key', async () => {
    const raw = await bench.kf(['output', '--raw', 'ci_token'], 'output --raw', { KEYFORM_ENCRYPTION_KEY: randomBytes(32).toString('base64') });
    assert.deepEqual(refusal(raw, /but the key in use \(from KEYFORM_ENCRYPTION_KEY\) has id/, 'output --raw'), []);
    assert.equal(raw.stdout, '');
  });

  it('a saved plan that was tampered with is refused, and nothing is applied', async () => {
    const problems: string[] = [];
    for (const c of [...planCases(), ...seededPlanCases(prng(SEED), 2)]) problems.push(...(await bench.tryPlanCase(c)));
    assert.deepEqual(problems, []);
  });

  it('a saved plan made for a state of another lineage is refused, and nothing is applied', async () => {
    assert.deepEqual(await bench.tryForeignPlan(), []);
  });

  it('and the good state still plans no changes', async () => {
    const res = await bench.kf(['plan', '--detailed-exitcode'], 'final plan');
    assert.equal(res.code, 0, res.stdout + res.stderr);
    assert.ok(readFileSync(bench.statePath).equals(bench.good));
  });
});
