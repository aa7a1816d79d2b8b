/**
 * The committed CDKTF bindings (bindings/cycloid) are exactly what `npm run generate:bindings` makes from the
 * current schemas/provider-schema.json: generated again into a temporary directory, with no terraform on PATH,
 * and compared byte for byte. Then the shapes users write against: OrganizationApiKey with rules as a list of
 * objects, and CycloidProvider.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { after, describe, it } from 'node:test';
import { packageRoot } from '../../src/package-root.js';

const committed = join(packageRoot, 'bindings', 'cycloid');

/** Every file under `dir`, as sorted relative paths. */
function files(dir: string, base = dir): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? files(join(dir, e.name), base) : [relative(base, join(dir, e.name))]))
    .sort();
}

describe('CDKTF bindings', { timeout: 30_000 }, () => {
  const out = mkdtempSync(join(tmpdir(), 'keyform-bindings-'));
  after(() => rmSync(out, { recursive: true, force: true }));

  it('are up to date with schemas/provider-schema.json (regenerated without terraform on PATH)', () => {
    const env: NodeJS.ProcessEnv = { PATH: dirname(process.execPath), HOME: out };
    const r = spawnSync(process.execPath, [join(packageRoot, 'scripts', 'generate-bindings.mjs'), '--out', join(out, 'cycloid'), '--quiet'], { env, encoding: 'utf8', timeout: 25_000 });
    assert.equal(r.status, 0, `the generator failed:\n${r.stderr}`);
    assert.equal(r.stderr, '', 'the generator prints nothing on stderr');
    const fresh = join(out, 'cycloid');
    assert.deepEqual(files(committed), files(fresh), 'the same files (run npm run generate:bindings and commit bindings/)');
    for (const f of files(fresh)) {
      assert.ok(readFileSync(join(committed, f)).equals(readFileSync(join(fresh, f))), `bindings/cycloid/${f} differs from the generator's output: run npm run generate:bindings and commit it`);
    }
  });

  it('declare OrganizationApiKey (rules: a list of objects) and CycloidProvider', () => {
    const key = readFileSync(join(committed, 'organization-api-key', 'index.ts'), 'utf8');
    assert.match(key, /export class OrganizationApiKey extends cdktf\.TerraformResource \{/);
    assert.match(key, /public static readonly tfResourceType = "cycloid_organization_api_key";/);
    assert.match(key, /readonly rules: OrganizationApiKeyRules\[\] \| cdktf\.IResolvable;/);
    const rules = /export interface OrganizationApiKeyRules \{([\s\S]*?)\n\}/.exec(key)?.[1] ?? '';
    assert.deepEqual([...rules.matchAll(/readonly (\w+\??): ([^;]+);/g)].map((m) => `${m[1]}: ${m[2]}`), ['action: string', 'effect: string', 'resources?: string[]']);
    for (const attr of ['name: string', 'canonical?: string', 'description?: string', 'owner?: string', 'organizationCanonical?: string']) {
      assert.ok(key.includes(`readonly ${attr};`), attr);
    }
    for (const computed of ['id', 'token', 'lastSeven']) assert.match(key, new RegExp(`public get ${computed}\\(\\)`), computed);
    const provider = readFileSync(join(committed, 'provider', 'index.ts'), 'utf8');
    assert.match(provider, /export class CycloidProvider extends cdktf\.TerraformProvider \{/);
    assert.match(provider, /terraformProviderSource: 'registry\.terraform\.io\/cycloidio\/cycloid'/);
    for (const attr of ['apiUrl', 'apiKey', 'defaultOrganization', 'insecure', 'alias']) assert.ok(provider.includes(`readonly ${attr}?:`), attr);
  });
});
