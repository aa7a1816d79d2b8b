/**
 * Child process for the lock tests: takes the lock on a state file, prints `{"event":"locked","info":…}`, holds
 * it until a `release` line arrives on stdin (then prints `released` and exits), or until it is killed.
 * Usage: node dist/test/state/lock-holder.js STATE_PATH [OPERATION] [TIMEOUT_MS]
 */
import { createInterface } from 'node:readline';
import { FileLocker } from '../../src/state/file-locker.js';

const [statePath, operation = 'apply', timeout = '0'] = process.argv.slice(2);
const say = (event: object): void => void process.stdout.write(`${JSON.stringify(event)}\n`);

const locker = new FileLocker(statePath!, { version: 'holder' });
try {
  const lock = await locker.acquire({ operation }, { timeoutMs: Number(timeout), onWait: (holder) => say({ event: 'waiting', holder }), onStale: (old) => say({ event: 'stale', old }) });
  say({ event: 'locked', info: lock.info });
  for await (const line of createInterface({ input: process.stdin })) {
    if (line.trim() === 'release') {
      await lock.release();
      say({ event: 'released' });
      process.exit(0);
    }
  }
} catch (err) {
  say({ event: 'error', code: (err as { code?: string }).code, message: (err as Error).message });
  process.exit(3);
}
