/**
 * Hostile input never yields a 500 or a crash: each case of the shared table (test/support/hostile/emulator-cases.ts,
 * replayed by `npm run chaos` with seeded variations) gets the right 4xx with the envelope, and the server keeps
 * serving. Plus what hostile-looking input must not be refused for: unicode names.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { EmulatorHandle } from '../../src/emulator/index.js';
import { call } from '../support/api.js';
import { prng } from '../support/chaos/prng.js';
import { emulatorCases, KEYS, seededEmulatorCases, serverFailure, startHostileEmulator, tryEmulatorCase, type EmulatorCase } from '../support/hostile/emulator-cases.js';
import { assertError } from '../support/schema-check.js';

const SEED = 20261127;

describe('emulator: hostile input', () => {
  let emu: EmulatorHandle;
  const logs: string[] = [];
  before(async () => {
    emu = await startHostileEmulator((l) => logs.push(l));
  });
  after(async () => {
    await emu.close();
    assert.deepEqual(logs.filter(serverFailure), [], 'no request was answered 5xx, no unexpected error was logged');
  });

  const groups = new Map<string, EmulatorCase[]>();
  for (const c of [...emulatorCases(), ...seededEmulatorCases(prng(SEED), 24)]) groups.set(c.group, [...(groups.get(c.group) ?? []), c]);
  for (const [group, cases] of groups) {
    it(`${group} (${cases.length} cases) → the right 4xx with the envelope, and the server keeps serving`, async () => {
      const problems: string[] = [];
      for (const c of cases) problems.push(...(await tryEmulatorCase(emu, c)));
      assert.deepEqual(problems, []);
    });
  }

  it('a garbled body is told apart from a valid one: the table checks the right answer, not any answer', async () => {
    const refused = await tryEmulatorCase(emu, { group: 'check', name: 'valid body expected refused', send: (e) => call(e.url, 'POST', KEYS, { token: e.adminToken, body: { name: 'Valid one', rules: [] } }), expect: { status: 400 } });
    assert.match(refused.join('\n'), /answered 200, expected 400/);
  });

  it('unicode names are kept exactly, and derive a canonical only when one can be made', async () => {
    const post = (body: unknown) => call(emu.url, 'POST', KEYS, { token: emu.adminToken, body });
    const ok = await post({ name: 'Déploiement 🚀 prod', rules: [] });
    assert.equal(ok.status, 200);
    assert.equal(ok.body.data.name, 'Déploiement 🚀 prod');
    assert.equal(ok.body.data.canonical, 'd-ploiement-prod');
    const none = await post({ name: '🚀🚀🚀', rules: [] });
    assertError(none, 422, 'ValidationError');
    assert.match(none.body.errors[0].details[0], /^canonical:/);
  });
});
