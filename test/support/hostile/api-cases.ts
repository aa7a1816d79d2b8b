/**
 * Issue 5, item 7 (API) — an API that answers keyform with what no API should — garbage, HTML, an empty 200, JSON
 * of another shape, a cut body, a huge body or page, a redirect loop, no answer, an answer that never ends — as one
 * table used by test/e2e/hostile-api.test.ts and by `npm run chaos` (`seededApiCases` draws more: garbage of drawn
 * bytes, answers cut at drawn offsets, pages of a drawn size over the limit).
 *
 * `HostileApi` is the bench: a throw-away server on 127.0.0.1 between keyform and the emulator answers the list of
 * keys (read by plan and apply) or the create (apply) itself, passing every other request on. A create is passed
 * on to the emulator first (so the key is made and its token issued) and then answered badly: keyform must not
 * leave that key behind, nor print its token. Each time: exit 1, one clear diagnostic naming the problem and no
 * stack trace, no token printed, the state written before byte-for-byte the same, no key left behind. The checks
 * return problems (none when all is right), for a test to assert and the chaos run to count.
 */
import { createServer, request as forward, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, type EmulatorHandle } from '../../../src/emulator/index.js';
import { call } from '../api.js';
import type { Prng } from '../chaos/prng.js';
import { keyformEnv } from '../keyform.js';
import { scanForLeaks } from '../leaks.js';
import { refusal, type Runner } from './state-cases.js';

const TYPE = 'cycloid_organization_api_key';

/** Answers a request; `upstream` is the emulator's own answer (a create), absent for the list. */
export type Answer = (req: IncomingMessage, res: ServerResponse, upstream?: string) => void;

const send = (status: number, type: string, body: string | Buffer): Answer => (_req, res) => {
  res.writeHead(status, { 'content-type': type });
  res.end(body);
};

/** `{"data":` then `mib` MiB of spaces, then the rest: valid JSON, were it not over the size limit. */
const huge = (mib: number): Answer => (_req, res, upstream) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  const chunk = Buffer.alloc(1024 * 1024, 0x20);
  let sent = 0;
  const more = (): void => {
    while (sent < mib && !res.destroyed) {
      sent++;
      if (!res.write(chunk)) return void res.once('drain', more);
    }
    res.end(upstream ? upstream.slice(upstream.indexOf(':') + 1) : '[],"pagination":{"index":1,"size":1000,"total":0}}');
  };
  res.write('{"data":');
  more();
};

const HTML = '<!doctype html><html><head><title>Sign in</title></head><body><form action="/login">Sign in to continue</form></body></html>';
const GARBAGE = Buffer.from([0xff, 0xfe, 0x00, 0x13, 0x88, 0x7b, 0x22, 0x9c, 0x00, 0x0a, 0xe2, 0x28, 0xa1]);
const redirectLoop: Answer = (req, res) => {
  res.writeHead(302, { location: req.url });
  res.end();
};
const noAnswer: Answer = () => undefined;
const neverEnds: Answer = (_req, res, upstream) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.write(upstream ? upstream.slice(0, 20) : '{"data":[');
};

export interface ApiCase {
  name: string;
  answer: Answer;
  /** What the diagnostic must say (whitespace collapsed). */
  says: RegExp;
  env?: NodeJS.ProcessEnv;
}

const LIST = 'GET /organizations/acme/api_keys:';
/** keyform runs with at most 128 MB of heap for the huge answers: it must refuse them, not hold them. */
const SMALL_HEAP = { NODE_OPTIONS: '--max-old-space-size=128' };

