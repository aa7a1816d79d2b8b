/**
 * Property: any sequence of journal entries, folded at once, equals applying them one by one — both through the
 * ordinary state edits and through an independent model — and equals what recovery reads back from disk.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { formatAddress } from '../../src/state/address.js';
import { applyEntry, foldJournal } from '../../src/state/fold-journal.js';
import { findInstance, listAddresses, newInstance } from '../../src/state/instances.js';
import type { JournalEntry } from '../../src/state/journal-entry.js';
import { LocalBackend } from '../../src/state/local-backend.js';
import { canonicalJson, contentOf } from '../../src/state/serialise.js';
import type { IndexKey, InstanceState, OutputState, State } from '../../src/state/types.js';
import { keyValues, sampleState, TEST_KEY, tempDir, TYPE } from './fixtures.js';

const indexKey: fc.Arbitrary<IndexKey | undefined> = fc.constantFrom(undefined, 0, 1, 'a', 'b');
const resName = fc.constantFrom('ci', 'imported', 'team', 'n');
const token = fc.option(fc.string({ maxLength: 12 }), { nil: null });

const entry: fc.Arbitrary<JournalEntry> = fc.oneof(
  fc.record({ op: fc.constantFrom('set' as const, 'pending' as const), name: resName, key: indexKey, id: fc.nat(99), token }).map(({ op, name, key, id, token }) => ({
    op,
    address: `${TYPE}.${name}`,
    ...(key !== undefined ? { index_key: key } : {}),
    instance: newInstance(TYPE, keyValues(`${name}-${id}`, id, token), id % 2 ? [`${TYPE}.ci`] : []),
  })),
  fc.record({ name: resName, key: indexKey }).map(({ name, key }) => ({ op: 'remove' as const, address: `${TYPE}.${name}`, ...(key !== undefined ? { index_key: key } : {}) })),
  fc.record({ name: fc.constantFrom('o1', 'o2', 'ci_token'), value: fc.jsonValue({ maxDepth: 2 }), sensitive: fc.boolean() }).map(
    ({ name, value, sensitive }) => ({ op: 'output' as const, name, value: value as never, sensitive }),
  ),
  fc.constantFrom('o1', 'ci_token').map((name) => ({ op: 'remove-output' as const, name })),
);

/** An independent model: a map from instance address to instance, and one of outputs. */
function model(state: State, entries: JournalEntry[]): { instances: Map<string, InstanceState>; outputs: Map<string, OutputState> } {
  const instances = new Map<string, InstanceState>();
  for (const r of state.resources) for (const i of r.instances) instances.set(formatAddress(r.type, r.name, i.index_key), i);
  const outputs = new Map(Object.entries(state.outputs));
  for (const e of entries) {
    if (e.op === 'output') outputs.set(e.name, { value: e.value, ...(e.sensitive ? { sensitive: true } : {}) });
    else if (e.op === 'remove-output') outputs.delete(e.name);
    else {
      const [type, name] = e.address.split('.') as [string, string];
      const address = formatAddress(type, name, e.index_key);
      if (e.op === 'remove') instances.delete(address);
      else {
        const { index_key: _k, ...rest } = e.instance;
        instances.set(address, { ...(e.index_key !== undefined ? { index_key: e.index_key } : {}), ...rest, ...(e.op === 'pending' ? { status: 'pending_create' as const } : {}) });
      }
    }
  }
  return { instances, outputs };
}

describe('foldJournal', () => {
  it('equals applying the entries one by one, and the independent model', () => {
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 40 }), (entries) => {
        const base = sampleState();
        const folded = foldJournal(base, entries);
        const stepwise = entries.reduce(applyEntry, base);
        assert.equal(canonicalJson(folded), canonicalJson(stepwise));
        assert.equal(contentOf(folded), contentOf(stepwise));
        const m = model(base, entries);
        assert.deepEqual(listAddresses(folded), listAddresses(stepwise));
        assert.deepEqual(new Set(listAddresses(folded)), new Set(m.instances.keys()));
        for (const [address, instance] of m.instances) assert.equal(canonicalJson(findInstance(folded, address)), canonicalJson(instance), address);
        assert.equal(canonicalJson(folded.outputs), canonicalJson(Object.fromEntries(m.outputs)));
        assert.equal(canonicalJson(base), canonicalJson(sampleState()), 'the input is untouched');
      }),
      { numRuns: 300 },
    );
  });

  it('equals what recovery reads back after a crash (appends sequential or in parallel)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(entry, { maxLength: 25 }), fc.boolean(), async (entries, parallel) => {
        const dir = tempDir();
        const b = new LocalBackend(join(dir, 'keyform.tfstate'), { key: TEST_KEY });
        const start = await b.write(sampleState());
        const journal = await b.openJournal(start);
        if (parallel) await Promise.all(entries.map((e) => journal.append(e)));
        else for (const e of entries) await journal.append(e);
        await journal.close();
        const { state, recovery } = await new LocalBackend(b.path, { key: TEST_KEY }).load();
        assert.equal(recovery?.steps, entries.length);
        assert.equal(contentOf(state!), contentOf(foldJournal(start, entries)));
      }),
      { numRuns: 40 },
    );
  });
});
