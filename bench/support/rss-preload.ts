/**
 * Loaded with `node --import` into a child whose peak memory the engine benchmark measures when GNU time is not
 * available: at exit it writes `process.resourceUsage().maxRSS` (KiB) to the file named by KEYFORM_BENCH_RSS_FILE.
 */
import { writeFileSync } from 'node:fs';

const file = process.env['KEYFORM_BENCH_RSS_FILE'];
if (file) {
  delete process.env['KEYFORM_BENCH_RSS_FILE'];
  process.once('exit', () => {
    try {
      writeFileSync(file, `${process.resourceUsage().maxRSS}\n`);
    } catch {
      // the figure is then reported as unavailable
    }
  });
}
