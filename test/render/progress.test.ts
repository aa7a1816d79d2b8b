/** Apply progress on a terminal (live line, throttled) and in logs (Terraform lines, or deciles for big applies). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createProgress, type Scheduler } from '../../src/render/progress.js';

function harness(total: number, isTTY: boolean, color = false) {
  const chunks: string[] = [];
  let t = 0;
  const timers: { fn: () => void; ms: number; cleared: boolean }[] = [];
  const scheduler: Scheduler = {
    set(fn, ms) {
      const timer = { fn, ms, cleared: false };
      timers.push(timer);
      return timer;
    },
    clear(h) {
      (h as { cleared: boolean }).cleared = true;
    },
  };
  const progress = createProgress({ total, stream: { write: (s: string) => chunks.push(s), columns: 120 }, color, isTTY, now: () => t, scheduler });
  return {
    progress,
    chunks,
    text: () => chunks.join(''),
    advance: (ms: number) => {
      t += ms;
    },
    /** Fires the pending timers that are due (one at a time, as a real event loop would). */
    fire: () => {
      for (const timer of timers.splice(0)) if (!timer.cleared) timer.fn();
    },
  };
}

const A = 'cycloid_organization_api_key.a';

describe('progress without a terminal', () => {
  it('prints Terraform\'s lines for a small apply', () => {
    const h = harness(2, false);
    h.progress.start(A, 'create');
    h.progress.retry(A, { attempt: 2, reason: '429 Too Many Requests', delayMs: 1000 });
    h.progress.done(A, 'create', true, 230, { idValue: 'a' });
    h.progress.start(`${A}2`, 'delete');
    h.progress.done(`${A}2`, 'delete', false, 1200, { error: '500 Internal Server Error' });
    h.progress.finish();
    assert.equal(h.text(), [
      `${A}: Creating...`,
      `${A}: Retrying (attempt 2, 429 Too Many Requests, in 1.0s)...`,
      `${A}: Creation complete after 0.2s [canonical=a]`,
      `${A}2: Destroying...`,
      `${A}2: Destruction errored after 1.2s: 500 Internal Server Error`,
      '',
    ].join('\n'));
  });

  it('prints only failures and a line every 10% for a big apply', () => {
    const h = harness(100, false);
    for (let i = 0; i < 100; i++) {
      h.progress.start(`k.${i}`, 'create');
      h.advance(10);
      h.progress.done(`k.${i}`, 'create', i !== 42, 10, { error: 'boom', idValue: `k${i}` });
    }
    h.progress.finish();
    const lines = h.text().trimEnd().split('\n');
    assert.equal(lines.length, 11);
    assert.equal(lines[0], 'Applying: 10/100 done · 0 in flight · 0 retries · 0 failed · 0.1 s');
    assert.ok(lines.includes('k.42: Creation errored after 0.0s: boom'));
    assert.equal(lines.at(-1), 'Applied: 100/100 done · 0 in flight · 0 retries · 1 failed · 1.0 s');
    assert.ok(!h.text().includes('\r'));
  });

  it('colours only when asked', () => {
    const h = harness(1, false, true);
    h.progress.start(A, 'create');
    assert.equal(h.text(), `\x1b[1m${A}\x1b[0m: Creating...\n`);
  });
});

describe('progress on a terminal', () => {
  it('redraws one status line at most ten times a second, and prints failures above it', () => {
    const h = harness(50, true, true);
    h.progress.start('k.1', 'create');
    assert.equal(h.text(), '\r\x1b[2KApplying: 0/50 done · 1 in flight · 0 retries · 0 failed · 0.0 s');
    const before = h.chunks.length;
    h.advance(30);
    h.progress.start('k.2', 'create');
    h.progress.retry('k.1', { attempt: 2 });
    assert.equal(h.chunks.length, before, 'no redraw within 100 ms');
    h.advance(70);
    h.fire();
    assert.equal(h.chunks.at(-1), '\r\x1b[2KApplying: 0/50 done · 2 in flight · 1 retry · 0 failed · 0.1 s');
    h.advance(100);
    h.progress.done('k.2', 'create', false, 170, { error: 'boom' });
    assert.equal(h.chunks.at(-2), '\r\x1b[2Kk.2: \x1b[31mCreation errored after 0.2s\x1b[0m: boom\n'.replace('k.2', '\x1b[1mk.2\x1b[0m'));
    assert.equal(h.chunks.at(-1), '\r\x1b[2KApplying: 1/50 done · 1 in flight · 1 retry · 1 failed · 0.2 s');
    h.progress.finish();
    assert.equal(h.chunks.at(-1), '\r\x1b[2KApplied: 1/50 done · 1 in flight · 1 retry · 1 failed · 0.2 s\n');
  });

  it('prints replacements as permanent lines, ticks the clock, and uses no escape code without colour', () => {
    const h = harness(50, true, false);
    h.progress.start('k.1', 'delete-then-create');
    h.advance(400);
    h.progress.done('k.1', 'delete-then-create', true, 400, { idValue: 'k1' });
    h.advance(1000);
    h.fire(); // the once-a-second tick
    h.progress.finish();
    const text = h.text();
    assert.ok(!text.includes('\x1b'));
    assert.ok(text.includes('k.1: Replacement complete after 0.4s [canonical=k1]\n'));
    assert.ok(text.includes('Applying: 1/50 done · 0 in flight · 0 retries · 0 failed · 1.4 s'));
    assert.ok(text.endsWith('Applied: 1/50 done · 0 in flight · 0 retries · 0 failed · 1.4 s\n'));
    // Without escape codes the old line is overwritten with spaces.
    assert.match(text, /\r {60,}\r/);
  });

  it('cuts the status line to the terminal width', () => {
    const chunks: string[] = [];
    const p = createProgress({ total: 1000, stream: { write: (s: string) => chunks.push(s), columns: 30 }, color: false, isTTY: true, now: () => 0, scheduler: { set: () => 0, clear: () => undefined } });
    p.start('x', 'create');
    assert.equal(chunks.at(-1), '\rApplying: 0/1000 done · 1 in ');
  });
});
