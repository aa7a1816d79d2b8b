import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { readProject } from '../../src/cdktf/index.js';

describe('cdktf.json', () => {
  const dir = mkdtempSync(join(tmpdir(), 'keyform-cdktf-project-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  const write = (text: string) => writeFileSync(join(dir, 'cdktf.json'), text);

  it('reads app, output (default cdktf.out, resolved against the project) and context', () => {
    write(JSON.stringify({ language: 'typescript', app: 'node main.js', context: { organization: 'acme' } }));
    assert.deepEqual(readProject(dir), { project: { dir, app: 'node main.js', outdir: join(dir, 'cdktf.out'), context: { organization: 'acme' } }, diagnostics: [] });
    write(JSON.stringify({ app: 'node main.js', output: 'synth' }));
    assert.equal(readProject(dir).project?.outdir, join(dir, 'synth'));
  });

  it('says what is wrong: no file, bad JSON, no app, bad output or context', () => {
    const none = readProject(join(dir, 'missing'));
    assert.match(none.diagnostics[0]!.summary, /cdktf\.json: there is no such file/);
    write('{ "app": ');
    assert.match(readProject(dir).diagnostics[0]!.summary, /cdktf\.json is not valid JSON/);
    write(JSON.stringify({ output: 3, context: [] }));
    const bad = readProject(dir);
    assert.equal(bad.project, undefined);
    assert.deepEqual(bad.diagnostics.map((d) => d.path), ['app', 'output', 'context']);
  });
});
