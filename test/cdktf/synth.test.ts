/** synthesize() with small stand-in apps (no cdktf): the contract with the app command, its failures and timeout. */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { synthesize } from '../../src/cdktf/index.js';

// Writes what a cdktf App writes: manifest.json and one cdk.tf.json per stack, under CDKTF_OUTDIR. It also records
// the environment it got, for the test to read.
const FAKE_APP = `
const fs = require('fs'), path = require('path');
const out = process.env.CDKTF_OUTDIR;
fs.writeFileSync('seen-env.json', JSON.stringify({ out, context: process.env.CDKTF_CONTEXT_JSON, cwd: process.cwd(), tfvar: process.env.TF_VAR_x ?? null }));
const stacks = {};
for (const name of ['one', 'two']) {
  fs.mkdirSync(path.join(out, 'stacks', name), { recursive: true });
  fs.writeFileSync(path.join(out, 'stacks', name, 'cdk.tf.json'), '{}');
  stacks[name] = { name, constructPath: name, synthesizedStackPath: 'stacks/' + name + '/cdk.tf.json', workingDirectory: 'stacks/' + name, dependencies: name === 'one' ? ['two'] : [], annotations: [] };
}
fs.writeFileSync(path.join(out, 'manifest.json'), JSON.stringify({ version: '0.21.0', stacks }));
`;

describe('synthesize a CDKTF app', { timeout: 30_000 }, () => {
  const root = mkdtempSync(join(tmpdir(), 'keyform-synth-'));
  after(() => rmSync(root, { recursive: true, force: true }));
  let n = 0;
  const project = (cdktfJson: Record<string, unknown>, files: Record<string, string> = {}) => {
    const dir = join(root, `p${++n}`);
    mkdirSync(dir);
    writeFileSync(join(dir, 'cdktf.json'), JSON.stringify(cdktfJson));
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    return dir;
  };
  const node = JSON.stringify(process.execPath);

  it('runs the app in its directory with CDKTF_OUTDIR and the context, then lists the stacks in dependency order', async () => {
    const dir = project({ app: `${node} app.js`, output: 'out', context: { organization: 'acme' } }, { 'app.js': FAKE_APP });
    const r = await synthesize(dir, { env: { ...process.env, TF_VAR_x: 'secret' } });
    assert.deepEqual(r.diagnostics, []);
    assert.deepEqual(r.stacks?.map((s) => [s.name, s.file]), [['two', join(dir, 'out/stacks/two/cdk.tf.json')], ['one', join(dir, 'out/stacks/one/cdk.tf.json')]]);
    const seen = JSON.parse(readFileSync(join(dir, 'seen-env.json'), 'utf8'));
    assert.deepEqual(seen, { out: join(dir, 'out'), context: '{"organization":"acme"}', cwd: dir, tfvar: null });
    assert.ok((r.appMs ?? 0) > 0);
  });

  it('GIVEN an app that fails THEN an error with its command, exit code and stderr', async () => {
    const dir = project({ app: `${node} -e "console.log('some output'); console.error('TypeError: boom'); process.exit(3)"` });
    const r = await synthesize(dir, { env: process.env });
    assert.equal(r.stacks, undefined);
    assert.equal(r.diagnostics.length, 1);
    const d = r.diagnostics[0]!;
    assert.equal(d.summary, 'The CDKTF app failed: its command exited with code 3');
    assert.match(d.detail!, /command: .*process\.exit\(3\)/);
    assert.match(d.detail!, /its stderr:\n {2}TypeError: boom/);
  });

  it('GIVEN an app that prints its errors on stdout only (tsc does) THEN stdout is shown', async () => {
    const dir = project({ app: `${node} -e "console.log('main.ts(3,1): error TS2304'); process.exit(2)"` });
    const d = (await synthesize(dir, { env: process.env })).diagnostics[0]!;
    assert.match(d.detail!, /its stdout \(stderr was empty\):\n {2}main\.ts\(3,1\): error TS2304/);
  });

  it('GIVEN an app that never ends THEN it is stopped at the timeout, children included', async () => {
    const dir = project({ app: `${node} -e "setTimeout(() => {}, 60000)" & wait` });
    const t0 = Date.now();
    const r = await synthesize(dir, { env: process.env, timeoutMs: 300 });
    assert.ok(Date.now() - t0 < 5000, 'returned soon after the timeout');
    assert.match(r.diagnostics[0]!.summary, /did not finish within 0\.3 s and was stopped/);
  });

  it('GIVEN an app that succeeds without synthesizing THEN an error, even with a manifest left from before', async () => {
    const dir = project({ app: 'true' });
    mkdirSync(join(dir, 'cdktf.out'));
    writeFileSync(join(dir, 'cdktf.out', 'manifest.json'), JSON.stringify({ stacks: {} }));
    const r = await synthesize(dir, { env: process.env });
    assert.equal(r.stacks, undefined);
    assert.match(r.diagnostics[0]!.summary, /wrote no manifest\.json/);
    assert.match(r.diagnostics[0]!.detail!, /app\.synth\(\)/);
    assert.equal(existsSync(join(dir, 'cdktf.out', 'manifest.json')), false);
  });

  it('GIVEN no cdktf.json THEN an error saying what --cdktf expects', async () => {
    const r = await synthesize(join(root, 'nowhere'), { env: process.env });
    assert.match(r.diagnostics[0]!.summary, /Cannot read .*cdktf\.json/);
    assert.match(r.diagnostics[0]!.detail!, /--cdktf takes the directory of a CDKTF app/);
  });
});
