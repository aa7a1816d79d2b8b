/**
 * The piece of undici the client uses — the connection Pool — loaded on its own, and answers read through the
 * pool's `dispatch` (undici's public handler interface). `import { Pool } from 'undici'` evaluates all of undici
 * (fetch, WebSocket, caches, mocks, proxies): about 100 ms of every keyform process's start on this machine, against
 * 30 ms for the pool. undici 7.x has no `exports` map, so its files can be required directly; the types are the
 * package's public ones. test/provider/undici-pool.test.ts checks that this path still gives what the package index
 * gives.
 */
import { createRequire } from 'node:module';
import type { IncomingHttpHeaders } from 'node:http';
import type { Dispatcher, Pool as PoolType } from 'undici';

const require = createRequire(import.meta.url);

/** undici's Pool class (lib/dispatcher/pool.js is what the package index exports as Pool). */
export const Pool = require('undici/lib/dispatcher/pool.js') as typeof PoolType;

/** An answer read whole: its status, headers (lower-case names) and body as UTF-8 text (null: over the limit). */
export interface Exchange {
  statusCode: number;
  headers: IncomingHttpHeaders;
  text: string | null;
}

/**
 * One request over the pool, its answer's body read whole as UTF-8 text — or `text: null` once it grows past
 * `limit` bytes (the request is then aborted, nothing more is read). The body is collected straight from undici's
 * handler callbacks: no response stream, async resource or promise per chunk as with `request` (about a tenth of the
 * CPU an apply spends per create). Transport failures reject with undici's own errors, as `request` does.
 */
export function poolExchange(pool: PoolType, options: Dispatcher.DispatchOptions, limit: number): Promise<Exchange> {
  return new Promise<Exchange>((resolve, reject) => {
    let statusCode = 0;
    let headers: IncomingHttpHeaders = {};
    const chunks: Buffer[] = [];
    let size = 0;
    let tooBig = false;
    pool.dispatch(options, {
      // undici tells its handler interfaces apart by this method: without it the handler is taken for an old-style one.
      onRequestStart() {},
      onResponseStart(_controller, status, received) {
        if (status < 200) return; // an informational answer (100 Continue): the real one follows
        statusCode = status;
        headers = received;
      },
      onResponseData(controller, chunk) {
        if (tooBig) return;
        size += chunk.length;
        if (size > limit) {
          tooBig = true;
          controller.abort(new Error(`the answer's body is over ${limit} bytes`));
          return;
        }
        chunks.push(chunk);
      },
      onResponseEnd() {
        resolve({ statusCode, headers, text: chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks, size).toString('utf8') });
      },
      onResponseError(_controller, err) {
        if (tooBig) resolve({ statusCode, headers, text: null });
        else reject(err);
      },
    });
  });
}
