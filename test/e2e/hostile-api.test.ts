/**
 * An API that answers keyform with what no API should, through the CLI, as a user meets it: the shared table of
 * test/support/hostile/api-cases.ts (replayed by `npm run chaos` with more seeded variations). Each time: exit 1,
 * one clear diagnostic naming the problem and no stack trace, no token printed, the state written before
 * byte-for-byte the same, and no key left behind (a create the emulator carried out but answered badly included).
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { prng } from '../support/chaos/prng.js';
import { createCases, HostileApi, listCases, seededApiCases } from '../support/hostile/api-cases.js';
import { runKeyform } from '../support/keyform.js';
import { assertNoLeaks, watchDir } from '../support/leaks.js';

const SEED = 20261127;

describe('e2e: an API that answers keyform badly', { timeout: 480_000 }, () => {
  let bench: HostileApi;

  before(async () => {
    bench = await HostileApi.start((args, env) => runKeyform(args, { env }), watchDir(mkdtempSync(join(tmpdir(), 'keyform-hostile-api-'))));
  });
  after(async () => {
    try {
      await assertNoLeaks(bench.emu);
    } finally {
      await bench.close();
    }
  });

  it('a malformed KEYFORM_API_TIMEOUT or KEYFORM_API_RETRIES is a diagnostic', async () => {
    const res = await runKeyform(['plan', '--chdir', bench.dir], { env: { ...bench.env, KEYFORM_API_TIMEOUT: 'soon', KEYFORM_API_RETRIES: '-1' } });
    assert.equal(res.code, 1);
    assert.match(res.stderr, /KEYFORM_API_TIMEOUT must be a duration from 100ms to 1h \(e\.g\. 30s, 500ms\), not 'soon'/);
    assert.match(res.stderr, /KEYFORM_API_RETRIES must be a whole number from 0 to 20, not '-1'/);
  });

  describe('answering the list of keys (plan and apply)', () => {
    for (const c of listCases) {
      it(c.name, async () => {
        assert.deepEqual(await bench.tryCase(c, 'list'), []);
      });
    }
  });

  describe('answering the create, after the emulator made the key (apply)', () => {
    for (const c of createCases) {
      it(c.name, async () => {
        assert.deepEqual(await bench.tryCase(c, 'create'), []);
      });
    }
  });

  it('seeded: drawn garbage, answers cut at drawn offsets, pages of a drawn size', async () => {
    const problems: string[] = [];
    for (const c of seededApiCases(prng(SEED), 4)) problems.push(...(await bench.tryCase(c, c.on)));
    assert.deepEqual(problems, []);
  });

  it('and with the API well again, apply creates the key and the state moves on', async () => {
    const res = await runKeyform(['apply', '--auto-approve', '--chdir', bench.dir], { env: bench.env });
    assert.equal(res.code, 0, res.stderr);
    assert.deepEqual(await bench.remoteCanonicals(), ['admin', 'key-a', 'key-b']);
  });
});
