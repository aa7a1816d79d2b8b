/**
 * An API that answers keyform with what no API should — garbage, HTML, an empty 200, JSON of another shape, a cut
 * body, a huge body or page, a redirect loop, no answer, an answer that never ends — through the CLI, as a user
 * meets it. A throw-away server on 127.0.0.1 stands between keyform and the emulator: it answers the list of keys
 * (read by plan and apply) or the create (apply) itself, passing every other request on. A create is passed on to
 * the emulator first (so the key is made and its token issued) and then answered badly: keyform must not leave
 * that key behind, nor print its token. Each time: exit 1, one clear diagnostic naming the problem and no stack
 * trace, no token printed, and the state written before byte-for-byte the same.
 */
import assert from 'node:assert/strict';
import { createServer, request as forward, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startEmulator, type EmulatorHandle } from '../../src/emulator/index.js';
import { call } from '../support/api.js';
import { keyformEnv, runKeyform, type RunResult } from '../support/keyform.js';
import { assertNoLeaks, scanForLeaks, watchDir } from '../support/leaks.js';

const TYPE = 'cycloid_organization_api_key';

/** Answers a request; `upstream` is the emulator's own answer (a create), absent for the list. */
type Answer = (req: IncomingMessage, res: ServerResponse, upstream?: string) => void;

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

interface Case {
  name: string;
  answer: Answer;
  /** What the diagnostic must say (whitespace collapsed). */
  says: RegExp;
  env?: NodeJS.ProcessEnv;
}

const LIST = 'GET /organizations/acme/api_keys:';
/** keyform runs with at most 128 MB of heap for the huge answers: it must refuse them, not hold them. */
const SMALL_HEAP = { NODE_OPTIONS: '--max-old-space-size=128' };

