import assert from 'node:assert/strict';
import { delimiter } from 'node:path';
import { describe, it } from 'node:test';
import { appEnvironment } from '../../src/cdktf/index.js';

const project = { dir: '/work/app', app: 'node main.js', outdir: '/work/app/cdktf.out' };

describe('cdktf app environment (as cdktf-cli gives it)', () => {
  it('passes the environment on without Terraform variables, with the output directory and synth switches', () => {
    const env = appEnvironment(project, { HOME: '/root', TF_VAR_secret: 'x', CY_API_KEY: 'k', PATH: '/usr/bin' }, () => false);
    assert.equal(env['TF_VAR_secret'], undefined);
    assert.equal(env['HOME'], '/root');
    assert.equal(env['CY_API_KEY'], 'k');
    assert.equal(env['CDKTF_OUTDIR'], '/work/app/cdktf.out');
    assert.equal(env['CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS'], 'true');
    assert.equal(env['SYNTH_HCL_OUTPUT'], 'false');
    assert.equal(env['NODE_OPTIONS'], '--max-old-space-size=4096');
    assert.equal(env['CDKTF_CONTEXT_JSON'], undefined, 'no context in cdktf.json: none is set');
    assert.equal(env['PATH'], '/usr/bin');
  });

  it('keeps a heap size the caller chose, and adds one to other NODE_OPTIONS', () => {
    assert.equal(appEnvironment(project, { NODE_OPTIONS: '--max-old-space-size=512' }, () => false)['NODE_OPTIONS'], '--max-old-space-size=512');
    assert.equal(appEnvironment(project, { NODE_OPTIONS: '--enable-source-maps' }, () => false)['NODE_OPTIONS'], '--enable-source-maps --max-old-space-size=4096');
  });

  it("hands cdktf.json's context to the app as CDKTF_CONTEXT_JSON", () => {
    const env = appEnvironment({ ...project, context: { organization: 'acme', n: 1 } }, {}, () => false);
    assert.deepEqual(JSON.parse(env['CDKTF_CONTEXT_JSON']!), { organization: 'acme', n: 1 });
  });

  it('puts the node_modules/.bin folders that exist, nearest first, ahead on PATH', () => {
    const exists = (p: string) => p === '/work/app/node_modules/.bin' || p === '/node_modules/.bin';
    const env = appEnvironment(project, { PATH: '/usr/bin' }, exists);
    assert.equal(env['PATH'], ['/work/app/node_modules/.bin', '/node_modules/.bin', '/usr/bin'].join(delimiter));
  });
});
