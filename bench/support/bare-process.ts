/**
 * The bare POST loop of the engine benchmark as a process of its own: `node bare-process.js URL ORG N CONCURRENCY`
 * with the token in BENCH_BARE_TOKEN. The benchmark times it from spawn to exit, as it times keyform, so the figure
 * includes what any Node.js process pays (start, loading undici, code not yet optimised). Extra information beside
 * the in-process loop, which stays the baseline of the target.
 */
import { barePosts } from './bare.js';
import { keySpecs } from './workload.js';

const [url, org, count, concurrency] = process.argv.slice(2);
const token = process.env['BENCH_BARE_TOKEN'];
if (!url || !org || !count || !concurrency || !token) {
  process.stderr.write('usage: BENCH_BARE_TOKEN=TOKEN node bare-process.js URL ORG N CONCURRENCY\n');
  process.exit(2);
}
const result = await barePosts(url, token, org, keySpecs(Number(count)), Number(concurrency));
if (result.calls !== Number(count)) {
  process.stderr.write(`the bare POST loop made ${result.calls} calls, not ${count}\n`);
  process.exit(1);
}
process.stdout.write(`${JSON.stringify(result)}\n`);
