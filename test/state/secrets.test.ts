/** Secrets at rest: the kf1 ciphertext format, fresh IVs, tamper detection, and errors that never leak. */
import assert from 'node:assert/strict';
import { createDecipheriv } from 'node:crypto';
import { describe, it } from 'node:test';
import { hasCode } from '../../src/state/errors.js';
import { normaliseState } from '../../src/state/normalise.js';
import { CipherMemo, decryptValue, encryptValue, openState, sealState } from '../../src/state/secrets.js';
import { findInstance, newInstance, setInstance } from '../../src/state/instances.js';
import { keyValues, OTHER_KEY, sampleState, SECRET_MARKER, TEST_KEY, TYPE } from './fixtures.js';

describe('secrets at rest', () => {
  it('round-trips JSON values of every kind', () => {
    for (const v of ['tok', '', 0, 1.5, true, null, [1, 'a'], { a: { b: [null] } }]) {
      assert.deepEqual(decryptValue(encryptValue(v, TEST_KEY.key), TEST_KEY.key), v);
    }
  });

  it('is kf1: base64url(iv 12 | AES-256-GCM ciphertext | tag 16) with AAD keyform-state-v1', () => {
    const text = encryptValue('tok-123', TEST_KEY.key);
    assert.match(text, /^kf1:[A-Za-z0-9_-]+$/);
    const raw = Buffer.from(text.slice(4), 'base64url');
    assert.equal(raw.length, 12 + JSON.stringify('tok-123').length + 16);
    const d = createDecipheriv('aes-256-gcm', TEST_KEY.key, raw.subarray(0, 12));
    d.setAAD(Buffer.from('keyform-state-v1'));
    d.setAuthTag(raw.subarray(raw.length - 16));
    assert.equal(Buffer.concat([d.update(raw.subarray(12, raw.length - 16)), d.final()]).toString(), '"tok-123"');
  });

  it('uses a fresh IV for every value', () => {
    const a = encryptValue('same', TEST_KEY.key);
    const b = encryptValue('same', TEST_KEY.key);
    assert.notEqual(a, b);
    assert.notEqual(a.slice(4, 20), b.slice(4, 20));
  });

  it('refuses altered ciphertexts and other keys', () => {
    const text = encryptValue('tok', TEST_KEY.key);
    const raw = Buffer.from(text.slice(4), 'base64url');
    for (const i of [0, 12, raw.length - 1]) {
      const bent = Buffer.from(raw);
      bent[i]! ^= 1;
      assert.equal(decryptValue(`kf1:${bent.toString('base64url')}`, TEST_KEY.key), undefined, `byte ${i}`);
    }
    assert.equal(decryptValue(text, OTHER_KEY.key), undefined);
    assert.equal(decryptValue('kf1:AAAA', TEST_KEY.key), undefined);
    assert.equal(decryptValue('plain', TEST_KEY.key), undefined);
  });

  it('seals sensitive attributes and outputs only, and opens them back', () => {
    const state = normaliseState(sampleState());
    const file = sealState(state, TEST_KEY);
    assert.ok(!JSON.stringify(file).includes(SECRET_MARKER));
    assert.equal(file.keyform.key_id, TEST_KEY.id);
    assert.deepEqual(openState(file, TEST_KEY, 's'), state);
  });

  it('encrypts the attributes an instance lists in sensitive_attributes beyond the schema, and always opens such an instance', () => {
    let state = sampleState();
    const rules = [{ action: 'organization:project:read', effect: 'allow', resources: ['organization:acme:project:SECRET-vault'] }];
    state = setInstance(state, TYPE, 'vault', undefined, newInstance(TYPE, { ...keyValues('vault', 5, 'tok-vault-SECRET-0005'), rules }, [], {}, ['rules']));
    state = normaliseState(state);
    const vault = findInstance(state, `${TYPE}.vault`)!;
    assert.deepEqual(vault.sensitive_attributes, [[{ type: 'get_attr', value: 'rules' }], [{ type: 'get_attr', value: 'token' }]]);
    const file = sealState(state, TEST_KEY);
    assert.ok(!JSON.stringify(file).includes(SECRET_MARKER));
    const stored = file.resources.find((r) => r.name === 'vault')!.instances[0]!;
    assert.match(String(stored.attributes['rules']), /^kf1:/);
    // Opening nothing: the instances with only the schema's secrets stay sealed; vault is opened, its rules needed to plan.
    const memo = new CipherMemo();
    const opened = openState(file, TEST_KEY, 's', memo, () => false);
    assert.deepEqual(findInstance(opened, `${TYPE}.vault`)!.attributes, vault.attributes);
    assert.match(String(findInstance(opened, `${TYPE}.ci`)!.attributes['token']), /^kf1:/);
    // Written back as it was read.
    assert.deepEqual(sealState(opened, TEST_KEY, memo), file);
  });

  it('a wrong key is STATE_KEY_MISMATCH naming both key ids, never the key', () => {
    const file = sealState(normaliseState(sampleState()), TEST_KEY);
    assert.throws(() => openState(file, OTHER_KEY, 'keyform.tfstate'), (e: Error) => {
      assert.ok(hasCode(e, 'STATE_KEY_MISMATCH'));
      assert.ok(e.message.includes(TEST_KEY.id) && e.message.includes(OTHER_KEY.id));
      for (const k of [TEST_KEY, OTHER_KEY]) assert.ok(!e.message.includes(k.key.toString('base64')) && !e.message.includes(k.key.toString('hex')));
      return true;
    });
  });

  it('a damaged or plaintext secret is STATE_DECRYPT_FAILED naming the address and attribute', () => {
    const file = sealState(normaliseState(sampleState()), TEST_KEY);
    const ci = file.resources.find((r) => r.name === 'ci')!.instances[0]!;
    const token = String(ci.attributes['token']);
    ci.attributes['token'] = `${token.slice(0, -2)}${token.endsWith('AA') ? 'BB' : 'AA'}`;
    assert.throws(() => openState(file, TEST_KEY, 'keyform.tfstate'), (e: Error) => hasCode(e, 'STATE_DECRYPT_FAILED') && e.message.includes(`${TYPE}.ci.token`) && /altered/.test(e.message));
    ci.attributes['token'] = 'tok-plain-SECRET';
    assert.throws(() => openState(file, TEST_KEY, 'keyform.tfstate'), (e: Error) => hasCode(e, 'STATE_DECRYPT_FAILED') && !e.message.includes(SECRET_MARKER) && /not encrypted/.test(e.message));
    // A secret left unopened is not decrypted, but a plaintext one is refused all the same.
    assert.throws(() => openState(file, TEST_KEY, 'keyform.tfstate', new CipherMemo(), () => false), (e: Error) => hasCode(e, 'STATE_DECRYPT_FAILED') && !e.message.includes(SECRET_MARKER) && /not encrypted/.test(e.message));
    const file2 = sealState(normaliseState(sampleState()), TEST_KEY);
    file2.outputs['ci_token']!.value = 'kf1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
    assert.throws(() => openState(file2, TEST_KEY, 'keyform.tfstate'), (e: Error) => hasCode(e, 'STATE_DECRYPT_FAILED') && e.message.includes('output ci_token'));
  });

  it('keeps the ciphertext of an unchanged secret when a memo of the file is given', () => {
    const memo = new CipherMemo();
    const first = sealState(normaliseState(sampleState()), TEST_KEY);
    openState(first, TEST_KEY, 's', memo);
    const again = sealState(normaliseState(sampleState()), TEST_KEY, memo);
    assert.deepEqual(again, first);
  });
});
