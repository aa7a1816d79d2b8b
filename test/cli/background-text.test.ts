import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { writeInBackground } from '../../src/cli/background-text.js';

function* numbered(n: number, piece = (i: number) => `line ${i}\n`): Generator<string> {
  for (let i = 0; i < n; i++) yield piece(i);
}

describe('writeInBackground', () => {
  it('writes the whole text, and what is written meanwhile only after it, in order', async () => {
    const writes: string[] = [];
    const text = writeInBackground({ write: (s: string) => writes.push(s) }, numbered(20_000));
    text.write('first after\n');
    await new Promise((r) => setImmediate(r));
    text.write('second after\n');
    await text.done;
    text.write('third after\n');
    const out = writes.join('');
    const expected = `${[...numbered(20_000)].join('')}first after\nsecond after\nthird after\n`;
    assert.equal(out, expected);
  });

  it('lets the event loop run while a long text is written', async () => {
    const writes: string[] = [];
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    const slow = (i: number) => {
      const until = performance.now() + 0.05;
      while (performance.now() < until);
      return `${i}\n`;
    };
    const text = writeInBackground({ write: (s: string) => writes.push(s) }, numbered(2_000, slow));
    await text.done;
    clearInterval(timer);
    assert.ok(ticks > 5, `timers ran ${ticks} times while about 100 ms of text was rendered`);
    assert.equal(writes.join(''), [...numbered(2_000, (i) => `${i}\n`)].join(''));
  });

  it('rejects when the text cannot be made, and still writes what was held', async () => {
    const writes: string[] = [];
    function* broken(): Generator<string> {
      yield 'start\n';
      throw new Error('render failed');
    }
    const text = writeInBackground({ write: (s: string) => writes.push(s) }, broken());
    text.write('summary\n');
    await assert.rejects(text.done, /render failed/);
    assert.equal(writes.join(''), 'summary\n');
  });
});
