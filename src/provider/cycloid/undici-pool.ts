/**
 * The two pieces of undici the client uses — the connection Pool and its `request` — loaded on their own.
 * `import { Pool } from 'undici'` evaluates all of undici (fetch, WebSocket, caches, mocks, proxies): about 100 ms
 * of every keyform process's start on this machine, against 30 ms for these two modules. undici 7.x has no
 * `exports` map, so its files can be required directly; the types are the package's public ones.
 * test/provider/undici-pool.test.ts checks that these paths still give what the package index gives.
 */
import { createRequire } from 'node:module';
import type { Dispatcher, Pool as PoolType } from 'undici';

const require = createRequire(import.meta.url);

/** undici's Pool class (lib/dispatcher/pool.js is what the package index exports as Pool). */
export const Pool = require('undici/lib/dispatcher/pool.js') as typeof PoolType;

const apiRequest = require('undici/lib/api/api-request.js') as (this: Dispatcher, options: Dispatcher.RequestOptions) => Promise<Dispatcher.ResponseData>;

/**
 * `pool.request(options)`: the package index installs `request` on Dispatcher.prototype; loaded without the index, it
 * is called on the pool explicitly.
 */
export function poolRequest(pool: PoolType, options: Dispatcher.RequestOptions): Promise<Dispatcher.ResponseData> {
  return apiRequest.call(pool, options);
}
