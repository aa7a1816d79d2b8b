/**
 * npm run chaos — issue 5's reliability run, seeded and bounded in time:
 *  1. apply of 300 keys while the emulator injects 10% 503, 5% 429 (Retry-After), 2% committed-then-dropped,
 *     2% connection resets and 0–50 ms latency; then destroy under the same faults;
 *  2. kill -9 of keyform at 20 seeded points of a 200-key apply, each followed by a recovering apply;
 * with every output and file keyform wrote scanned for every token the emulator issued. Prints the table and
 * writes the figures to bench/results/chaos-<seed>-<time>.json. Exit 1 when a count that must be zero is not;
 * exit 2 when the deadline cut the run short (and everything it did held).
 *
 * Options: --seed N (default 20261127), --max-seconds S (default 600), --fault-keys N (300), --crash-keys N (200),
 * --points N (20), --keep (keep the working directories).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runChaos } from '../test/support/chaos/harness.js';
import { failed, renderTable } from '../test/support/chaos/report.js';

const DEFAULT_SEED = 20261127;
const root = fileURLToPath(new URL('../../', import.meta.url));

function positive(name: string, raw: string | undefined, fallback: number, min = 1): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) {
    process.stderr.write(`chaos: --${name} must be an integer ≥ ${min}, got '${raw}'\n`);
    process.exit(64);
  }
  return n;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      seed: { type: 'string' },
      'max-seconds': { type: 'string' },
      'fault-keys': { type: 'string' },
      'crash-keys': { type: 'string' },
      points: { type: 'string' },
      keep: { type: 'boolean', default: false },
    },
  });
  const seed = positive('seed', values.seed, DEFAULT_SEED, 0);
  const options = {
    seed,
    faultKeys: positive('fault-keys', values['fault-keys'], 300),
    crashKeys: positive('crash-keys', values['crash-keys'], 200),
    crashPoints: positive('points', values.points, 20),
    deadlineSeconds: positive('max-seconds', values['max-seconds'], 600),
    keep: values.keep ?? false,
    progress: (line: string) => process.stderr.write(`${line}\n`),
  };
  process.stdout.write(`chaos: seed ${seed} (replay with --seed ${seed}); deadline ${options.deadlineSeconds} s\n`);
  const report = await runChaos(options);
  const minutes = Math.floor(report.durationMs / 60_000);
  const seconds = ((report.durationMs % 60_000) / 1000).toFixed(0);
  process.stdout.write(`\nChaos run: seed ${seed}, ${minutes} min ${seconds} s, ${new Date(report.startedAt).toISOString().slice(0, 10)}\n\n`);
  process.stdout.write(`${renderTable(report)}\n`);
  if (report.incomplete.length > 0) process.stdout.write(`\nCut short by the deadline: ${report.incomplete.join('; ')}\n`);
  if (report.problems.length > 0) {
    process.stdout.write(`\nProblems (${report.problems.length}):\n`);
    for (const p of report.problems.slice(0, 50)) process.stdout.write(`- ${p}\n`);
  }
  const dir = join(root, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `chaos-${seed}-${report.startedAt.replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(`\nFigures: ${file}\n`);
  if (failed(report.zero)) {
    process.stdout.write('FAIL: a count that must be zero is not zero\n');
    return 1;
  }
  if (report.incomplete.length > 0) return 2;
  process.stdout.write('PASS: every count that must be zero is zero\n');
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`chaos: ${(err as Error)?.stack ?? String(err)}\n`);
    process.exit(1);
  },
);
