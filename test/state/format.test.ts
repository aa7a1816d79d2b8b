/**
 * The state file format: a golden file, stable serialisation, and every way a file can be bad, each with its
 * stable code — without ever quoting the file's text.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { hasCode } from '../../src/state/errors.js';
import { encodeStateChunks, encodeStateFile, parseStateText } from '../../src/state/format.js';
import { normaliseState } from '../../src/state/normalise.js';
import { CipherMemo, openState, sealResource, sealSkeleton, sealState } from '../../src/state/secrets.js';
import { emptyState } from '../../src/state/empty-state.js';
import { deposeInstance, newInstance, setInstance } from '../../src/state/instances.js';
import { canonicalJson, contentOf } from '../../src/state/serialise.js';
import { keyValues, sampleState, SECRET_MARKER, TEST_KEY, TYPE } from './fixtures.js';

const GOLDEN = fileURLToPath(new URL('../../../test/state/golden/small.tfstate', import.meta.url));
const normaliseCiphertexts = (text: string): string => text.replace(/"kf1:[A-Za-z0-9_-]+"/g, '"kf1:<ciphertext>"');
const fileText = (): string => encodeStateFile(sealState(normaliseState({ ...sampleState(), serial: 1 }), TEST_KEY));

describe('state file format', () => {
  it('matches the golden file (ciphertexts normalised), and the golden file reads back to the sample state', () => {
    if (process.env['UPDATE_GOLDEN'] === '1') writeFileSync(GOLDEN, fileText());
    const golden = readFileSync(GOLDEN, 'utf8');
    assert.equal(normaliseCiphertexts(fileText()), normaliseCiphertexts(golden));
    const read = openState(parseStateText(golden, 'small.tfstate'), TEST_KEY, 'small.tfstate');
    assert.equal(contentOf(read), contentOf(sampleState()));
    assert.equal(read.serial, 1);
    assert.ok(!golden.includes(SECRET_MARKER), 'no plaintext secret in the file');
  });

  it('serialises the same state the same way whatever the order it was built in', () => {
    const s = sampleState();
    const shuffled = { ...s, resources: [...s.resources].reverse().map((r) => ({ ...r, instances: [...r.instances].reverse() })) };
    const text = (x: typeof s): string => normaliseCiphertexts(encodeStateFile(sealState(normaliseState(x), TEST_KEY)));
    assert.equal(text(shuffled), text(s));
    assert.match(text(s), /^\{\n {2}"version": 4,\n {2}"terraform_version": "keyform 0\.1\.0",\n {2}"serial": 0,/);
    assert.ok(text(s).endsWith('}\n'));
  });

  it('writes the same bytes in pieces (one resource at a time) as whole, and refuses an invalid resource the same', () => {
    const states = [
      normaliseState({ ...sampleState(), serial: 3 }),
      normaliseState(deposeInstance(sampleState(), `${TYPE}.team`, 'a', '0a1b2c3d')),
      normaliseState({ ...sampleState(), outputs: {} }),
      normaliseState(emptyState()),
      normaliseState({ ...emptyState(), outputs: { o: { value: 'x' } } }),
    ];
    for (const state of states) {
      const memo = new CipherMemo();
      const whole = encodeStateFile(sealState(state, TEST_KEY, memo));
      const pieces = [...encodeStateChunks(sealSkeleton(state, TEST_KEY, memo), state.resources.map((r) => sealResource(r, TEST_KEY, memo)))];
      assert.equal(pieces.join(''), whole);
    }
    const bad = normaliseState(sampleState());
    const broken = { ...bad, resources: bad.resources.map((r, i) => (i === 0 ? { ...r, instances: r.instances.map((x) => ({ ...x, schema_version: -1 })) } : r)) };
    const chunks = encodeStateChunks(sealSkeleton(broken, TEST_KEY), broken.resources.map((r) => sealResource(r, TEST_KEY)));
    assert.throws(() => [...chunks], (e: Error) => hasCode(e, 'STATE_INVALID') && /schema_version/.test(e.message));
    assert.throws(() => encodeStateFile(sealState(broken, TEST_KEY)), (e: Error) => hasCode(e, 'STATE_INVALID') && /schema_version/.test(e.message));
  });

  it('writes the same bytes in pieces as whole for a state of many resources (several pieces of resources)', () => {
    let s = sampleState();
    for (let i = 0; i < 600; i++) s = setInstance(s, TYPE, `k${String(i).padStart(4, '0')}`, i % 3 === 0 ? `x${i}` : undefined, newInstance(TYPE, keyValues(`k${i}`, i + 10, i % 2 ? `tok-${i}` : null)));
    const state = normaliseState(s);
    const memo = new CipherMemo();
    const whole = encodeStateFile(sealState(state, TEST_KEY, memo));
    const pieces = [...encodeStateChunks(sealSkeleton(state, TEST_KEY, memo), state.resources.map((r) => sealResource(r, TEST_KEY, memo)))];
    assert.ok(pieces.length > 3, `the resources come in several pieces (${pieces.length})`);
    assert.equal(pieces.join(''), whole);
    assert.equal(contentOf(openState(parseStateText(pieces.join(''), 'many.tfstate'), TEST_KEY, 'many.tfstate')), contentOf(state));
  });

  it('sorts keys at every level, keeping every key (`__proto__` included) and values already in order as they are', () => {
    const value = JSON.parse('{"z":{"b":1,"a":[{"d":1,"c":2}]},"__proto__":{"y":1,"x":2},"a":[1,{"__proto__":3,"b":null}]}') as Record<string, unknown>;
    assert.equal(canonicalJson(value), '{"__proto__":{"x":2,"y":1},"a":[1,{"__proto__":3,"b":null}],"z":{"a":[{"c":2,"d":1}],"b":1}}');
    assert.equal(canonicalJson({ a: { b: [1, { c: 1, d: 2 }] } }), '{"a":{"b":[1,{"c":1,"d":2}]}}');
    // In a state file: an output's value and an instance's attributes.
    const state = normaliseState({ ...sampleState(), outputs: { m: { value: value as never } } });
    const read = openState(parseStateText(encodeStateFile(sealState(state, TEST_KEY)), 'm.tfstate'), TEST_KEY, 'm.tfstate');
    assert.equal(canonicalJson(read.outputs['m']!.value), canonicalJson(value));
    assert.ok(Object.hasOwn(read.outputs['m']!.value as object, '__proto__'));
  });

  it('lists the schema-sensitive attribute and keeps null tokens null', () => {
    const file = sealState(normaliseState(sampleState()), TEST_KEY);
    const imported = file.resources.find((r) => r.name === 'imported')!.instances[0]!;
    assert.deepEqual(imported.sensitive_attributes, [[{ type: 'get_attr', value: 'token' }]]);
    assert.equal(imported.attributes['token'], null);
    assert.match(String(file.resources.find((r) => r.name === 'ci')!.instances[0]!.attributes['token']), /^kf1:/);
    assert.match(String(file.outputs['ci_token']!.value), /^kf1:/);
    assert.equal(file.outputs['ci_id']!.value, 1);
    assert.equal(file.outputs['ci_id']!.type, 'number');
  });

  describe('bad files', () => {
    const good = fileText();
    const code = (text: string): string => {
      try {
        parseStateText(text, 'keyform.tfstate');
      } catch (err) {
        assert.ok(!String((err as Error).message).includes('kf1:'), 'the message never quotes the file');
        return (err as { code: string }).code;
      }
      return 'OK';
    };

    it('truncated at any point is STATE_TRUNCATED', () => {
      for (const n of [0, 1, 10, Math.floor(good.length / 2), good.length - 3]) assert.equal(code(good.slice(0, n)), 'STATE_TRUNCATED', `cut at ${n}`);
      assert.equal(code('   \n'), 'STATE_TRUNCATED');
    });

    it('not JSON is STATE_NOT_JSON with line and column, without quoting the text', () => {
      const bad = good.replace('"serial": 1,', '"serial": 1 oops "tok-SECRET",');
      assert.throws(() => parseStateText(bad, 'keyform.tfstate'), (e: Error) => {
        assert.ok(hasCode(e, 'STATE_NOT_JSON'));
        assert.match(e.message, /keyform\.tfstate is not valid JSON: syntax error at line 4, column 15/);
        assert.ok(!e.message.includes(SECRET_MARKER) && !e.message.includes('oops'));
        return true;
      });
      assert.equal(code('{"version": 4} trailing'), 'STATE_NOT_JSON');
    });

    it('a future version is STATE_FUTURE_VERSION; older or missing versions are STATE_UNSUPPORTED_VERSION', () => {
      assert.throws(() => parseStateText(good.replace('"version": 4', '"version": 5'), 's'), (e: Error) => hasCode(e, 'STATE_FUTURE_VERSION') && /newer keyform/.test(e.message));
      assert.equal(code(good.replace('"version": 4', '"version": 3')), 'STATE_UNSUPPORTED_VERSION');
      assert.equal(code(good.replace('"version": 4,', '')), 'STATE_UNSUPPORTED_VERSION');
      assert.equal(code('[1, 2]'), 'STATE_UNSUPPORTED_VERSION');
      assert.equal(code('"text"'), 'STATE_UNSUPPORTED_VERSION');
    });

    it('schema problems are STATE_INVALID, listed by path', () => {
      const doc = JSON.parse(good);
      doc.serial = -1;
      delete doc.lineage;
      doc.resources[0].instances[0].status = 'deposed';
      doc.outputs.ci_token.value = 'plaintext-SECRET';
      assert.throws(() => parseStateText(JSON.stringify(doc), 'keyform.tfstate'), (e: Error) => {
        assert.ok(hasCode(e, 'STATE_INVALID'));
        for (const path of ['serial', 'lineage', 'resources[0].instances[0].status', 'outputs.ci_token.value']) assert.ok(e.message.includes(`${path}:`), `${path} in ${e.message}`);
        assert.ok(!e.message.includes(SECRET_MARKER));
        return true;
      });
      const missingKey = JSON.parse(good);
      delete missingKey.keyform;
      assert.equal(code(JSON.stringify(missingKey)), 'STATE_INVALID');
    });

    it('the same address twice is STATE_INVALID', () => {
      const doc = JSON.parse(good);
      doc.resources.push(doc.resources[0]);
      assert.throws(() => parseStateText(JSON.stringify(doc), 's'), (e: Error) => hasCode(e, 'STATE_INVALID') && e.message.includes(`${TYPE}.ci appears twice`));
    });
  });
});
