/** parseJson: positions of keys and values, and syntax errors that say line:column and what was expected. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parseJson, type JsonNode } from '../../src/config/json-ast.js';

/** The plain value of a node (the last of duplicate keys wins, like JSON.parse). */
function plain(n: JsonNode): unknown {
  if (n.kind === 'array') return n.items.map(plain);
  if (n.kind === 'object') {
    const out: Record<string, unknown> = {};
    for (const e of n.entries) Object.defineProperty(out, e.key, { value: plain(e.value), enumerable: true, writable: true, configurable: true });
    return out;
  }
  return n.value;
}

describe('parseJson', () => {
  it('gives every key and value its line and column', () => {
    const parsed = parseJson('{\n  "a": [1,\n    {"b": true}],\n  "c": null\n}');
    assert.ok('node' in parsed && parsed.node.kind === 'object');
    const [a, c] = parsed.node.entries;
    assert.deepEqual(a?.at, { line: 2, column: 3 });
    assert.ok(a?.value.kind === 'array');
    assert.deepEqual([a.value.line, a.value.column], [2, 8]);
    const obj = a.value.items[1]!;
    assert.deepEqual([obj.line, obj.column], [3, 5]);
    assert.deepEqual(c?.at, { line: 4, column: 3 });
  });

  it('keeps duplicate keys for the caller to judge', () => {
    const parsed = parseJson('{"a": 1, "a": 2}');
    assert.ok('node' in parsed && parsed.node.kind === 'object');
    assert.deepEqual(parsed.node.entries.map((e) => e.key), ['a', 'a']);
  });

  it('accepts a byte-order mark and decodes escapes', () => {
    const parsed = parseJson('\ufeff{"s": "a\\n\\u00e9\\"\\/"}');
    assert.ok('node' in parsed);
    assert.deepEqual(plain(parsed.node), { s: 'a\né"/' });
  });

  const errors: Array<[string, number, number, RegExp]> = [
    ['{"a": 1 "b": 2}', 1, 9, /expected "," or "}" after an object member, found '"'/],
    ['{\n  "a": 1,\n}', 3, 1, /expected a property name in double quotes, found "}"/],
    ['[1, 2', 1, 6, /expected "," or "]" after an array element, found the end of the file/],
    ['{"a": tru}', 1, 7, /expected a value/],
    ['{"a": "x\ny"}', 1, 9, /control characters must be escaped/],
    ['{"a": "\\x"}', 1, 9, /a valid escape .*found "x"/],
    ['{"a": 01}', 1, 8, /expected "," or "}"/],
    ['{} {}', 1, 4, /expected the end of the document/],
    ['', 1, 1, /expected a value .*found the end of the file/],
    ['{a: 1}', 1, 2, /a property name in double quotes or "}"/],
  ];
  for (const [text, line, column, message] of errors) {
    it(`rejects ${JSON.stringify(text)} at ${line}:${column}`, () => {
      const parsed = parseJson(text);
      assert.ok('error' in parsed, 'expected an error');
      assert.deepEqual([parsed.error.line, parsed.error.column], [line, column]);
      assert.match(parsed.error.message, message);
    });
  }

  it('reads a minified (one-line) document in linear time, positions exact', () => {
    // 20,000 resources on one line: ~6 MB. Counting newlines to the end of the text at every blank made this quadratic.
    const keys: Record<string, unknown> = {};
    for (let i = 0; i < 20_000; i++) keys[`k${i}`] = { canonical: `key-${i}`, name: `Key ${i}`, rules: [{ action: 'organization:project:read', effect: 'allow' }] };
    const text = JSON.stringify({ resource: { cycloid_organization_api_key: keys } });
    const started = performance.now();
    const parsed = parseJson(`\n ${text}`);
    const ms = performance.now() - started;
    assert.ok('node' in parsed);
    const last = (parsed.node as Extract<JsonNode, { kind: 'object' }>).entries[0]!.value;
    assert.equal(last.line, 2);
    assert.equal(last.column, 2 + text.indexOf('{', 1));
    assert.ok(ms < 5000, `took ${ms.toFixed(0)} ms`);
  });

  it('refuses nesting deeper than 500 levels without overflowing', () => {
    const parsed = parseJson('['.repeat(10_000));
    assert.ok('error' in parsed);
    assert.match(parsed.error.message, /500 levels/);
  });

  it('agrees with JSON.parse on every JSON text', () => {
    fc.assert(
      fc.property(fc.json(), (text) => {
        const parsed = parseJson(text);
        assert.ok('node' in parsed, `failed on ${text}`);
        assert.deepEqual(plain(parsed.node), JSON.parse(text));
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on arbitrary text', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (text) => {
      const parsed = parseJson(text);
      let native = true;
      try {
        JSON.parse(text);
      } catch {
        native = false;
      }
      assert.equal('node' in parsed, native, `disagrees with JSON.parse on ${JSON.stringify(text)}`);
    }), { numRuns: 500 });
  });
});
