/**
 * Baseline (a) of the engine benchmark: the least work the API needs for the same result, as bare undici loops in
 * this process — no configuration, no state, no plan. Each run opens its own Pool (as a keyform process does) and
 * parses every answer's JSON (as keyform must).
 */
import { performance } from 'node:perf_hooks';
import { Pool } from 'undici';
import type { KeySpec } from './workload.js';

export interface BareResult {
  wallMs: number;
  calls: number;
  items: number;
}

interface ListPage {
  data: unknown[];
  pagination: { index: number; size: number; total: number };
}

/** Every key of the organization through `page_size=1000` pages, one after the other (ceil(total/1000) calls). */
export async function bareList(url: string, token: string, org: string): Promise<BareResult> {
  const started = performance.now();
  const pool = new Pool(url, { connections: 1 });
  const headers = { authorization: `Bearer ${token}`, accept: 'application/json' };
  let calls = 0;
  let items = 0;
  try {
    for (let index = 1; ; index++) {
      const res = await pool.request({ method: 'GET', path: `/organizations/${org}/api_keys?page_index=${index}&page_size=1000`, headers });
      calls++;
      if (res.statusCode !== 200) throw new Error(`GET api_keys page ${index}: ${res.statusCode} ${await res.body.text()}`);
      const page = (await res.body.json()) as ListPage;
      items += page.data.length;
      if (page.data.length === 0 || items >= page.pagination.total) break;
    }
  } finally {
    await pool.close();
  }
  return { wallMs: performance.now() - started, calls, items };
}

/** One POST per key, `concurrency` in flight at once over as many connections. */
export async function barePosts(url: string, token: string, org: string, specs: readonly KeySpec[], concurrency: number): Promise<BareResult> {
  const bodies = specs.map((s) => JSON.stringify(s.body));
  const started = performance.now();
  const pool = new Pool(url, { connections: concurrency });
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json', accept: 'application/json' };
  let next = 0;
  let calls = 0;
  const worker = async () => {
    for (let i = next++; i < bodies.length; i = next++) {
      const res = await pool.request({ method: 'POST', path: `/organizations/${org}/api_keys`, headers, body: bodies[i]! });
      calls++;
      if (res.statusCode !== 200) throw new Error(`POST api_keys (${specs[i]!.body.canonical}): ${res.statusCode} ${await res.body.text()}`);
      const created = (await res.body.json()) as { data: { token?: unknown } };
      if (typeof created.data.token !== 'string') throw new Error(`POST api_keys (${specs[i]!.body.canonical}): no token in the answer`);
    }
  };
  try {
    await Promise.all(Array.from({ length: concurrency }, worker));
  } finally {
    await pool.close();
  }
  return { wallMs: performance.now() - started, calls, items: calls };
}
