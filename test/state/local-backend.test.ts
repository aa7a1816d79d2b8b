/**
 * The local backend: round trips, atomic replacement with a backup, file modes, serial and lineage rules, and
 * every bad file refused with its code while the file stays byte-for-byte as it was.
 */
import assert from 'node:assert/strict';
import { chmodSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { UNKNOWN } from '../../src/values.js';
import { emptyState } from '../../src/state/empty-state.js';
import { hasCode } from '../../src/state/errors.js';
import { findInstance, newInstance, removeInstance, setInstance } from '../../src/state/instances.js';
import { LocalBackend } from '../../src/state/local-backend.js';
import { contentOf } from '../../src/state/serialise.js';
import { keyValues, OTHER_KEY, sampleState, SECRET_MARKER, TEST_KEY, TYPE } from './fixtures.js';
import { tempDir } from './fixtures.js';

const mode = (p: string): number => statSync(p).mode & 0o777;
const backendIn = (dir: string, key = TEST_KEY): LocalBackend => new LocalBackend(join(dir, 'keyform.tfstate'), { key });

describe('LocalBackend', () => {
  it('reads undefined when there is no state', async () => {
    assert.equal(await backendIn(tempDir()).read(), undefined);
  });

  it('round-trips: what is written reads back equal, with serial 1 for a new state', async () => {
    const b = backendIn(tempDir());
    const written = await b.write(sampleState());
    assert.equal(written.serial, 1);
    const read = await b.read();
    assert.deepEqual(read, written);
    assert.equal(contentOf(read!), contentOf(sampleState()));
    assert.equal(findInstance(read!, `${TYPE}.ci`)?.attributes['token'], 'tok-ci-SECRET-0000001');
    assert.equal(read!.outputs['ci_token']!.value, 'tok-ci-SECRET-0000001');
    assert.ok(!readFileSync(b.path, 'utf8').includes(SECRET_MARKER), 'no plaintext secret on disk');
  });

  it('writes atomically: no temporary file left, the previous version kept as .backup, all 0600', async () => {
    const dir = tempDir();
    const b = backendIn(dir);
    const v1 = await b.write(sampleState());
    assert.deepEqual(readdirSync(dir), ['keyform.tfstate']);
    const firstText = readFileSync(b.path, 'utf8');
    const v2 = await b.write(removeInstance(v1, `${TYPE}.imported`));
    assert.equal(v2.serial, 2);
    assert.deepEqual(readdirSync(dir).sort(), ['keyform.tfstate', 'keyform.tfstate.backup']);
    assert.equal(readFileSync(b.backupPath, 'utf8'), firstText);
    assert.equal(mode(b.path), 0o600);
    assert.equal(mode(b.backupPath), 0o600);
  });

  it('forces mode 0600 on an existing state file, even when nothing changes', async () => {
    const b = backendIn(tempDir());
    const s = await b.write(sampleState());
    chmodSync(b.path, 0o644);
    await b.write(s);
    assert.equal(mode(b.path), 0o600);
    const old = process.umask(0o000);
    try {
      await b.write(removeInstance(s, `${TYPE}.ci`));
    } finally {
      process.umask(old);
    }
    assert.equal(mode(b.path), 0o600);
    assert.equal(mode(b.backupPath), 0o600);
  });

  it('moves the serial only when content changes', async () => {
    const b = backendIn(tempDir());
    const s1 = await b.write(sampleState());
    const bytes = readFileSync(b.path);
    const again = await b.write({ ...sampleState(), serial: 99 });
    assert.equal(again.serial, 1);
    assert.deepEqual(readFileSync(b.path), bytes, 'unchanged content is not rewritten (ciphertexts included)');
    const s2 = await b.write(setInstance(s1, TYPE, 'ci', undefined, newInstance(TYPE, { ...keyValues('ci', 1, 'tok-ci-SECRET-0000001'), name: 'Renamed' })));
    assert.equal(s2.serial, 2);
    const s3 = await b.write({ ...s2, outputs: { ...s2.outputs, extra: { value: 'x' } } });
    assert.equal(s3.serial, 3);
  });

  it('keeps the ciphertext of an unchanged secret, so a git diff shows only what changed', async () => {
    const b = backendIn(tempDir());
    const s1 = await b.write(sampleState());
    const before = readFileSync(b.path, 'utf8');
    await b.write(removeInstance(s1, `${TYPE}.imported`));
    const after = readFileSync(b.path, 'utf8');
    const ciphers = (t: string): string[] => t.match(/kf1:[A-Za-z0-9_-]+/g) ?? [];
    assert.deepEqual(ciphers(after), ciphers(before));
  });

  it('leaves the secrets of instances it is told not to open encrypted, and writes them back unchanged', async () => {
    const dir = tempDir();
    await backendIn(dir).write(sampleState());
    const before = readFileSync(join(dir, 'keyform.tfstate'), 'utf8');
    const cipherOf = (text: string, name: string, key?: string) =>
      (JSON.parse(text).resources.find((r: { name: string }) => r.name === name).instances.find((i: { index_key?: string }) => i.index_key === key).attributes.token as string);
    // Only team["a"] is read by the configuration (say): the other tokens stay ciphertexts in memory.
    const b = backendIn(dir);
    const { state } = await b.load({ opens: (address) => address === `${TYPE}.team["a"]` });
    assert.equal(findInstance(state!, `${TYPE}.team["a"]`)?.attributes['token'], 'tok-team-a-SECRET-003');
    assert.equal(findInstance(state!, `${TYPE}.ci`)?.attributes['token'], cipherOf(before, 'ci'));
    assert.equal(findInstance(state!, `${TYPE}.imported`)?.attributes['token'], null);
    // Unchanged: nothing written, serial kept.
    assert.equal((await b.write(state!)).serial, state!.serial);
    assert.equal(readFileSync(join(dir, 'keyform.tfstate'), 'utf8'), before);
    // An update of ci that keeps its (unopened) token, through the journal: the ciphertext goes back as it was.
    const journal = await b.openJournal(state!);
    const ci = findInstance(state!, `${TYPE}.ci`)!;
    await journal.append({ op: 'set', address: `${TYPE}.ci`, instance: { ...ci, attributes: { ...ci.attributes, name: 'Renamed' } } });
    const final = await b.commit(journal.state);
    assert.equal(final.serial, state!.serial + 1);
    const after = readFileSync(join(dir, 'keyform.tfstate'), 'utf8');
    assert.equal(cipherOf(after, 'ci'), cipherOf(before, 'ci'), 'the same ciphertext, not a ciphertext of the ciphertext');
    assert.equal(cipherOf(after, 'team', 'b'), cipherOf(before, 'team', 'b'));
    const reread = await backendIn(dir).read();
    assert.equal(findInstance(reread!, `${TYPE}.ci`)?.attributes['token'], 'tok-ci-SECRET-0000001');
    assert.equal(findInstance(reread!, `${TYPE}.ci`)?.attributes['name'], 'Renamed');
  });

  it('checks the secrets it leaves encrypted all the same: a damaged one is refused, and onParsed has run before', async () => {
    const dir = tempDir();
    await backendIn(dir).write(sampleState());
    const path = join(dir, 'keyform.tfstate');
    const text = readFileSync(path, 'utf8');
    const cipher = JSON.parse(text).resources.find((r: { name: string }) => r.name === 'ci').instances[0].attributes.token as string;
    const at = 'kf1:'.length + 20;
    writeFileSync(path, text.replace(cipher, cipher.slice(0, at) + (cipher[at] === 'A' ? 'B' : 'A') + cipher.slice(at + 1)));
    let parsed = 0;
    await assert.rejects(
      backendIn(dir).load({ opens: () => false, onParsed: () => parsed++ }),
      (e: Error) => hasCode(e, 'STATE_DECRYPT_FAILED') && /cannot decrypt cycloid_organization_api_key\.ci\.token in \S+: the ciphertext is damaged or was altered/.test(e.message),
    );
    assert.equal(parsed, 1, 'the file parsed: onParsed ran before the secrets were checked');
    writeFileSync(path, text.slice(0, 40));
    parsed = 0;
    await assert.rejects(backendIn(dir).load({ opens: () => false, onParsed: () => parsed++ }), (e: Error) => hasCode(e, 'STATE_TRUNCATED'));
    assert.equal(parsed, 0, 'a file that does not parse never reaches onParsed');
  });

  it('keeps the lineage, and refuses to write a state of another lineage over it', async () => {
    const b = backendIn(tempDir());
    const s1 = await b.write(sampleState());
    const bytes = readFileSync(b.path);
    await assert.rejects(b.write(emptyState()), (e: Error) => hasCode(e, 'STATE_LINEAGE_MISMATCH') && e.message.includes(s1.lineage));
    assert.deepEqual(readFileSync(b.path), bytes);
    assert.equal((await b.read())!.lineage, s1.lineage);
  });

  it('refuses unknown values', async () => {
    const b = backendIn(tempDir());
    const s = setInstance(emptyState(), TYPE, 'x', undefined, newInstance(TYPE, { ...keyValues('x', 1, null), id: UNKNOWN }));
    await assert.rejects(b.write(s), (e: Error) => hasCode(e, 'STATE_UNKNOWN_VALUE') && e.message.includes(`${TYPE}.x.id`));
    assert.ok(!existsSync(b.path));
    // Over a state on disk (compared with it first), a secret or not, an attribute or an output: the file is unchanged.
    const before = await b.write(sampleState());
    const bytes = readFileSync(b.path);
    const unknownToken = setInstance(before, TYPE, 'y', undefined, newInstance(TYPE, { ...keyValues('y', 2, null), token: UNKNOWN }));
    const nested = setInstance(before, TYPE, 'z', undefined, newInstance(TYPE, { ...keyValues('z', 3, null), rules: [{ action: 'a', effect: 'allow', resources: [UNKNOWN] }] }));
    await assert.rejects(b.write(unknownToken), (e: Error) => hasCode(e, 'STATE_UNKNOWN_VALUE') && e.message.includes(`${TYPE}.y.token`));
    await assert.rejects(b.write(nested), (e: Error) => hasCode(e, 'STATE_UNKNOWN_VALUE') && e.message.includes(`${TYPE}.z.rules`));
    for (const sensitive of [true, false]) {
      const output = { ...before, outputs: { ...before.outputs, o: { value: { a: [1, UNKNOWN] }, ...(sensitive ? { sensitive } : {}) } } };
      await assert.rejects(b.write(output), (e: Error) => hasCode(e, 'STATE_UNKNOWN_VALUE') && e.message.includes('output o'));
    }
    assert.deepEqual(readFileSync(b.path), bytes);
  });

  describe('bad files: refused with a stable code, never written over', () => {
    const cases: Array<[string, (text: string) => string, string]> = [
      ['truncated', (t) => t.slice(0, Math.floor(t.length * 0.6)), 'STATE_TRUNCATED'],
      ['empty', () => '', 'STATE_TRUNCATED'],
      ['not JSON', (t) => t.replace('"serial"', '"serial" "'), 'STATE_NOT_JSON'],
      ['a future version', (t) => t.replace('"version": 4', '"version": 7'), 'STATE_FUTURE_VERSION'],
      ['an old version', (t) => t.replace('"version": 4', '"version": 3'), 'STATE_UNSUPPORTED_VERSION'],
      ['schema-invalid', (t) => t.replace('"mode": "managed"', '"mode": "data"'), 'STATE_INVALID'],
      ['a tampered ciphertext', (t) => t.replace(/("token": "kf1:[A-Za-z0-9_-]{10})([A-Za-z0-9_-])/, (_m, a: string, c: string) => a + (c === 'A' ? 'B' : 'A')), 'STATE_DECRYPT_FAILED'],
    ];
    for (const [what, damage, code] of cases) {
      it(`${what}: ${code}`, async () => {
        const dir = tempDir();
        const b = backendIn(dir);
        await b.write(sampleState());
        const damaged = damage(readFileSync(b.path, 'utf8'));
        writeFileSync(b.path, damaged);
        const bytes = readFileSync(b.path);
        const entries = readdirSync(dir).sort();
        await assert.rejects(b.read(), (e: Error) => hasCode(e, code as never) && !e.message.includes(SECRET_MARKER));
        await assert.rejects(b.write(sampleState()), (e: Error) => hasCode(e, code as never));
        await assert.rejects(b.commit(sampleState()), (e: Error) => hasCode(e, code as never));
        assert.deepEqual(readFileSync(b.path), bytes, 'byte-for-byte unchanged');
        assert.deepEqual(readdirSync(dir).sort(), entries, 'no file added or removed');
      });
    }

    it('a tampered ciphertext names the address and attribute', async () => {
      const b = backendIn(tempDir());
      await b.write(sampleState());
      writeFileSync(b.path, readFileSync(b.path, 'utf8').replace(/("token": "kf1:)([A-Za-z0-9_-])/, (_m, a: string, c: string) => a + (c === 'A' ? 'B' : 'A')));
      await assert.rejects(b.read(), (e: Error) => e.message.includes(`${TYPE}.ci.token`));
    });

    it('a wrong key: STATE_KEY_MISMATCH naming both key ids', async () => {
      const dir = tempDir();
      await backendIn(dir).write(sampleState());
      const other = backendIn(dir, OTHER_KEY);
      const bytes = readFileSync(other.path);
      await assert.rejects(other.read(), (e: Error) => hasCode(e, 'STATE_KEY_MISMATCH') && e.message.includes(TEST_KEY.id) && e.message.includes(OTHER_KEY.id));
      await assert.rejects(other.write(sampleState()), (e: Error) => hasCode(e, 'STATE_KEY_MISMATCH'));
      assert.deepEqual(readFileSync(other.path), bytes);
    });
  });
});
