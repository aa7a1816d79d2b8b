/** Malformed command-line input is named as such, before any request: exit 1, no lock left. */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runKeyform } from '../support/keyform.js';
import { emptyApi } from '../provider/helpers.js';

describe('cli: malformed command-line input', () => {
  const dir = mkdtempSync(join(tmpdir(), 'keyform-cli-input-'));
  let server: Awaited<ReturnType<typeof emptyApi>>;
  before(async () => {
    server = await emptyApi();
    writeFileSync(join(dir, 'main.tf.json'), JSON.stringify({ resource: { cycloid_organization_api_key: { ci: { name: 'ci deploy', rules: [{ action: 'organization:project:read', effect: 'allow' }] } } } }));
  });
  after(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const env = () => ({ ...process.env, CY_API_URL: server.url, CY_API_KEY: 'good-key', CY_ORG: 'acme', KEYFORM_ENCRYPTION_KEY: 'Yk9lTm9vY2hlY2tzdW1rZXlmb3JtMDEyMzQ1Njc4OTA=', NO_COLOR: '1' });

  it('--target or --replace that is no resource address says so (it said "no such resource"), before any request', async () => {
    for (const [flag, address] of [['--target', 'cycloid_organization_api_key'], ['--target', ''], ['--replace', 'cycloid_organization_api_key.ci[']]) {
      const before = server.requests();
      const res = await runKeyform(['plan', `${flag}=${address}`, '--chdir', dir], { env: env() });
      assert.equal(res.code, 1, res.stderr);
      assert.match(res.stderr + res.stdout, new RegExp(`${flag}: ${JSON.stringify(JSON.stringify(address)).slice(1, -1).replace(/[[\]]/g, '\\$&')} is not a resource address \\(expected type\\.name, type\\.name\\[0\\] or type\\.name\\["key"\\]\\)`));
      assert.equal(server.requests(), before, 'no request');
      assert.deepEqual(readdirSync(dir), ['main.tf.json'], 'no lock left');
    }
    const unknown = await runKeyform(['plan', '--target', 'cycloid_organization_api_key.other', '--chdir', dir], { env: env() });
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr + unknown.stdout, /--target cycloid_organization_api_key\.other: no such resource in the configuration or the state/);
  });

  it('--chdir to a file, a missing folder or nothing is named as such by every command (it was a failure to open a journal or lock file under it)', async () => {
    const file = join(dir, 'main.tf.json');
    for (const args of [['plan'], ['apply', '--auto-approve'], ['state', 'list'], ['output'], ['show'], ['force-unlock', 'some-id'], ['validate'], ['init'], ['import', 'cycloid_organization_api_key.ci', 'ci-deploy']]) {
      for (const [chdir, why] of [[file, 'it is a file, not a folder'], [join(dir, 'missing'), 'no such folder'], [join(file, 'below'), 'a part of the path is a file, not a folder']]) {
        const res = await runKeyform([...args, '--chdir', chdir!], { env: env() });
        assert.equal(res.code, 1, `${args.join(' ')}: ${res.stderr}`);
        assert.equal(res.stderr, `keyform ${args[0]}: --chdir ${chdir}: ${why}\n`);
      }
    }
    const empty = await runKeyform(['plan', '--chdir', ''], { env: env() });
    assert.equal(empty.stderr, 'keyform plan: --chdir needs a folder, not an empty string\n');
    assert.deepEqual(readdirSync(dir), ['main.tf.json'], 'nothing written');
  });
});
