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
import { deposedObjects, deposeInstance, findDeposed, findInstance, listAddresses, newInstance } from '../../src/state/instances.js';
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
  // Deposed objects: set aside, restored, removed (keys drawn from a small set so that they meet).
  fc.record({ op: fc.constantFrom('depose' as const, 'restore' as const, 'remove' as const), name: resName, key: indexKey, deposed: fc.constantFrom('0000000a', '0000000b') }).map(
    ({ op, name, key, deposed }) => ({ op, address: `${TYPE}.${name}`, ...(key !== undefined ? { index_key: key } : {}), deposed }),
  ),
  fc.record({ name: fc.constantFrom('o1', 'o2', 'ci_token'), value: fc.jsonValue({ maxDepth: 2 }), sensitive: fc.boolean() }).map(
    ({ name, value, sensitive }) => ({ op: 'output' as const, name, value: value as never, sensitive }),
  ),
  fc.constantFrom('o1', 'ci_token').map((name) => ({ op: 'remove-output' as const, name })),
);

/**
 * An independent model: a map from object (instance address, plus ` deposed KEY` for a deposed object) to object,
 * and one of outputs.
 */
function model(state: State, entries: JournalEntry[]): { instances: Map<string, InstanceState>; outputs: Map<string, OutputState> } {
  const instances = new Map<string, InstanceState>();
  const objectKey = (address: string, deposed?: string) => (deposed === undefined ? address : `${address} deposed ${deposed}`);
  for (const r of state.resources) for (const i of r.instances) instances.set(objectKey(formatAddress(r.type, r.name, i.index_key), i.deposed), i);
  const outputs = new Map(Object.entries(state.outputs));
  for (const e of entries) {
    if (e.op === 'output') outputs.set(e.name, { value: e.value, ...(e.sensitive ? { sensitive: true } : {}) });
    else if (e.op === 'remove-output') outputs.delete(e.name);
    else {
      const [type, name] = e.address.split('.') as [string, string];
      const address = formatAddress(type, name, e.index_key);
      if (e.op === 'remove') instances.delete(objectKey(address, e.deposed));
      else if (e.op === 'depose' || e.op === 'restore') {
        const [from, to] = e.op === 'depose' ? [objectKey(address), objectKey(address, e.deposed)] : [objectKey(address, e.deposed), objectKey(address)];
        const object = instances.get(from);
        if (object) {
          instances.delete(from);
          const { deposed: _d, ...rest } = object;
          instances.set(to, e.op === 'depose' ? { ...rest, deposed: e.deposed } : rest);
        }
      } else {
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
      fc.property(fc.array(entry, { maxLength: 40 }), fc.boolean(), (entries, withDeposed) => {
        // Half the runs start from a state that already holds a deposed object.
        const base = withDeposed ? deposeInstance(sampleState(), `${TYPE}.team`, 'a', '0000000a') : sampleState();
        const folded = foldJournal(base, entries);
        const stepwise = entries.reduce(applyEntry, base);
        assert.equal(canonicalJson(folded), canonicalJson(stepwise));
        assert.equal(contentOf(folded), contentOf(stepwise));
        const m = model(base, entries);
        assert.deepEqual(listAddresses(folded), listAddresses(stepwise));
        assert.deepEqual(new Set(listAddresses(folded)), new Set([...m.instances.keys()].filter((k) => !k.includes(' deposed '))));
        for (const [key, instance] of m.instances) {
          const [address, deposed] = key.split(' deposed ') as [string, string | undefined];
          const found = deposed === undefined ? findInstance(folded, address) : findDeposed(folded, address, undefined, deposed);
          assert.equal(canonicalJson(found), canonicalJson(instance), key);
        }
        assert.equal(deposedObjects(folded).length, [...m.instances.keys()].filter((k) => k.includes(' deposed ')).length);
        assert.equal(canonicalJson(folded.outputs), canonicalJson(Object.fromEntries(m.outputs)));
        assert.equal(canonicalJson(base), canonicalJson(withDeposed ? deposeInstance(sampleState(), `${TYPE}.team`, 'a', '0000000a') : sampleState()), 'the input is untouched');
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