export const listCases: ApiCase[] = [
  { name: 'garbage bytes', answer: send(200, 'application/json', GARBAGE), says: new RegExp(`${LIST} 200 with a body that is not JSON`) },
  { name: 'an HTML page with 200', answer: send(200, 'text/html', HTML), says: new RegExp(`${LIST} 200 with a body that is not JSON: <!doctype html><html><head><title>Sign in`) },
  { name: 'an HTML page with 502', answer: send(502, 'text/html', HTML), says: new RegExp(`${LIST} 502: <!doctype html>`) },
  { name: 'an empty 200', answer: send(200, 'application/json', ''), says: new RegExp(`${LIST} 200 with an empty body where JSON was expected`) },
  {
    name: 'JSON of the wrong shape',
    answer: send(200, 'application/json', JSON.stringify({ items: [{ canonical: 'x' }], next: null })),
    says: new RegExp(`${LIST} 200 with an answer of an unexpected shape \\(getAPIKeys_200_response: .*is required`),
  },
  { name: 'a truncated JSON body', answer: send(200, 'application/json', '{"data":[{"id":1,"canonical":"key-a","name":"ke'), says: new RegExp(`${LIST} 200 with a body that is not JSON`) },
  { name: 'a 40 MiB body', answer: huge(40), says: new RegExp(`${LIST} 200 with a body over the size limit \\(16 MiB\\)`), env: SMALL_HEAP },
  {
    name: 'a page of 200,000 items where 1,000 were asked for',
    answer: send(200, 'application/json', JSON.stringify({ data: Array.from({ length: 200_000 }, (_, i) => ({ id: i + 1 })), pagination: { index: 1, size: 1000, total: 200_000 } })),
    says: new RegExp(`${LIST} 200 with a page of 200000 items where at most 1000 were asked for`),
    env: SMALL_HEAP,
  },
  {
    name: 'a page announcing 10^6 items, the same whatever page_index asks',
    answer: send(200, 'application/json', JSON.stringify({ data: [{ id: 77, canonical: 'key-a', name: 'key-a', description: '', rules: [], last_seven: 'abcdefg' }], pagination: { index: 1, size: 1000, total: 1_000_000 } })),
    says: /GET \/organizations\/acme\/api_keys: page 2 holds only items of earlier pages \(the server seems to ignore page_index; it announced 1000000 items, 1 read\)/,
  },
  { name: 'a redirect loop', answer: redirectLoop, says: new RegExp(`${LIST} 302 \\(a redirect to /organizations/acme/api_keys\\?page_index=1&page_size=1000; keyform does not follow redirects: check the API URL\\)`) },
  { name: 'no answer at all', answer: noAnswer, says: new RegExp(`${LIST} no answer from http://127\\.0\\.0\\.1:\\d+ \\(UND_ERR_HEADERS_TIMEOUT`) },
  { name: 'an answer that never ends', answer: neverEnds, says: new RegExp(`${LIST} no answer from http://127\\.0\\.0\\.1:\\d+ \\(UND_ERR_BODY_TIMEOUT`) },
];

const CREATE = /cycloid_organization_api_key\.b: create failed on cycloid_organization_api_key\.b POST \/organizations\/acme\/api_keys: creating key-b failed 4 times \(no key made by these attempts was left behind\): POST \/organizations\/acme\/api_keys:/;
const created = (then: string) => new RegExp(`${CREATE.source} ${then}`);

export const createCases: ApiCase[] = [
  { name: 'garbage bytes', answer: send(200, 'application/json', GARBAGE), says: created('200 with a body that is not JSON \\(body not shown: it may hold a token\\)') },
  { name: 'an HTML page with 200', answer: send(200, 'text/html', HTML), says: created('200 with a body that is not JSON \\(body not shown') },
  { name: 'an HTML page with 502', answer: send(502, 'text/html', HTML), says: created('502') },
  { name: 'an empty 200', answer: send(200, 'application/json', ''), says: created('200 with an empty body where JSON was expected') },
  {
    name: 'JSON of the wrong shape (the real answer, token included, under another name)',
    answer: (_req, res, upstream) => send(200, 'application/json', JSON.stringify({ key: JSON.parse(upstream!).data }))(_req, res),
    says: created('200 with an answer of an unexpected shape \\(createAPIKey_200_response: data: is required\\) \\(body not shown'),
  },
  {
    name: 'the real answer cut inside its token',
    answer: (_req, res, upstream) => send(200, 'application/json', upstream!.slice(0, upstream!.indexOf('"token"') + 100))(_req, res),
    says: created('200 with a body that is not JSON \\(body not shown: it may hold a token\\)'),
  },
  { name: 'a 40 MiB body', answer: huge(40), says: created('200 with a body over the size limit \\(16 MiB\\)'), env: SMALL_HEAP },
  { name: 'a redirect loop', answer: redirectLoop, says: created('302 \\(a redirect to /organizations/acme/api_keys; keyform does not follow redirects') },
  { name: 'no answer at all', answer: noAnswer, says: created('no answer from http://127\\.0\\.0\\.1:\\d+ \\(UND_ERR_HEADERS_TIMEOUT') },
  { name: 'an answer that never ends', answer: neverEnds, says: created('no answer from http://127\\.0\\.0\\.1:\\d+ \\(UND_ERR_BODY_TIMEOUT') },
];


