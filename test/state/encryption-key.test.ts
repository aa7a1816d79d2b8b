/** The encryption key: from the environment (raw or passphrase) or the key file that `keyform init` creates. */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ensureKeyFile, keyId, loadKey } from '../../src/state/encryption-key.js';
import { hasCode } from '../../src/state/errors.js';
import { tempDir } from './fixtures.js';

const mode = (p: string): number => statSync(p).mode & 0o777;

describe('state encryption key', () => {
  it('reads 32 bytes in base64 or base64url from KEYFORM_ENCRYPTION_KEY', async () => {
    const bytes = Buffer.from(Array.from({ length: 32 }, (_, i) => 250 - i));
    for (const text of [bytes.toString('base64'), bytes.toString('base64url'), `  ${bytes.toString('base64')}\n`]) {
      const k = await loadKey(tempDir(), { KEYFORM_ENCRYPTION_KEY: text });
      assert.deepEqual(k.key, bytes);
      assert.equal(k.source, 'env');
      assert.equal(k.id, keyId(bytes));
      assert.match(k.id, /^[0-9a-f]{16}$/);
    }
  });

  it('stretches anything else as a passphrase, deterministically', async () => {
    const a = await loadKey(tempDir(), { KEYFORM_ENCRYPTION_KEY: 'correct horse battery staple' });
    const b = await loadKey(tempDir(), { KEYFORM_ENCRYPTION_KEY: 'correct horse battery staple' });
    const c = await loadKey(tempDir(), { KEYFORM_ENCRYPTION_KEY: Buffer.alloc(31, 1).toString('base64') });
    assert.equal(a.key.length, 32);
    assert.deepEqual(a.key, b.key);
    assert.notDeepEqual(c.key, Buffer.alloc(31, 1));
    assert.equal(c.key.length, 32);
  });

  it('without a key, explains how to create one', async () => {
    await assert.rejects(loadKey(tempDir(), {}), (e: Error) => hasCode(e, 'STATE_KEY_MISSING') && e.message.includes('keyform init') && e.message.includes('KEYFORM_ENCRYPTION_KEY'));
    await assert.rejects(loadKey(tempDir(), { KEYFORM_ENCRYPTION_KEY: '' }), (e: Error) => hasCode(e, 'STATE_KEY_MISSING'));
  });

  it('refuses a blank KEYFORM_ENCRYPTION_KEY (spaces, line breaks) instead of using it as a passphrase', async () => {
    for (const blank of [' ', '\n', ' \t\r\n ']) {
      await assert.rejects(loadKey(tempDir(), { KEYFORM_ENCRYPTION_KEY: blank }), (e: Error) => hasCode(e, 'STATE_KEY_INVALID') && /KEYFORM_ENCRYPTION_KEY is set but blank/.test(e.message));
    }
  });

  it('ensureKeyFile creates a 0600 key in a 0700 folder, git-ignores it once, and never overwrites it', async () => {
    const dir = tempDir();
    const first = await ensureKeyFile(dir);
    assert.deepEqual(first, { path: join(dir, '.keyform/encryption.key'), created: true, gitignoreUpdated: true });
    assert.equal(mode(first.path), 0o600);
    assert.equal(mode(join(dir, '.keyform')), 0o700);
    assert.equal(readFileSync(join(dir, '.gitignore'), 'utf8'), '.keyform/\n');
    const text = readFileSync(first.path, 'utf8');
    assert.equal(Buffer.from(text.trim(), 'base64').length, 32);

    const again = await ensureKeyFile(dir);
    assert.deepEqual(again, { path: first.path, created: false, gitignoreUpdated: false });
    assert.equal(readFileSync(first.path, 'utf8'), text);
    assert.equal(readFileSync(join(dir, '.gitignore'), 'utf8'), '.keyform/\n');

    const loaded = await loadKey(dir, {});
    assert.equal(loaded.source, 'file');
    assert.deepEqual(loaded.key, Buffer.from(text.trim(), 'base64'));
    assert.equal((await loadKey(dir, { KEYFORM_ENCRYPTION_KEY: 'passphrase' })).source, 'env', 'the environment wins');
    assert.deepEqual(
      (await import('node:fs')).readdirSync(join(dir, '.keyform')),
      ['encryption.key'],
      'no temporary file left',
    );
  });

  it('appends to an existing .gitignore (adding a missing newline) or leaves one that already ignores .keyform', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, '.gitignore'), 'node_modules/\ndist');
    assert.equal((await ensureKeyFile(dir)).gitignoreUpdated, true);
    assert.equal(readFileSync(join(dir, '.gitignore'), 'utf8'), 'node_modules/\ndist\n.keyform/\n');
    const other = tempDir();
    writeFileSync(join(other, '.gitignore'), '/.keyform\n');
    assert.equal((await ensureKeyFile(other)).gitignoreUpdated, false);
    assert.equal(readFileSync(join(other, '.gitignore'), 'utf8'), '/.keyform\n');
  });

  it('refuses a key file that holds no key, and leaves an existing folder mode alone', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, '.keyform'), { mode: 0o755 });
    writeFileSync(join(dir, '.keyform/encryption.key'), 'not a key\n');
    await assert.rejects(loadKey(dir, {}), (e: Error) => hasCode(e, 'STATE_KEY_INVALID') && !e.message.includes('not a key'));
    assert.equal((await ensureKeyFile(dir)).created, false);
    assert.ok(existsSync(join(dir, '.keyform/encryption.key')));
  });
});
