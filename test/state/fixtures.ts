/** Shared test fixtures for the state package: fixed keys, temporary folders, and a small sample state. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { keyId, type StateKey } from '../../src/state/encryption-key.js';
import { emptyState } from '../../src/state/empty-state.js';
import { newInstance, setInstance } from '../../src/state/instances.js';
import type { State } from '../../src/state/types.js';
import type { Values } from '../../src/values.js';

export const TYPE = 'cycloid_organization_api_key';

const fixedKey = (byte: number): StateKey => {
  const key = Buffer.alloc(32, byte);
  return { key, id: keyId(key), source: 'file' };
};
export const TEST_KEY = fixedKey(7);
export const OTHER_KEY = fixedKey(9);

/** A fresh temporary folder, removed when the test file ends. */
export function tempDir(prefix = 'keyform-state-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export function keyValues(canonical: string, id: number, token: string | null): Values {
  return {
    id,
    organization_canonical: 'acme',
    canonical,
    name: `Key ${canonical}`,
    description: '',
    owner: 'admin',
    rules: [{ action: 'organization:project:read', effect: 'allow', resources: [] }],
    token,
    last_seven: token ? token.slice(-7) : '',
  };
}

export const LINEAGE = '8f6b0a9e-5b1c-4d2e-9f3a-0c1d2e3f4a5b';

/** Three keys (one imported, with a null token; two under for_each) and two outputs, one sensitive. */
export function sampleState(lineage = LINEAGE): State {
  let s = emptyState(lineage);
  s = setInstance(s, TYPE, 'ci', undefined, newInstance(TYPE, keyValues('ci', 1, 'tok-ci-SECRET-0000001')));
  s = setInstance(s, TYPE, 'imported', undefined, newInstance(TYPE, keyValues('imported', 2, null)));
  s = setInstance(s, TYPE, 'team', 'b', newInstance(TYPE, keyValues('team-b', 4, 'tok-team-b-SECRET-004'), [`${TYPE}.ci`]));
  s = setInstance(s, TYPE, 'team', 'a', newInstance(TYPE, keyValues('team-a', 3, 'tok-team-a-SECRET-003'), [`${TYPE}.ci`]));
  s.outputs = {
    ci_token: { value: 'tok-ci-SECRET-0000001', sensitive: true },
    ci_id: { value: 1 },
  };
  return s;
}

/** A string that appears only in the secret values of sampleState (must never be on disk or in an error). */
export const SECRET_MARKER = 'SECRET';