const key = (canonical: string) => ({ canonical, name: canonical, rules: [{ action: 'organization:project:read', effect: 'allow' }] });
const KEY_A = { id: 77, canonical: 'key-a', name: 'key-a', description: '', rules: [{ action: 'organization:project:read', effect: 'allow' }], last_seven: 'abcdefg' };

/** `n` cases drawn from `rng`, list and create in turn: garbage bytes, answers cut at drawn offsets, pages over the limit. */
export function seededApiCases(rng: Prng, n: number): Array<ApiCase & { on: 'list' | 'create' }> {
  const out: Array<ApiCase & { on: 'list' | 'create' }> = [];
  for (let k = 0; k < n; k++) {
    const kind = k % 4;
    const draw = rng.int(0, 1e9);
    if (kind === 0) {
      // Not JSON from its first byte: a byte no JSON text starts with, then drawn bytes.
      const bytes = Buffer.from([0xff, ...Array.from({ length: 1 + (draw % 500) }, (_, i) => (draw * (i + 7) + i * i) % 256)]);
      out.push({ on: 'list', name: `${bytes.length} bytes of drawn garbage (#${draw})`, answer: send(200, 'application/json', bytes), says: new RegExp(`${LIST} 200 with a body that is not JSON`) });
    } else if (kind === 1) {
      const whole = JSON.stringify({ data: [KEY_A], pagination: { index: 1, size: 1000, total: 1 } });
      const at = 1 + (draw % (whole.length - 1));
      out.push({ on: 'list', name: `the list cut after ${at} of ${whole.length} bytes (#${draw})`, answer: send(200, 'application/json', whole.slice(0, at)), says: new RegExp(`${LIST} 200 with a body that is not JSON`) });
    } else if (kind === 2) {
      const items = 1001 + (draw % 4000);
      out.push({
        on: 'list',
        name: `a page of ${items} items where 1,000 were asked for (#${draw})`,
        answer: send(200, 'application/json', JSON.stringify({ data: Array.from({ length: items }, (_, i) => ({ ...KEY_A, id: i + 1, canonical: `key-${i}` })), pagination: { index: 1, size: 1000, total: items } })),
        says: new RegExp(`${LIST} 200 with a page of ${items} items where at most 1000 were asked for`),
      });
    } else {
      out.push({
        on: 'create',
        name: `the real create answer cut at a drawn offset (#${draw})`,
        answer: (_req, res, upstream) => send(200, 'application/json', upstream!.slice(0, 1 + (draw % (upstream!.length - 1))))(_req, res),
        says: created('200 with a body that is not JSON \\(body not shown: it may hold a token\\)'),
      });
    }
  }
  return out;
}

/** The bench: the emulator, the hostile server in front of it, and a working directory with key-a applied. */
export class HostileApi {
  /** Which request the hostile server answers itself, and how; everything else goes to the emulator. */
  private hostile: { on: 'list' | 'create'; answer: Answer } | undefined;
  env!: NodeJS.ProcessEnv;
  goodState!: Buffer;

  private constructor(readonly emu: EmulatorHandle, private readonly proxy: Server, readonly dir: string, private readonly run: Runner) {}

