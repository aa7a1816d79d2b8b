/**
 * The journal's cost for 1,000 steps: bytes and fsyncs per step (linear in N, unlike rewriting the state per
 * step), sequential and with parallel appends (group commit), plus recovery and commit times. Prints a report.
 */
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { emptyState } from '../../src/state/empty-state.js';
import { listAddresses, newInstance } from '../../src/state/instances.js';
import type { JournalEntry } from '../../src/state/journal-entry.js';
import { LocalBackend } from '../../src/state/local-backend.js';
import { keyValues, TEST_KEY, tempDir, TYPE } from './fixtures.js';

const STEPS = 1000;
const step = (i: number): JournalEntry => ({
  op: 'set',
  address: `${TYPE}.k`,
  index_key: `key-${String(i).padStart(4, '0')}`,
  instance: newInstance(TYPE, keyValues(`key-${i}`, i, `tok-${i}-${'x'.repeat(40)}`)),
});

async function run(parallelism: number): Promise<{ bytes: number; syncs: number; writes: number; ms: number; recoverMs: number; commitMs: number; stateBytes: number }> {
  const dir = tempDir();
  const b = new LocalBackend(join(dir, 'keyform.tfstate'), { key: TEST_KEY });
  const journal = await b.openJournal(emptyState());
  const t0 = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: parallelism }, async () => {
      while (next < STEPS) await journal.append(step(next++));
    }),
  );
  const ms = performance.now() - t0;
  const stats = journal.stats;
  await journal.close();
  // Recovery of all 1,000 steps by a fresh process-like backend…
  const r0 = performance.now();
  const { state, recovery } = await new LocalBackend(b.path, { key: TEST_KEY }).load();
  const recoverMs = performance.now() - r0;
  assert.equal(recovery?.steps, STEPS);
  assert.equal(listAddresses(state!).length, STEPS);
  // …and, separately, the commit path of a normal apply.
  const dir2 = tempDir();
  const b2 = new LocalBackend(join(dir2, 'keyform.tfstate'), { key: TEST_KEY });
  const j2 = await b2.openJournal(emptyState());
  for (let i = 0; i < STEPS; i++) void j2.append(step(i));
  const c0 = performance.now();
  await b2.commit(j2.state);
  const commitMs = performance.now() - c0;
  return { bytes: stats.bytes, syncs: stats.syncs, writes: stats.writes, ms, recoverMs, commitMs, stateBytes: statSync(b.path).size };
}

describe('journal cost', () => {
  it(`records ${STEPS} steps in O(N) bytes, one fsync per step or fewer`, async () => {
    const seq = await run(1);
    const par = await run(16);
    const perStep = (n: number): string => (n / STEPS).toFixed(2);
    const report = [
      `journal cost for ${STEPS} steps (one ${TYPE} each):`,
      `  sequential:  ${seq.bytes} bytes (${perStep(seq.bytes)}/step), ${seq.syncs} fsyncs (${perStep(seq.syncs)}/step), ${seq.ms.toFixed(0)} ms`,
      `  16 parallel: ${par.bytes} bytes (${perStep(par.bytes)}/step), ${par.syncs} fsyncs (${perStep(par.syncs)}/step) in ${par.writes} writes, ${par.ms.toFixed(0)} ms`,
      `  recovery of ${STEPS} steps: ${seq.recoverMs.toFixed(0)} ms; commit after ${STEPS} steps: ${seq.commitMs.toFixed(0)} ms; final state ${seq.stateBytes} bytes`,
      `  (rewriting the state after each step instead would write ~${Math.round((seq.stateBytes * (STEPS + 1)) / 2 / 1e6)} MB)`,
    ];
    process.stdout.write(`${report.join('\n')}\n`);
    // Linear: each step costs about one line, whatever came before.
    const line = seq.bytes / STEPS;
    assert.ok(line < 1000, `a step costs ${line} bytes`);
    assert.equal(seq.syncs, STEPS + 1, 'the header, then one fdatasync per sequential step');
    assert.ok(par.syncs < seq.syncs / 2, `parallel appends share fsyncs (${par.syncs})`);
    assert.equal(par.bytes, seq.bytes, 'batching changes the number of writes, not the bytes');
  });
});
