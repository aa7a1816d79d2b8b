/**
 * npm run bench:emulator — the emulator's throughput for creates, gets and lists of a 1,000-key page, measured
 * with autocannon on 127.0.0.1 against the emulator process and, in the same run, against a bare node:http server
 * answering bodies of the same size (the baseline). Also reports the emulator's own server time per request.
 */
import autocannon from 'autocannon';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { request } from 'undici';

const root = fileURLToPath(new URL('../../', import.meta.url));
const DURATION = Number(process.env['BENCH_SECONDS'] ?? 5);
const CONNECTIONS = Number(process.env['BENCH_CONNECTIONS'] ?? 10);

interface Started {
  child: ChildProcess;
  url: string;
  token?: string;
}

function start(args: string[]): Promise<Started> {
  const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', (line) => {
      const ready = JSON.parse(line) as { url: string; admin_token_file?: string };
      resolve({ child, url: ready.url, ...(ready.admin_token_file ? { token: readFileSync(ready.admin_token_file, 'utf8').trim() } : {}) });
    });
    child.once('exit', (code) => reject(new Error(`server exited early (${code})`)));
  });
}

async function stop(s: Started): Promise<void> {
  const exited = new Promise((r) => s.child.once('exit', r));
  s.child.kill('SIGTERM');
  await exited;
}

function newKey(n: number) {
  return JSON.stringify({ canonical: `bench-${n}`, name: `Bench key ${n}`, description: 'created by the benchmark', rules: [{ action: 'organization:project:read', effect: 'allow', resources: ['organization:acme:project:web'] }] });
}

async function load(url: string, token: string | undefined, kind: 'create' | 'get' | 'list', offset: number): Promise<number> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers['authorization'] = `Bearer ${token}`;
  let n = offset;
  const path = kind === 'list' ? '/organizations/acme/api_keys?page_size=1000' : kind === 'get' ? '/organizations/acme/api_keys/seed-1' : '/organizations/acme/api_keys';
  const result = await autocannon({
    url: `${url}${path}`,
    connections: CONNECTIONS,
    duration: DURATION,
    method: kind === 'create' ? 'POST' : 'GET',
    headers,
    ...(kind === 'create' ? { requests: [{ method: 'POST', setupRequest: (req: autocannon.Request) => ({ ...req, body: newKey(n++) }) }] } : {}),
  });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${kind}: ${result.non2xx} non-2xx answers and ${result.errors} errors`);
  return result.requests.average;
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'keyform-bench-'));
  const emulator = await start(['bin/keyform', 'emulator', '--port', '0', '--data-dir', dataDir, '--quiet']);
  const auth = { authorization: `Bearer ${emulator.token}`, 'content-type': 'application/json' };
  for (let i = 1; i <= 1000; i++) {
    const res = await request(`${emulator.url}/organizations/acme/api_keys`, { method: 'POST', headers: auth, body: newKey(i).replace(/bench-/g, 'seed-') });
    await res.body.text();
  }
  const sizes: Record<string, number> = {};
  for (const [kind, path, method, body] of [
    ['list', '/organizations/acme/api_keys?page_size=1000', 'GET', undefined],
    ['get', '/organizations/acme/api_keys/seed-1', 'GET', undefined],
    ['create', '/organizations/acme/api_keys', 'POST', newKey(999_999)],
  ] as const) {
    const res = await request(`${emulator.url}${path}`, { method, headers: auth, ...(body ? { body } : {}) });
    sizes[kind] = (await res.body.text()).length;
  }

  const rows: Array<{ kind: string; emulator: number; baseline: number; serverMs: number }> = [];
  const kinds = ['create', 'get', 'list'] as const;
  const emuRates: Record<string, number> = {};
  for (const kind of kinds) emuRates[kind] = await load(emulator.url, emulator.token, kind, 1_000_000);
  const statsRes = await request(`${emulator.url}/_emulator/stats`, { headers: auth });
  const stats = ((await statsRes.body.json()) as { data: Record<string, { count: number; totalMs: number }> }).data;
  await stop(emulator);
  rmSync(dataDir, { recursive: true, force: true });

  const baseline = await start([join('dist', 'bench', 'baseline-server.js'), JSON.stringify(sizes)]);
  for (const kind of kinds) {
    const base = await load(baseline.url, undefined, kind, 0);
    const route = kind === 'create' ? 'POST /organizations/:org/api_keys' : kind === 'get' ? 'GET /organizations/:org/api_keys/:canonical' : 'GET /organizations/:org/api_keys';
    const s = stats[route]!;
    rows.push({ kind, emulator: emuRates[kind]!, baseline: base, serverMs: s.totalMs / s.count });
  }
  await stop(baseline);

  const lines = [
    `Emulator benchmark: autocannon, ${CONNECTIONS} connections, ${DURATION} s per run, 127.0.0.1, data dir on disk (SQLite WAL)`,
    '',
    '| operation | emulator req/s | bare node:http req/s (same body size) | emulator / bare | emulator server time per request |',
    '|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.kind === 'list' ? 'list (1,000-key page)' : r.kind} | ${Math.round(r.emulator)} | ${Math.round(r.baseline)} | ${(r.emulator / r.baseline).toFixed(2)} | ${r.serverMs.toFixed(3)} ms |`),
    '',
    `Response sizes: create ${sizes['create']} B, get ${sizes['get']} B, list ${sizes['list']} B.`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  mkdirSync(join(root, 'bench', 'results'), { recursive: true });
  writeFileSync(join(root, 'bench', 'results', 'emulator.json'), `${JSON.stringify({ date: new Date().toISOString(), durationSeconds: DURATION, connections: CONNECTIONS, sizes, rows }, null, 2)}\n`);
}

main().catch((err) => {
  process.stderr.write(`bench:emulator failed: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
