/**
 * The apply journal: durable appends in order, recovery after a simulated crash (including a torn last line),
 * journals of another history moved aside, and the commit that ends an apply.
 */
import assert from 'node:assert/strict';
import { appendFileSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { emptyState } from '../../src/state/empty-state.js';
import { hasCode } from '../../src/state/errors.js';
import { foldJournal } from '../../src/state/fold-journal.js';
import { deposedObjects, findDeposed, findInstance, newInstance, listAddresses } from '../../src/state/instances.js';
import type { JournalEntry } from '../../src/state/journal-entry.js';
import { LocalBackend } from '../../src/state/local-backend.js';
import { contentOf } from '../../src/state/serialise.js';
import type { State } from '../../src/state/types.js';
import { UNKNOWN } from '../../src/values.js';
import { keyValues, OTHER_KEY, sampleState, SECRET_MARKER, TEST_KEY, tempDir, TYPE } from './fixtures.js';

const backendIn = (dir: string, key = TEST_KEY): LocalBackend => new LocalBackend(join(dir, 'keyform.tfstate'), { key });
const created = (name: string, n: number): JournalEntry => ({ op: 'set', address: `${TYPE}.${name}`, instance: newInstance(TYPE, keyValues(name, n, `tok-${name}-SECRET-${n}`)) });
const pending = (name: string): JournalEntry => ({ op: 'pending', address: `${TYPE}.${name}`, instance: newInstance(TYPE, { ...keyValues(name, 0, null), id: null }) });

/** Writes `base`, opens a journal, appends `entries`, and "crashes" (closes without committing). */
async function crashAfter(dir: string, base: State, entries: JournalEntry[]): Promise<State> {
  const b = backendIn(dir);
  const start = await b.write(base);
  const journal = await b.openJournal(start);
  for (const e of entries) await journal.append(e);
  await journal.close();
  return start;
}

describe('journal', () => {
  it('records one line per step, encrypted, 0600, fsynced before append resolves', async () => {
    const dir = tempDir();
    const b = backendIn(dir);
    const s = await b.write(sampleState());
    const journal = await b.openJournal(s);
    await journal.append(created('new', 7));
    await journal.append({ op: 'remove', address: `${TYPE}.imported` });
    await journal.append({ op: 'output', name: 'new_token', value: 'tok-new-SECRET-7', sensitive: true });
    const lines = readFileSync(b.journalPath, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l));
    assert.deepEqual(lines[0], { journal: 1, lineage: s.lineage, serial: 1, key_id: TEST_KEY.id });
    assert.deepEqual(lines.slice(1).map((l) => [l.seq, l.op]), [[1, 'set'], [2, 'remove'], [3, 'output']]);
    assert.match(lines[1].instance.attributes.token, /^kf1:/);
    assert.ok(!readFileSync(b.journalPath, 'utf8').includes(SECRET_MARKER));
    assert.equal(statSync(b.journalPath).mode & 0o777, 0o600);
    assert.equal(journal.stats.syncs, 4, 'the header and each of three sequential appends');
    assert.deepEqual(listAddresses(journal.state), [`${TYPE}.ci`, `${TYPE}.new`, `${TYPE}.team["a"]`, `${TYPE}.team["b"]`]);
    await b.commit(journal.state);
  });

  it('commit writes the final state atomically, then removes the journal', async () => {
    const dir = tempDir();
    const b = backendIn(dir);
    const s = await b.write(sampleState());
    const journal = await b.openJournal(s);
    await journal.append(created('new', 7));
    const final = await b.commit(journal.state);
    assert.equal(final.serial, 2);
    assert.ok(!existsSync(b.journalPath));
    assert.equal(findInstance((await b.read())!, `${TYPE}.new`)?.attributes['token'], 'tok-new-SECRET-7');
    assert.deepEqual(readdirSync(dir).sort(), ['keyform.tfstate', 'keyform.tfstate.backup']);
  });

  it('commit refuses a final state that lacks recorded steps, leaving the journal for recovery', async () => {
    const dir = tempDir();
    const b = backendIn(dir);
    const s = await b.write(sampleState());
    const journal = await b.openJournal(s);
    await journal.append(created('new', 7));
    await assert.rejects(b.commit(s), (e: Error) => hasCode(e, 'STATE_JOURNAL_MISMATCH') && e.message.includes(`${TYPE}.new`));
    assert.ok(existsSync(b.journalPath));
    const { recovery, state } = await backendIn(dir).load();
    assert.equal(recovery?.outcome, 'recovered');
    assert.ok(findInstance(state!, `${TYPE}.new`));
  });

  it('after a crash, reading the state folds the journal in, writes it (serial + 1) and removes the journal', async () => {
    const dir = tempDir();
    const entries = [pending('new'), created('new', 7), { op: 'remove', address: `${TYPE}.team`, index_key: 'a' } as JournalEntry];
    const start = await crashAfter(dir, sampleState(), entries);
    const b = backendIn(dir);
    const { state, recovery } = await b.load();
    assert.deepEqual(recovery, { outcome: 'recovered', steps: 3, tornTail: false, journal: b.journalPath, dryRun: false });
    assert.equal(state!.serial, start.serial + 1);
    assert.equal(contentOf(state!), contentOf(foldJournal(start, entries)));
    assert.equal(findInstance(state!, `${TYPE}.new`)?.status, undefined);
    assert.equal(findInstance(state!, `${TYPE}.team["a"]`), undefined);
    assert.ok(!existsSync(b.journalPath));
    assert.deepEqual(await b.read(), state, 'the recovered state is on disk');
  });

  it('a pending create with no outcome survives recovery as pending_create', async () => {
    const dir = tempDir();
    await crashAfter(dir, sampleState(), [pending('new')]);
    const state = await backendIn(dir).read();
    assert.equal(findInstance(state!, `${TYPE}.new`)?.status, 'pending_create');
  });

  it('ignores a torn last line (a crash in the middle of a write)', async () => {
    const dir = tempDir();
    const start = await crashAfter(dir, sampleState(), [created('a1', 1), created('a2', 2)]);
    appendFileSync(join(dir, 'keyform.tfstate.journal'), '{"seq":3,"op":"set","address":"cycloid_organization_api_key.a3","instance":{"schema_ver');
    const { state, recovery } = await backendIn(dir).load();
    assert.equal(recovery?.steps, 2);
    assert.equal(recovery?.tornTail, true);
    assert.ok(findInstance(state!, `${TYPE}.a2`));
    assert.equal(findInstance(state!, `${TYPE}.a3`), undefined);
    assert.equal(state!.serial, start.serial + 1);
  });

  it('recovers a first apply that crashed before any state file existed', async () => {
    const dir = tempDir();
    const b = backendIn(dir);
    const base = emptyState();
    const journal = await b.openJournal(base);
    await journal.append(created('first', 1));
    await journal.close();
    const { state, recovery } = await backendIn(dir).load();
    assert.equal(recovery?.outcome, 'recovered');
    assert.equal(state!.lineage, base.lineage);
    assert.equal(state!.serial, 1);
    assert.ok(findInstance(state!, `${TYPE}.first`));
  });

  it('drops a journal the state already contains (crash between the final write and the journal removal)', async () => {
    const dir = tempDir();
    const b = backendIn(dir);
    const s = await b.write(sampleState());
    const journal = await b.openJournal(s);
    await journal.append(created('new', 7));
    const text = readFileSync(b.journalPath);
    const final = await b.commit(journal.state);
    writeFileSync(b.journalPath, text);
    const { state, recovery } = await backendIn(dir).load();
    assert.equal(recovery?.outcome, 'already-committed');
    assert.equal(state!.serial, final.serial);
    assert.ok(!existsSync(b.journalPath));
  });

  it('moves aside (never drops) a journal whose base serial does not match, and reports it', async () => {
    const dir = tempDir();
    const b = backendIn(dir);
    const s1 = await b.write(sampleState());
    const serial1 = readFileSync(b.path);
    const s2 = await b.write({ ...s1, outputs: {} });
    const journal = await b.openJournal(s2);
    await journal.append(created('new', 7));
    await journal.close();
    const journalText = readFileSync(b.journalPath, 'utf8');
    writeFileSync(b.path, serial1); // the state went back to serial 1 behind keyform's back
    const { state, recovery } = await backendIn(dir).load();
    assert.equal(recovery?.outcome, 'orphaned');
    assert.match(recovery!.reason!, /extends serial 2, but the state is at serial 1/);
    assert.match(recovery!.movedTo!, /keyform\.tfstate\.journal\.orphaned-\d{4}-\d\d-\d\dT/);
    assert.equal(readFileSync(recovery!.movedTo!, 'utf8'), journalText);
    assert.equal(state!.serial, 1);
    assert.equal(findInstance(state!, `${TYPE}.new`), undefined);
    assert.ok(!existsSync(b.journalPath));
  });

  it('moves aside a journal of another lineage', async () => {
    const dir = tempDir();
    const other = tempDir();
    await backendIn(dir).write(sampleState());
    await crashAfter(other, sampleState('another-lineage'), [created('x', 1)]);
    writeFileSync(join(dir, 'keyform.tfstate.journal'), readFileSync(join(other, 'keyform.tfstate.journal')));
    const { recovery } = await backendIn(dir).load();
    assert.equal(recovery?.outcome, 'orphaned');
    assert.match(recovery!.reason!, /lineage another-lineage/);
  });

  it('moves aside a journal damaged in the middle', async () => {
    const dir = tempDir();
    await crashAfter(dir, sampleState(), [created('a1', 1), created('a2', 2)]);
    const path = join(dir, 'keyform.tfstate.journal');
    const lines = readFileSync(path, 'utf8').split('\n');
    lines[1] = lines[1]!.slice(0, 20);
    writeFileSync(path, lines.join('\n'));
    const { recovery, state } = await backendIn(dir).load();
    assert.equal(recovery?.outcome, 'orphaned');
    assert.match(recovery!.reason!, /line 2 is damaged/);
    assert.equal(findInstance(state!, `${TYPE}.a2`), undefined);
  });

  it('drops a journal cut inside its header: nothing was recorded yet', async () => {
    const dir = tempDir();
    const start = await backendIn(dir).write(sampleState());
    writeFileSync(join(dir, 'keyform.tfstate.journal'), '{"journal":1,"lin');
    const { state, recovery } = await backendIn(dir).load();
    assert.deepEqual([recovery?.outcome, recovery?.steps, recovery?.tornTail], ['recovered', 0, true]);
    assert.equal(state!.serial, start.serial);
    assert.ok(!existsSync(join(dir, 'keyform.tfstate.journal')));
  });

  it('load({ recover: false }) folds in memory and changes nothing on disk', async () => {
    const dir = tempDir();
    await crashAfter(dir, sampleState(), [created('a1', 1)]);
    const before = readdirSync(dir).sort().map((f) => [f, readFileSync(join(dir, f), 'utf8')]);
    const { state, recovery } = await backendIn(dir).load({ recover: false });
    assert.equal(recovery?.dryRun, true);
    assert.ok(findInstance(state!, `${TYPE}.a1`));
    assert.deepEqual(readdirSync(dir).sort().map((f) => [f, readFileSync(join(dir, f), 'utf8')]), before);
  });

  it('refuses a journal written with another key, changing nothing', async () => {
    const dir = tempDir();
    await crashAfter(dir, sampleState(), [created('a1', 1)]);
    const path = join(dir, 'keyform.tfstate.journal');
    const header = JSON.parse(readFileSync(path, 'utf8').split('\n')[0]!);
    writeFileSync(path, readFileSync(path, 'utf8').replace(header.key_id, OTHER_KEY.id));
    const before = readFileSync(path, 'utf8');
    await assert.rejects(backendIn(dir).read(), (e: Error) => hasCode(e, 'STATE_KEY_MISMATCH'));
    assert.equal(readFileSync(path, 'utf8'), before);
  });

  it('refuses a tampered entry, naming the journal line and the attribute', async () => {
    const dir = tempDir();
    await crashAfter(dir, sampleState(), [created('a1', 1)]);
    const path = join(dir, 'keyform.tfstate.journal');
    writeFileSync(path, readFileSync(path, 'utf8').replace(/("token":"kf1:)([A-Za-z0-9_-])/, (_m, a: string, c: string) => a + (c === 'A' ? 'B' : 'A')));
    await assert.rejects(backendIn(dir).read(), (e: Error) => hasCode(e, 'STATE_DECRYPT_FAILED') && e.message.includes('line 2') && e.message.includes(`${TYPE}.a1.token`));
    assert.ok(existsSync(path));
  });

  it('guards against misuse: write while a journal is open or left behind, two journals, a stale base', async () => {
    const dir = tempDir();
    const b = backendIn(dir);
    const s = await b.write(sampleState());
    await assert.rejects(b.openJournal({ ...s, serial: 0 }), (e: Error) => hasCode(e, 'STATE_JOURNAL_MISMATCH'));
    const journal = await b.openJournal(s);
    await assert.rejects(b.write(s), (e: Error) => hasCode(e, 'STATE_JOURNAL_OPEN'));
    await assert.rejects(b.openJournal(s), (e: Error) => hasCode(e, 'STATE_JOURNAL_OPEN'));
    await assert.rejects(b.read(), (e: Error) => hasCode(e, 'STATE_JOURNAL_OPEN'));
    await assert.rejects(backendIn(dir).openJournal(s), (e: Error) => hasCode(e, 'STATE_JOURNAL_EXISTS'));
    await assert.rejects(backendIn(dir).write(s), (e: Error) => hasCode(e, 'STATE_JOURNAL_PENDING'));
    await journal.close();
    await assert.rejects(journal.append(created('late', 1)), (e: Error) => hasCode(e, 'STATE_JOURNAL_CLOSED'));
  });

  it('serialises parallel appends: whole lines in call order, batched into fewer fsyncs', async () => {
    const dir = tempDir();
    const b = backendIn(dir);
    const journal = await b.openJournal(await b.write(sampleState()));
    await Promise.all(Array.from({ length: 50 }, (_, i) => journal.append(created(`k${i}`, i))));
    const lines = readFileSync(b.journalPath, 'utf8').trimEnd().split('\n').slice(1).map((l) => JSON.parse(l));
    assert.deepEqual(lines.map((l) => l.seq), Array.from({ length: 50 }, (_, i) => i + 1));
    assert.deepEqual(lines.map((l) => l.address), Array.from({ length: 50 }, (_, i) => `${TYPE}.k${i}`));
    assert.ok(journal.stats.syncs < 10, `50 parallel appends took ${journal.stats.syncs} fsyncs`);
    await b.commit(journal.state);
    assert.equal(listAddresses((await b.read())!).length, 54);
  });

  it('refuses a step holding a value not known yet (a secret or not), records nothing for it, and goes on', async () => {
    const dir = tempDir();
    const b = backendIn(dir);
    const journal = await b.openJournal(await b.write(sampleState()));
    for (const attribute of ['token', 'description']) {
      const values = { ...keyValues('u', 9, 'tok-u-SECRET-9'), [attribute]: UNKNOWN };
      await assert.rejects(
        journal.append({ op: 'set', address: `${TYPE}.u`, instance: newInstance(TYPE, values) }),
        (e: Error) => hasCode(e, 'STATE_UNKNOWN_VALUE') && e.message.includes(`${TYPE}.u has values not known yet`),
      );
    }
    await journal.append(created('after', 3));
    const lines = readFileSync(b.journalPath, 'utf8').trimEnd().split('\n').slice(1).map((l) => JSON.parse(l));
    assert.deepEqual(lines.map((l) => [l.seq, l.address]), [[1, `${TYPE}.after`]]);
    await b.commit(journal.state);
    assert.equal(findInstance((await b.read())!, `${TYPE}.u`), undefined);
  });

  it('writes each set and pending line as JSON.stringify of { seq, op, address, index_key, instance } would', async () => {
    const dir = tempDir();
    const b = backendIn(dir);
    const journal = await b.openJournal(await b.write(sampleState()));
    const entries: JournalEntry[] = [
      { op: 'pending', address: `${TYPE}.team["q\\"x"]`, instance: newInstance(TYPE, { ...keyValues('q', 0, null), id: null }, [`${TYPE}.ci`]) },
      { op: 'set', address: `${TYPE}.counted`, index_key: 2, instance: newInstance(TYPE, keyValues('c2', 2, 'tok-c2-SECRET-2')) },
      created('plain', 4),
    ];
    for (const e of entries) await journal.append(e);
    const text = readFileSync(b.journalPath, 'utf8').trimEnd().split('\n').slice(1);
    const parsed = text.map((l) => JSON.parse(l));
    const expected = [
      { seq: 1, op: 'pending', address: `${TYPE}.team`, index_key: 'q"x', instance: { ...newInstance(TYPE, { ...keyValues('q', 0, null), id: null }, [`${TYPE}.ci`]), status: 'pending_create' } },
      { seq: 2, op: 'set', address: `${TYPE}.counted`, index_key: 2, instance: newInstance(TYPE, { ...keyValues('c2', 2, 'tok-c2-SECRET-2'), token: parsed[1].instance.attributes.token }) },
      { seq: 3, op: 'set', address: `${TYPE}.plain`, instance: newInstance(TYPE, { ...keyValues('plain', 4, 'tok-plain-SECRET-4'), token: parsed[2].instance.attributes.token }) },
    ];
    assert.deepEqual(text, expected.map((e) => JSON.stringify(e)));
    await journal.close();
  });

  it('commits the ciphertexts the journal made: each secret is encrypted once per apply', async () => {
    const dir = tempDir();
    const b = backendIn(dir);
    const journal = await b.openJournal(await b.write(sampleState()));
    await journal.append(pending('fresh'));
    await journal.append(created('fresh', 8));
    await journal.append({ op: 'set', address: `${TYPE}.team["c"]`, instance: newInstance(TYPE, keyValues('team-c', 5, 'tok-team-c-SECRET-5')) });
    const lines = readFileSync(b.journalPath, 'utf8').trimEnd().split('\n').slice(1).map((l) => JSON.parse(l));
    await b.commit(journal.state);
    const file = JSON.parse(readFileSync(b.path, 'utf8'));
    const tokenIn = (name: string, key?: string) =>
      file.resources.find((r: { name: string }) => r.name === name).instances.find((i: { index_key?: string }) => i.index_key === key).attributes.token;
    assert.equal(lines[0].instance.attributes.token, null);
    assert.match(lines[1].instance.attributes.token, /^kf1:/);
    assert.equal(tokenIn('fresh'), lines[1].instance.attributes.token);
    assert.equal(tokenIn('team', 'c'), lines[2].instance.attributes.token);
    assert.equal(findInstance((await b.read())!, `${TYPE}.fresh`)!.attributes['token'], 'tok-fresh-SECRET-8');
  });

  it('accepts a full instance address in an entry', async () => {
    const dir = tempDir();
    const b = backendIn(dir);
    const journal = await b.openJournal(await b.write(sampleState()));
    await journal.append({ op: 'set', address: `${TYPE}.team["c"]`, instance: newInstance(TYPE, keyValues('team-c', 5, 'tok')) });
    const line = JSON.parse(readFileSync(b.journalPath, 'utf8').trimEnd().split('\n')[1]!);
    assert.equal(line.address, `${TYPE}.team`);
    assert.equal(line.index_key, 'c');
    await b.commit(journal.state);
    assert.ok(findInstance((await b.read())!, `${TYPE}.team["c"]`));
  });
  it('a create_before_destroy crash: the deposed old key survives recovery, on disk with its token encrypted, until removed', async () => {
    const dir = tempDir();
    // ci is set aside as deposed, its replacement is created (another canonical), then the process dies before the delete.
    const start = await crashAfter(dir, sampleState(), [
      { op: 'depose', address: `${TYPE}.ci`, deposed: '0a1b2c3d' },
      pending('ci'),
      { op: 'set', address: `${TYPE}.ci`, instance: newInstance(TYPE, keyValues('ci-v2', 9, 'tok-ci-v2-SECRET-9')) },
    ]);
    const b = backendIn(dir);
    const { state, recovery } = await b.load();
    assert.equal(recovery?.outcome, 'recovered');
    assert.equal(state!.serial, start.serial + 1);
    assert.equal(findInstance(state!, `${TYPE}.ci`)?.attributes['canonical'], 'ci-v2');
    const old = findDeposed(state!, `${TYPE}.ci`, undefined, '0a1b2c3d');
    assert.equal(old?.attributes['canonical'], 'ci');
    assert.equal(old?.attributes['token'], 'tok-ci-SECRET-0000001', 'the old token is kept (decrypted in memory)');
    assert.deepEqual(listAddresses(state!).filter((a) => a.startsWith(`${TYPE}.ci`)), [`${TYPE}.ci`], 'state list shows current objects');
    const text = readFileSync(b.path, 'utf8');
    assert.ok(!text.includes(SECRET_MARKER), 'both tokens encrypted on disk');
    const onDisk = JSON.parse(text).resources.find((r: { name: string }) => r.name === 'ci').instances;
    assert.deepEqual(onDisk.map((i: { deposed?: string }) => i.deposed ?? null), [null, '0a1b2c3d'], 'Terraform v4: the deposed object beside the current one');
    // The next apply deletes the old key and drops its record.
    const journal = await b.openJournal(state!);
    await journal.append({ op: 'remove', address: `${TYPE}.ci`, deposed: '0a1b2c3d' });
    const final = await b.commit(journal.state);
    assert.deepEqual(deposedObjects(final), []);
    assert.equal(findInstance(final, `${TYPE}.ci`)?.attributes['canonical'], 'ci-v2');
    assert.deepEqual(deposedObjects((await backendIn(dir).read())!), []);
  });

  it('a create_before_destroy whose create did not happen restores the deposed object', async () => {
    const dir = tempDir();
    const start = await crashAfter(dir, sampleState(), [
      { op: 'depose', address: `${TYPE}.ci`, deposed: '0a1b2c3d' },
      pending('ci'),
      { op: 'remove', address: `${TYPE}.ci` },
      { op: 'restore', address: `${TYPE}.ci`, deposed: '0a1b2c3d' },
    ]);
    const state = await backendIn(dir).read();
    assert.equal(contentOf(state!), contentOf(start), 'back to where it started');
  });
});