  /**
   * Starts the emulator and the hostile server, applies key-a, and declares key-b (so an apply has a key to create).
   * `dir` (removed by close) is where keyform works.
   */
  static async start(run: Runner, dir = mkdtempSync(join(tmpdir(), 'keyform-hostile-api-'))): Promise<HostileApi> {
    const emu = await startEmulator();
    let bench: HostileApi | undefined;
    const proxy = createServer((req, res) => bench!.route(req, res));
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    bench = new HostileApi(emu, proxy, dir, run);
    const url = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    // Two seconds per attempt and two retries: a hang is found in seconds, not the default 60 s × 10.
    bench.env = keyformEnv({ url, adminToken: emu.adminToken, organization: 'acme' }, { KEYFORM_API_TIMEOUT: '2s', KEYFORM_API_RETRIES: '2' });
    try {
      writeFileSync(join(dir, 'main.tf.json'), JSON.stringify({ resource: { [TYPE]: { a: key('key-a') } } }));
      const applied = await run(['apply', '--auto-approve', '--chdir', dir], bench.env, 'apply key-a');
      if (applied.code !== 0) throw new Error(`the first apply failed: ${applied.stderr}`);
      bench.goodState = readFileSync(join(dir, 'keyform.tfstate'));
      writeFileSync(join(dir, 'main.tf.json'), JSON.stringify({ resource: { [TYPE]: { a: key('key-a'), b: key('key-b') } } }));
      return bench;
    } catch (err) {
      await bench.close();
      throw err;
    }
  }

  private route(req: IncomingMessage, res: ServerResponse): void {
    const isList = req.method === 'GET' && /^\/organizations\/acme\/api_keys(\?|$)/.test(req.url ?? '');
    const isCreate = req.method === 'POST' && req.url === '/organizations/acme/api_keys';
    if (this.hostile?.on === 'list' && isList) return this.hostile.answer(req, res);
    const answer = this.hostile?.on === 'create' && isCreate ? this.hostile.answer : undefined;
    const { hostname, port } = new URL(this.emu.url);
    const out = forward({ host: hostname, port, method: req.method, path: req.url, headers: req.headers }, async (up) => {
      const chunks: Buffer[] = [];
      for await (const c of up) chunks.push(c as Buffer);
      const body = Buffer.concat(chunks);
      if (answer) return answer(req, res, body.toString('utf8'));
      res.writeHead(up.statusCode ?? 502, up.headers);
      res.end(body);
    });
    req.pipe(out);
  }

  remoteCanonicals = async (): Promise<string[]> =>
    ((await call(this.emu.url, 'GET', '/organizations/acme/api_keys', { token: this.emu.adminToken })).body.data as Array<{ canonical: string }>).map((k) => k.canonical).sort();

  /** `commands` (plan and apply for the list, apply for the create) with the hostile answer: each refused. */
  async tryCase(c: ApiCase, on: 'list' | 'create'): Promise<string[]> {
    const problems: string[] = [];
    const commands = on === 'list' ? [['plan'], ['apply', '--auto-approve']] : [['apply', '--auto-approve']];
    this.hostile = { on, answer: c.answer };
    try {
      for (const command of commands) {
        const what = `${on} / ${c.name} / ${command[0]}`;
        const res = await this.run([...command, '--chdir', this.dir], { ...this.env, ...c.env }, what);
        problems.push(...refusal(res, c.says, what));
        if (!/Error: /.test(res.stderr)) problems.push(`${what}: no 'Error:' line`);
        if (res.stderr.length >= 4000) problems.push(`${what}: ${res.stderr.length} characters of diagnostics`);
        const leaks = scanForLeaks(this.emu.issuedTokens(), { outputs: [{ label: what, text: res.stdout + res.stderr }], roots: [] });
        if (leaks.findings.length > 0) problems.push(`${what}: a token printed (${leaks.findings.map((f) => f.lastSeven).join(', ')})`);
        if (!readFileSync(join(this.dir, 'keyform.tfstate')).equals(this.goodState)) problems.push(`${what}: the state file changed`);
        this.hostile = undefined;
        const left = await this.remoteCanonicals();
        if (left.join() !== 'admin,key-a') problems.push(`${what}: keys left in the organization: ${left.join(', ')} (expected admin, key-a)`);
        this.hostile = { on, answer: c.answer };
      }
    } finally {
      this.hostile = undefined;
    }
    return problems;
  }

  async close(): Promise<void> {
    this.hostile = undefined;
    try {
      this.proxy.closeAllConnections();
      await new Promise((resolve) => this.proxy.close(resolve));
      await this.emu.close();
    } finally {
      rmSync(this.dir, { recursive: true, force: true });
    }
  }
}
