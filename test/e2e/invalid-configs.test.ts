/**
 * Every broken configuration of test/fixtures/invalid/, through `keyform plan` against a live emulator: exit 1,
 * the diagnostics on stderr name the file, not one API request is made, and the state file (written before the
 * run) is byte-for-byte the same afterwards.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startEmulator, type EmulatorHandle } from '../../src/emulator/index.js';
import { fixture } from '../config/fixtures.js';
import { keyformEnv, runKeyform } from '../support/keyform.js';
import { finishE2e, watchDir } from '../support/leaks.js';
import { emptyState, loadKey, sealState, serialiseStateFile } from '../../src/state/index.js';

const root = fixture('invalid');
const cases = readdirSync(root, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();

const KEY = 'a'.repeat(64);

describe('e2e: invalid configurations stop before any API call', { timeout: 300_000 }, () => {
  let emu: EmulatorHandle;
  let work: string;
  let requests = 0;
  /** A valid state (serial 7), so "unchanged" is checked on a real state file. */
  let state: string;

  before(async () => {
    emu = await startEmulator({ log: () => void requests++ });
    work = watchDir(mkdtempSync(join(tmpdir(), 'keyform-invalid-')));
    const key = await loadKey(work, { KEYFORM_ENCRYPTION_KEY: KEY });
    state = serialiseStateFile(sealState({ ...emptyState(), serial: 7 }, key));
  });
  after(() => finishE2e(emu, [work]));

  it(`covers at least 60 cases (has ${cases.length})`, () => assert.ok(cases.length >= 60));

  for (const name of cases) {
    it(name, async () => {
      const dir = join(work, name);
      cpSync(join(root, name), dir, { recursive: true });
      const args = (() => {
        try {
          return JSON.parse(readFileSync(join(dir, 'args.json'), 'utf8')) as string[];
        } catch {
          return [];
        }
      })();
      let extraEnv: NodeJS.ProcessEnv = {};
      try {
        extraEnv = JSON.parse(readFileSync(join(dir, 'env.json'), 'utf8')) as NodeJS.ProcessEnv;
      } catch {
        // no environment for this case
      }
      writeFileSync(join(dir, 'keyform.tfstate'), state, { mode: 0o600 });
      const before = requests;
      const res = await runKeyform(['plan', '--chdir', dir, ...args], { env: keyformEnv(emu, { KEYFORM_ENCRYPTION_KEY: KEY, ...extraEnv }) });
      assert.equal(res.code, 1, `${name}: exit ${res.code}\n${res.stdout}\n${res.stderr}`);
      assert.match(res.stderr, /Error/);
      const expected = JSON.parse(readFileSync(join(root, name, 'expected.json'), 'utf8')) as Array<{ summary: string; file?: string }>;
      const firstError = expected.find((d) => (d as { severity?: string }).severity === 'error')!;
      assert.ok(res.stderr.includes(firstError.summary.split('\n')[0]!.slice(0, 60)), `${name}: stderr lacks "${firstError.summary}"\n${res.stderr}`);
      assert.equal(requests - before, 0, `${name}: ${requests - before} API request(s) made`);
      assert.equal(readFileSync(join(dir, 'keyform.tfstate'), 'utf8'), state, `${name}: the state changed`);
    });
  }
});
