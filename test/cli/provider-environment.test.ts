/**
 * Provider settings from a hostile or sloppy environment (CY_API_KEY, CY_API_URL, CY_ORG, or the provider block):
 * each bad value is one message naming the setting and what is wrong with it, exit 1, before any request, without
 * the key or a URL's password in the output, and no lock left behind.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runKeyform } from '../support/keyform.js';
import { emptyApi } from '../provider/helpers.js';

describe('cli: provider settings from the environment', () => {
  const root = mkdtempSync(join(tmpdir(), 'keyform-provider-env-'));
  let server: Awaited<ReturnType<typeof emptyApi>>;
  before(async () => {
    server = await emptyApi();
  });
  after(async () => {
    await server.close();
    rmSync(root, { recursive: true, force: true });
  });
  const key = { name: 'ci deploy', rules: [{ action: 'organization:project:read', effect: 'allow' }] };
  let n = 0;
  const work = (extra: Record<string, unknown> = {}): string => {
    const dir = join(root, `w${n++}`);
    mkdirSync(dir);
    writeFileSync(join(dir, 'main.tf.json'), JSON.stringify({ resource: { cycloid_organization_api_key: { ci: key } }, ...extra }));
    return dir;
  };
  const env = (extra: NodeJS.ProcessEnv) => ({ ...process.env, CY_API_URL: server.url, CY_API_KEY: 'good-key', CY_ORG: 'acme', KEYFORM_ENCRYPTION_KEY: 'Yk9lTm9vY2hlY2tzdW1rZXlmb3JtMDEyMzQ1Njc4OTA=', KEYFORM_API_RETRIES: '0', NO_COLOR: '1', ...extra });

  /** Runs plan and apply; both fail with `message`, make no request, print no `secret` and leave only the config. */
  async function refused(dir: string, extraEnv: NodeJS.ProcessEnv, message: RegExp, secret: string): Promise<void> {
    const before = server.requests();
    for (const args of [['plan'], ['apply', '--auto-approve']]) {
      const res = await runKeyform([...args, '--chdir', dir], { env: env(extraEnv) });
      assert.equal(res.code, 1, `${args[0]}: ${res.stderr}`);
      assert.match(res.stderr + res.stdout, message, res.stderr);
      assert.doesNotMatch(res.stderr + res.stdout, /unexpected error|\n\s+at /, res.stderr);
      assert.ok(!(res.stderr + res.stdout).includes(secret), `${args[0]} printed the secret: ${res.stderr}`);
    }
    assert.equal(server.requests(), before, 'no request was sent');
    assert.deepEqual(readdirSync(dir), ['main.tf.json'], 'no lock, state or journal left');
  }

  it('CY_API_KEY with a line break, a carriage return or a space: named, never printed, no request', async () => {
    for (const bad of ['s3cret-key\nsecond-line', 's3cret-key-cr\r', 's3cret key']) {
      await refused(work(), { CY_API_KEY: bad }, /CY_API_KEY is not a usable API key: it contains (a line break|a space)/, bad.trim());
    }
  });

  it('api_key in the provider block, from a sensitive variable, with a line break: the attribute named', async () => {
    const dir = work({
      variable: { key: { type: 'string', sensitive: true, default: 'var-s3cret\nmore' } },
      provider: { cycloid: { api_key: '${var.key}' } },
    });
    await refused(dir, {}, /provider\.cycloid\.api_key is not a usable API key: it contains a line break/, 'var-s3cret');
  });

  it('CY_API_URL without a scheme, with another scheme, an impossible port, no host, credentials or a query', async () => {
    const cases: Array<[string, RegExp]> = [
      ['localhost:8080', /it has no scheme/],
      ['ftp://127.0.0.1/api', /its scheme is ftp: only http and https/],
      ['http://127.0.0.1:99999', /it does not parse as a URL/],
      ['http://:80', /it does not parse as a URL/],
      ['http://', /it does not parse as a URL|it has no host/],
      ['http://admin:pa55word-xyz@127.0.0.1:9', /it contains a user name or password/],
      ['http://127.0.0.1:9/?org=acme', /it has a query or fragment/],
    ];
    for (const [url, why] of cases) {
      await refused(work(), { CY_API_URL: url }, new RegExp(`CY_API_URL is not a usable Cycloid API URL: (?:${why.source})`), 'pa55word-xyz');
    }
  });

  it('CY_ORG that is no organization canonical: named, before any request', async () => {
    for (const org of ['../other', 'Acme Corp', 'ac\nme']) {
      await refused(work(), { CY_ORG: org }, /CY_ORG is not an organization canonical/, '\u0000');
    }
  });

  it('no organization anywhere (no CY_ORG, no default_organization, none on the key): the plan fails, not the apply', async () => {
    await refused(work(), { CY_ORG: '' }, /No organization for this API key: set organization_canonical, or the provider's default_organization \(or the CY_ORG environment variable\)\n\n\s*on cycloid_organization_api_key\.ci/, '\u0000');
  });

  it('a good environment still plans against the same server (the refusals above are not the server)', async () => {
    const dir = work();
    const before = server.requests();
    const res = await runKeyform(['plan', '--chdir', dir], { env: env({ CY_API_URL: `${server.url}//` }) });
    assert.equal(res.code, 0, res.stderr);
    assert.match(res.stdout, /Plan: 1 to add/);
    assert.ok(server.requests() > before);
  });
});
