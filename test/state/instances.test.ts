/** Reading and editing instances: pure edits, listing order, and `state mv`. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hasCode } from '../../src/state/errors.js';
import { findInstance, listAddresses, newInstance, removeInstance, setInstance } from '../../src/state/instances.js';
import { moveInstance } from '../../src/state/move-instance.js';
import { emptyState } from '../../src/state/empty-state.js';
import { keyValues, sampleState, TYPE } from './fixtures.js';

describe('state instances', () => {
  it('lists addresses sorted by type, name and index key', () => {
    assert.deepEqual(listAddresses(sampleState()), [`${TYPE}.ci`, `${TYPE}.imported`, `${TYPE}.team["a"]`, `${TYPE}.team["b"]`]);
  });

  it('finds an instance by full address or by address plus index key', () => {
    const s = sampleState();
    assert.equal(findInstance(s, `${TYPE}.team["a"]`)?.attributes['canonical'], 'team-a');
    assert.equal(findInstance(s, `${TYPE}.team`, 'b')?.attributes['canonical'], 'team-b');
    assert.equal(findInstance(s, `${TYPE}.team`), undefined);
    assert.equal(findInstance(s, `${TYPE}.nope`), undefined);
  });

  it('edits without touching the input state', () => {
    const s = sampleState();
    const before = JSON.stringify(s);
    const t = setInstance(s, TYPE, 'ci', undefined, newInstance(TYPE, keyValues('ci', 9, 'other')));
    const u = removeInstance(t, `${TYPE}.team["a"]`);
    assert.equal(JSON.stringify(s), before);
    assert.equal(findInstance(t, `${TYPE}.ci`)?.attributes['id'], 9);
    assert.deepEqual(listAddresses(u), [`${TYPE}.ci`, `${TYPE}.imported`, `${TYPE}.team["b"]`]);
  });

  it('drops a resource with its last instance, and ignores removing what is absent', () => {
    const s = removeInstance(sampleState(), `${TYPE}.imported`);
    assert.equal(s.resources.some((r) => r.name === 'imported'), false);
    assert.equal(removeInstance(s, `${TYPE}.imported`), s);
  });

  it('sets the index key from the argument, not from the instance', () => {
    const s = setInstance(emptyState(), TYPE, 'k', 3, { ...newInstance(TYPE, keyValues('k', 1, null)), index_key: 'stale' });
    assert.equal(s.resources[0]!.instances[0]!.index_key, 3);
  });

  describe('moveInstance', () => {
    it('renames a single-instance resource', () => {
      const s = moveInstance(sampleState(), `${TYPE}.ci`, `${TYPE}.deploy`);
      assert.equal(findInstance(s, `${TYPE}.deploy`)?.attributes['canonical'], 'ci');
      assert.equal(findInstance(s, `${TYPE}.ci`), undefined);
    });

    it('renames a whole keyed resource', () => {
      const s = moveInstance(sampleState(), `${TYPE}.team`, `${TYPE}.squad`);
      assert.deepEqual(listAddresses(s).filter((a) => a.includes('squad')), [`${TYPE}.squad["a"]`, `${TYPE}.squad["b"]`]);
    });

    it('moves one keyed instance to a new key or out of its resource', () => {
      const s = moveInstance(sampleState(), `${TYPE}.team["a"]`, `${TYPE}.team["c"]`);
      assert.deepEqual(listAddresses(s).filter((a) => a.includes('team')), [`${TYPE}.team["b"]`, `${TYPE}.team["c"]`]);
      const t = moveInstance(sampleState(), `${TYPE}.team["a"]`, `${TYPE}.alone`);
      assert.equal(findInstance(t, `${TYPE}.alone`)?.attributes['canonical'], 'team-a');
      assert.equal(findInstance(t, `${TYPE}.alone`)?.index_key, undefined);
    });

    it('refuses a missing source, an existing target, another type, and mixed keys', () => {
      const s = sampleState();
      assert.throws(() => moveInstance(s, `${TYPE}.nope`, `${TYPE}.x`), (e) => hasCode(e, 'STATE_ADDRESS_NOT_FOUND'));
      assert.throws(() => moveInstance(s, `${TYPE}.team["z"]`, `${TYPE}.x`), (e) => hasCode(e, 'STATE_ADDRESS_NOT_FOUND'));
      assert.throws(() => moveInstance(s, `${TYPE}.ci`, `${TYPE}.imported`), (e) => hasCode(e, 'STATE_ADDRESS_EXISTS'));
      assert.throws(() => moveInstance(s, `${TYPE}.team["a"]`, `${TYPE}.team["b"]`), (e) => hasCode(e, 'STATE_ADDRESS_EXISTS'));
      assert.throws(() => moveInstance(s, `${TYPE}.team`, `${TYPE}.ci`), (e) => hasCode(e, 'STATE_ADDRESS_EXISTS'));
      assert.throws(() => moveInstance(s, `${TYPE}.ci`, `other_type.ci`), (e) => hasCode(e, 'STATE_MOVE_TYPE_MISMATCH'));
      assert.throws(() => moveInstance(s, `${TYPE}.ci`, `${TYPE}.team[0]`), (e) => hasCode(e, 'STATE_ADDRESS_EXISTS'));
      assert.throws(() => moveInstance(s, `${TYPE}.ci`, `${TYPE}.team`), (e) => hasCode(e, 'STATE_ADDRESS_EXISTS'));
    });
  });
});
