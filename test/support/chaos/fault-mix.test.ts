/** The chaos fault mix, decided by the emulator's own injector: each fault at its target rate, seeded. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FaultInjector } from '../../../src/emulator/faults.js';
import { FAULT_TARGETS, LATENCY_MS, faultCounts, faultMix } from './fault-mix.js';
import { drawTriggers } from './crash-run.js';

describe('chaos: the fault mix', () => {
  it('fires 503, 429, committed-then-dropped and reset at their target rates, with latency on every request', () => {
    const injector = new FaultInjector(faultMix(), 5);
    const n = 100_000;
    const latencies: number[] = [];
    let retryAfters = 0;
    const paths = ['/organizations/acme/api_keys', '/organizations/acme/api_keys/k-1', '/organizations/acme/policies'];
    for (let i = 0; i < n; i++) {
      const d = injector.decide(['GET', 'POST', 'DELETE'][i % 3]!, paths[i % 3]!);
      latencies.push(d.latencyMs);
      if (d.action === 'status' && d.retryAfter === 1) retryAfters++;
    }
    const counts = faultCounts(injector.stats());
    assert.equal(counts['requests'], n);
    assert.equal(counts['latency'], n, 'every request is delayed by a draw from the range');
    for (const t of FAULT_TARGETS) {
      const rate = counts[t.name]! / n;
      assert.ok(Math.abs(rate - t.rate) < t.rate * 0.1, `${t.name}: ${rate} vs target ${t.rate}`);
    }
    assert.equal(retryAfters, counts['503']! + counts['429']!, 'Retry-After: 1 on every 429 and 503');
    assert.equal(Math.min(...latencies), LATENCY_MS.min);
    assert.equal(Math.max(...latencies), LATENCY_MS.max);
  });

  it('never touches the emulator\'s control endpoints', () => {
    const injector = new FaultInjector(faultMix(), 5);
    for (let i = 0; i < 1000; i++) assert.equal(injector.decide('GET', '/_emulator/faults').action, 'none');
    assert.equal(faultCounts(injector.stats())['latency'], 0);
  });

  it('draws the same crash points from the same seed, within the apply', () => {
    const a = drawTriggers(7, 20, 200);
    assert.deepEqual(drawTriggers(7, 20, 200), a);
    assert.notDeepEqual(drawTriggers(8, 20, 200), a);
    assert.ok(a.some((t) => t.after === 'calls') && a.some((t) => t.after === 'ms'));
    for (const t of a) assert.ok(t.after === 'calls' ? t.n >= 1 && t.n <= 203 : t.n >= 250, JSON.stringify(t));
  });
});