const listCases: Case[] = [
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

const createCases: Case[] = [
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

describe('e2e: an API that answers keyform badly', { timeout: 420_000 }, () => {
  let emu: EmulatorHandle;
  let proxy: Server;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let goodState: Buffer;
  /** Which request the hostile server answers itself, and how; everything else goes to the emulator. */
  let hostile: { on: 'list' | 'create'; answer: Answer } | undefined;

  const pass = (req: IncomingMessage, onAnswer: (status: number, headers: IncomingMessage['headers'], body: Buffer) => void): void => {
    const { hostname, port } = new URL(emu.url);
    const out = forward({ host: hostname, port, method: req.method, path: req.url, headers: req.headers }, async (up) => {
      const chunks: Buffer[] = [];
      for await (const c of up) chunks.push(c as Buffer);
      onAnswer(up.statusCode ?? 502, up.headers, Buffer.concat(chunks));
    });
    req.pipe(out);
  };

  before(async () => {
    emu = await startEmulator();
    proxy = createServer((req, res) => {
      const isList = req.method === 'GET' && /^\/organizations\/acme\/api_keys(\?|$)/.test(req.url ?? '');
      const isCreate = req.method === 'POST' && req.url === '/organizations/acme/api_keys';
      if (hostile?.on === 'list' && isList) return hostile.answer(req, res);
      const answer = hostile?.on === 'create' && isCreate ? hostile.answer : undefined;
      pass(req, (status, headers, body) => {
        if (answer) return answer(req, res, body.toString('utf8'));
        res.writeHead(status, headers);
        res.end(body);
      });
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
    // Two seconds per attempt and two retries: a hang is found in seconds, not the default 60 s × 10.
    env = keyformEnv({ url, adminToken: emu.adminToken, organization: 'acme' }, { KEYFORM_API_TIMEOUT: '2s', KEYFORM_API_RETRIES: '2' });
    dir = watchDir(mkdtempSync(join(tmpdir(), 'keyform-hostile-api-')));
    const key = (canonical: string) => ({ canonical, name: canonical, rules: [{ action: 'organization:project:read', effect: 'allow' }] });
    writeFileSync(join(dir, 'main.tf.json'), JSON.stringify({ resource: { [TYPE]: { a: key('key-a') } } }));
    const applied = await runKeyform(['apply', '--auto-approve', '--chdir', dir], { env });
    assert.equal(applied.code, 0, applied.stderr);
    goodState = readFileSync(join(dir, 'keyform.tfstate'));
    // From here on, an apply has a key to create.
    writeFileSync(join(dir, 'main.tf.json'), JSON.stringify({ resource: { [TYPE]: { a: key('key-a'), b: key('key-b') } } }));
  });
  after(async () => {
    hostile = undefined;
    try {
      await assertNoLeaks(emu);
    } finally {
      proxy.closeAllConnections();
      await new Promise((resolve) => proxy.close(resolve));
      await emu.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  const remoteCanonicals = async () => ((await call(emu.url, 'GET', '/organizations/acme/api_keys', { token: emu.adminToken })).body.data as Array<{ canonical: string }>).map((k) => k.canonical).sort();

  /** exit 1, the diagnostic, no stack trace, no token, the state unchanged, and no key left behind. */
  async function refused(c: Case, res: RunResult, what: string): Promise<void> {
    const said = res.stderr.replace(/\s+/g, ' ');
    assert.equal(res.code, 1, `${what}: exit ${res.code}\n${res.stdout}\n${res.stderr}`);
    assert.match(said, /Error: /, what);
    assert.match(said, c.says, `${what}:\n${res.stderr}`);
    assert.doesNotMatch(res.stdout + res.stderr, /\n\s+at .*:\d+:\d+\)?\n/, `${what}: a stack trace`);
    assert.ok(res.stderr.length < 4000, `${what}: ${res.stderr.length} characters of diagnostics`);
    const leaks = scanForLeaks(emu.issuedTokens(), { outputs: [{ label: what, text: res.stdout + res.stderr }], roots: [] });
    assert.deepEqual(leaks.findings, [], `${what}: a token printed`);
    assert.ok(readFileSync(join(dir, 'keyform.tfstate')).equals(goodState), `${what}: the state file changed`);
    assert.deepEqual(await remoteCanonicals(), ['admin', 'key-a'], `${what}: no key left behind`);
  }

  it('a malformed KEYFORM_API_TIMEOUT or KEYFORM_API_RETRIES is a diagnostic', async () => {
    const res = await runKeyform(['plan', '--chdir', dir], { env: { ...env, KEYFORM_API_TIMEOUT: 'soon', KEYFORM_API_RETRIES: '-1' } });
    assert.equal(res.code, 1);
    assert.match(res.stderr, /KEYFORM_API_TIMEOUT must be a duration from 100ms to 1h \(e\.g\. 30s, 500ms\), not 'soon'/);
    assert.match(res.stderr, /KEYFORM_API_RETRIES must be a whole number from 0 to 20, not '-1'/);
  });

  describe('answering the list of keys (plan and apply)', () => {
    for (const c of listCases) {
      it(c.name, async () => {
        hostile = { on: 'list', answer: c.answer };
        try {
          for (const command of [['plan'], ['apply', '--auto-approve']]) {
            const res = await runKeyform([...command, '--chdir', dir], { env: { ...env, ...c.env } });
            await refused(c, res, `${command[0]} / ${c.name}`);
          }
        } finally {
          hostile = undefined;
        }
      });
    }
  });

  describe('answering the create, after the emulator made the key (apply)', () => {
    for (const c of createCases) {
      it(c.name, async () => {
        hostile = { on: 'create', answer: c.answer };
        try {
          const res = await runKeyform(['apply', '--auto-approve', '--chdir', dir], { env: { ...env, ...c.env } });
          await refused(c, res, `apply / ${c.name}`);
        } finally {
          hostile = undefined;
        }
      });
    }
  });

  it('and with the API well again, apply creates the key and the state moves on', async () => {
    const res = await runKeyform(['apply', '--auto-approve', '--chdir', dir], { env });
    assert.equal(res.code, 0, res.stderr);
    assert.deepEqual(await remoteCanonicals(), ['admin', 'key-a', 'key-b']);
  });
});
