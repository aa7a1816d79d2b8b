/** Locating JSON syntax errors without quoting the text: valid JSON has none; a cut-off text fails at its end. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { jsonErrorPosition } from '../../src/state/json-position.js';

describe('jsonErrorPosition', () => {
  it('finds nothing wrong in valid JSON, and agrees with JSON.parse', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.boolean(), (v, pretty) => {
        const text = JSON.stringify(v, null, pretty ? 2 : undefined);
        assert.equal(jsonErrorPosition(text), undefined);
      }),
    );
  });

  it('reports every proper prefix of a structured value as ending too early', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), fc.nat(), (v, cut) => {
        const text = JSON.stringify(v, null, 2);
        const prefix = text.slice(0, cut % text.length);
        assert.equal(jsonErrorPosition(prefix)?.atEnd, true, prefix);
      }),
    );
  });

  it('gives the line and column of the first bad character', () => {
    const table: Array<[string, number, number]> = [
      ['{\n  "a": x\n}', 2, 8],
      ['[1,]', 1, 4],
      ['{"a":1}}', 1, 8],
      ['{"a":"\u0001"}', 1, 7],
      ['{"a":01}', 1, 7],
      ['{"a":"\\q"}', 1, 8],
    ];
    for (const [text, line, column] of table) {
      const at = jsonErrorPosition(text);
      assert.deepEqual([at?.line, at?.column, at?.atEnd], [line, column, false], text);
      assert.throws(() => JSON.parse(text));
    }
  });
});
