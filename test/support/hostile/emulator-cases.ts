/**
 * Issue 5, item 6 — hostile input to the emulator, as one table used by test/emulator/hostile.test.ts and by
 * `npm run chaos`: missing, garbled, expired, revoked and other-organization tokens; canonicals with path traversal,
 * unicode look-alikes and 10 KB strings; bodies of 2 MiB, nested 10,000 deep, with duplicate keys or wrong types;
 * a request that is not HTTP. Each case says what the right answer is; `tryEmulatorCase` sends it and returns what
 * went wrong (nothing when the answer is that 4xx with the error envelope and the server still serves).
 * `seededEmulatorCases` draws more of the same kinds from a seed: bodies garbled or cut at random places, wrong
 * types at random paths, random tokens and paths, random nesting depths.
 */
import { startEmulator, type EmulatorHandle } from '../../../src/emulator/index.js';
import { defaultConfig } from '../../../src/emulator/config.js';
import { call } from '../api.js';
import type { Prng } from '../chaos/prng.js';
import { rawRequest } from '../raw-http.js';
import { assertError } from '../schema-check.js';

export const KEYS = '/organizations/acme/api_keys';

export interface Reply {
  status: number;
  headers: Record<string, unknown>;
  body: any;
}

export interface Expect {
  /** The status, or the statuses allowed (a garbled body may still be valid: 200 is then right). */
  status: number | readonly number[];
  /** The envelope's error code (for a 4xx); absent: any code, the envelope still required. */
  code?: string;
  /** What the envelope's details must say (joined by ' | '). */
  details?: RegExp;
  /** What the envelope's message must say. */
  message?: RegExp;
}

export interface EmulatorCase {
  /** Kind of input, e.g. 'tokens', 'paths', 'bodies': the test runs one `it` per group. */
  group: string;
  name: string;
  send(emu: EmulatorHandle): Promise<Reply>;
  expect: Expect;
}

/** An emulator with a second organization (globex), for other-organization tokens. */
export function startHostileEmulator(log?: (line: string) => void): Promise<EmulatorHandle> {
  const config = { seed: 1, organizations: [...defaultConfig('acme').organizations, ...defaultConfig('globex').organizations] };
  return startEmulator({ config, ...(log ? { log } : {}) });
}

const post = (raw: string | Buffer, headers: Record<string, string> = {}) => (emu: EmulatorHandle) => call(emu.url, 'POST', KEYS, { token: emu.adminToken, raw, headers });
const get = (path: string, token?: (emu: EmulatorHandle) => string, encode = true) => (emu: EmulatorHandle) => {
  const t = token ? token(emu) : emu.adminToken;
  return call(emu.url, 'GET', path, { headers: { authorization: `Bearer ${encode ? encodeURIComponent(t) : t}` } });
};
async function raw(emu: EmulatorHandle, bytes: (port: string) => string): Promise<Reply> {
  const res = await rawRequest(emu.url, bytes(new URL(emu.url).port));
  let body: unknown;
  try {
    body = res.body === '' ? undefined : JSON.parse(res.body);
  } catch {
    body = undefined;
  }
  return { status: res.status, headers: res.headers, body };
}

const BAD_REQUEST: Expect = { status: 400, code: 'BadRequest' };
const UNAUTHENTICATED: Expect = { status: 401, code: 'Unauthenticated' };
const TOO_LARGE: Expect = { status: 413, code: 'PayloadTooLarge' };
const invalid = (path: string): Expect => ({ status: 422, code: 'ValidationError', details: new RegExp(`(^| \\| )${path.replace(/[[\].()]/g, '\\$&')}:`) });
const ANY_4XX = [400, 401, 403, 404, 405, 409, 411, 413, 414, 415, 422, 431];

const RULE = { action: 'organization:project:read', effect: 'allow' };

/** Bodies whose wrong type sits at the path named: the API must say which. */
export const WRONG_TYPES: ReadonlyArray<[unknown, string]> = [
  [{ name: 42, rules: [] }, 'name'],
  [{ name: 'Typed', rules: {} }, 'rules'],
  [{ name: 'Typed', rules: [null] }, 'rules[0]'],
  [{ name: 'Typed', rules: [{ action: 1, effect: 'allow' }] }, 'rules[0].action'],
  [{ name: 'Typed', rules: [{ action: 'a:b', effect: 'allow', resources: [1] }] }, 'rules[0].resources[0]'],
  [{ name: 'Typed', canonical: ['x'], rules: [] }, 'canonical'],
  [{ name: 'Typed', description: { $gt: '' }, rules: [] }, 'description'],
  [{ name: 'Typed', owner: true, rules: [] }, 'owner'],
  [null, '(body)'],
  [true, '(body)'],
];

const DEPTH = 10_000;

/** The fixed cases: the same every run. */
export function emulatorCases(): EmulatorCase[] {
  const cases: EmulatorCase[] = [];
  const add = (group: string, name: string, send: EmulatorCase['send'], expect: Expect) => cases.push({ group, name, send, expect });

  for (const text of ['{', '{"name": }', 'nul', '{"a":1}{"b":2}', '\u0000', '{"name": "\ud800"', "{'name': 'x'}", '[1,]']) {
    add('malformed JSON', JSON.stringify(text), post(text), BAD_REQUEST);
  }
  // Bytes that are not UTF-8 are read as U+FFFD: here a key "n\ufffd\ufffd", so the name is missing.
  add('malformed JSON', 'not UTF-8', post(Buffer.from([0x7b, 0x22, 0x6e, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d])), invalid('name'));
  for (const [body, path] of WRONG_TYPES) add('wrong types', `${JSON.stringify(body)} (${path})`, post(JSON.stringify(body)), invalid(path));

  add('sizes', 'a 2 MiB body', post(JSON.stringify({ name: 'Big', description: 'x'.repeat(2 * 1024 * 1024), rules: [] })), TOO_LARGE);
  add('sizes', 'a Content-Length that lies high (5 MB announced)', (emu) => raw(emu, (port) =>
    `POST ${KEYS} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAuthorization: Bearer ${emu.adminToken}\r\nContent-Type: application/json\r\nContent-Length: 5000000\r\n\r\n{}`), TOO_LARGE);
  add('sizes', 'a 10 KB name', post(JSON.stringify({ name: 'n'.repeat(10_000), rules: [] })), invalid('name'));
  add('sizes', 'a 10 KB canonical', post(JSON.stringify({ name: 'Long', canonical: 'c'.repeat(10_000), rules: [] })), invalid('canonical'));
  add('sizes', 'a 10 KB description', post(JSON.stringify({ name: 'Long description', canonical: 'long-description', description: 'd'.repeat(10_240), rules: [] })), invalid('description'));

  add('nesting', `rules nested ${DEPTH} deep`, post(`{"name":"Deep","rules":${'['.repeat(DEPTH)}${']'.repeat(DEPTH)}}`), invalid('rules[0]'));
  add('nesting', `an unknown field nested ${DEPTH} deep (ignored: created)`, post(`{"name":"Deep","rules":[],"extra":${'{"a":'.repeat(DEPTH)}1${'}'.repeat(DEPTH)}}`), { status: [200, 422] });
  add('nesting', 'nested 600,000 deep (over the size limit)', post(`{"x":${'['.repeat(600_000)}${']'.repeat(600_000)}}`), TOO_LARGE);

  for (const text of [
    '{"name":"Dup","name":1,"rules":[]}',
    '{"name":1,"name":"Duplicate key","rules":[]}',
    '{"name":"Nested dup","rules":[{"action":"a:b","effect":"allow","effect":"allow"}]}',
    '{"name":"Escaped dup","n\\u0061me":"x","rules":[]}',
  ]) add('duplicate keys', text, post(text), { ...BAD_REQUEST, details: /appears twice/ });

  for (const path of [
    `${KEYS}/..%2F..%2Fetc%2Fpasswd`,
    `${KEYS}/%2e%2e`,
    `${KEYS}/ci-deploy%00`,
    `${KEYS}/%E2%80%AEadmin`,
    `${KEYS}/%D0%B0dmin`, // Cyrillic а
    `${KEYS}/adm%C4%B1n`, // dotless ı
    `${KEYS}/%EF%BD%81dmin`, // fullwidth ａ
    `${KEYS}/${'a'.repeat(10_000)}`,
    `${KEYS}/%`,
    `${KEYS}/%ZZ`,
    `/organizations/..%2Facme/api_keys`,
    `/organizations/${'o'.repeat(10_000)}/api_keys`,
    '/../../etc/passwd',
  ]) add('paths', path.length > 80 ? `${path.slice(0, 60)}… (${path.length} characters)` : path, get(path, undefined, false), { status: ANY_4XX });
  add('paths', 'a Cyrillic look-alike canonical in a create', post(JSON.stringify({ canonical: '\u0430dmin', name: 'Look-alike', rules: [] })), invalid('canonical'));
  add('paths', 'a path traversal canonical in a create', post(JSON.stringify({ canonical: '../../admin', name: 'Traversal', rules: [] })), invalid('canonical'));

  const garbage = ['', 'a.b.c', 'Bearer', 'x'.repeat(10_000), '\u00e9\u00e9.\u00e9.\u00e9', 'eyJ.eyJ.sig', `${Buffer.from('{}').toString('base64url')}.${Buffer.from('{"kid":"zz"}').toString('base64url')}.x`];
  for (const token of garbage) add('tokens', `garbled token ${JSON.stringify(token.length > 40 ? `${token.slice(0, 20)}…` : token)}`, get(KEYS, () => token), UNAUTHENTICATED);
  add('tokens', 'the admin token with a character more', get(KEYS, (emu) => `${emu.adminToken}x`), UNAUTHENTICATED);
  add('tokens', 'no Authorization header', (emu) => call(emu.url, 'GET', KEYS), UNAUTHENTICATED);
  add('tokens', 'an expired session', get(KEYS, (emu) => emu.issueUserToken('acme', 'alice', 0)), { ...UNAUTHENTICATED, message: /expired/ });
  add('tokens', 'a session replaced by a newer one (revoked)', get(KEYS, (emu) => {
    const older = emu.issueUserToken('acme', 'bob', 60);
    emu.issueUserToken('acme', 'bob', 60);
    return older;
  }), UNAUTHENTICATED);
  add('tokens', 'the token of a deleted key (revoked with it)', async (emu) => {
    const canonical = `revoked-${Math.random().toString(36).slice(2, 10)}`;
    const made = await call(emu.url, 'POST', KEYS, { token: emu.adminToken, body: { name: canonical, canonical, rules: [{ action: 'organization:api_key:list', effect: 'allow' }] } });
    if (made.status !== 200) return made;
    await call(emu.url, 'DELETE', `${KEYS}/${canonical}`, { token: emu.adminToken });
    return call(emu.url, 'GET', KEYS, { token: made.body.data.token });
  }, UNAUTHENTICATED);
  add('tokens', "another organization's admin token", get(KEYS, (emu) => emu.adminTokens['globex'] ?? 'no-globex'), UNAUTHENTICATED);

  add('not HTTP', 'a garbled request line', (emu) => raw(emu, () => 'GARBAGE\r\n\r\n'), BAD_REQUEST);
  add('not HTTP', 'a 100 KB header', (emu) => raw(emu, (port) => `GET ${KEYS} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nX-Big: ${'h'.repeat(100_000)}\r\n\r\n`), { status: 431, code: 'RequestHeaderFieldsTooLarge' });
  return cases;
}

const GARBLE_BYTES = Buffer.from('{}[]":,\\ \u0000\t\n0aZ-', 'latin1');

/** `n` more cases of the same kinds, drawn from `rng`. */
export function seededEmulatorCases(rng: Prng, n: number): EmulatorCase[] {
  const cases: EmulatorCase[] = [];
  const pick = <T>(xs: readonly T[]): T => xs[rng.int(0, xs.length - 1)]!;
  const canonical = () => `seeded-${rng.int(0, 1e9).toString(36)}`;
  const kinds = ['garbled body', 'cut body', 'wrong type', 'random token', 'random path', 'nesting'] as const;
  for (let i = 0; i < n; i++) {
    const kind = kinds[i % kinds.length]!;
    const c = canonical();
    const good = Buffer.from(JSON.stringify({ name: `Seeded ${c}`, canonical: c, description: 'drawn from the seed', rules: [RULE] }));
    if (kind === 'garbled body') {
      const bytes = Buffer.from(good);
      const flips = rng.int(1, 4);
      for (let f = 0; f < flips; f++) bytes[rng.int(0, bytes.length - 1)] = rng.next() < 0.5 ? pick([...GARBLE_BYTES]) : rng.int(0, 255);
      // What the right answer is follows from the bytes: not JSON → 400; JSON still → created, or refused by validation.
      let parses = true;
      try {
        JSON.parse(bytes.toString('utf8'));
      } catch {
        parses = false;
      }
      cases.push({ group: 'seeded', name: `body garbled at ${flips} byte(s): ${JSON.stringify(bytes.toString('latin1')).slice(0, 70)}`, send: post(bytes), expect: parses ? { status: [200, 400, 409, 422] } : BAD_REQUEST });
    } else if (kind === 'cut body') {
      const at = rng.int(0, good.length - 1);
      cases.push({ group: 'seeded', name: `body cut after ${at} of ${good.length} bytes`, send: post(good.subarray(0, at)), expect: at === 0 ? { status: 422, code: 'ValidationError' } : BAD_REQUEST });
    } else if (kind === 'wrong type') {
      const [body, path] = pick(WRONG_TYPES);
      cases.push({ group: 'seeded', name: `wrong type at ${path}`, send: post(JSON.stringify(body)), expect: invalid(path) });
    } else if (kind === 'random token') {
      const parts = Array.from({ length: rng.int(1, 4) }, () => Buffer.from(Array.from({ length: rng.int(0, 60) }, () => rng.int(0, 255))).toString('base64url'));
      const token = parts.join('.');
      cases.push({ group: 'seeded', name: `random token of ${parts.length} part(s), ${token.length} characters`, send: get(KEYS, () => token), expect: UNAUTHENTICATED });
    } else if (kind === 'random path') {
      const pieces = ['..', '%2e%2e', '%2F', '%00', '%D0%B0', '%E2%80%AE', '%C4%B1', '%EF%BD%81', '%', 'admin', 'dmin', 'a'.repeat(rng.int(101, 10_000))];
      const segment = Array.from({ length: rng.int(1, 4) }, () => pick(pieces)).join('');
      const path = `${KEYS}/${segment}`;
      // A segment that decodes to a well-formed, unused canonical is simply not found (404): any 4xx is right.
      cases.push({ group: 'seeded', name: `path …/api_keys/${segment.length > 60 ? `${segment.slice(0, 40)}… (${segment.length} characters)` : segment}`, send: get(path, undefined, false), expect: { status: ANY_4XX } });
    } else {
      const depth = rng.int(1_000, DEPTH);
      cases.push({ group: 'seeded', name: `rules nested ${depth} deep`, send: post(`{"name":"Deep","rules":${'['.repeat(depth)}${']'.repeat(depth)}}`), expect: invalid('rules[0]') });
    }
  }
  return cases;
}

/**
 * Sends one case and checks its answer: the expected status, the error envelope (with the code and details
 * expected) for a 4xx, and the server still serving afterwards. Returns the problems, none when all is right.
 */
export async function tryEmulatorCase(emu: EmulatorHandle, c: EmulatorCase): Promise<string[]> {
  const what = `${c.group} / ${c.name}`;
  const problems: string[] = [];
  let res: Reply;
  try {
    res = await c.send(emu);
  } catch (err) {
    return [`${what}: no answer (${(err as Error).message})`];
  }
  const allowed = typeof c.expect.status === 'number' ? [c.expect.status] : c.expect.status;
  if (!allowed.includes(res.status)) problems.push(`${what}: answered ${res.status}, expected ${allowed.join(' or ')}: ${JSON.stringify(res.body)?.slice(0, 300)}`);
  else if (res.status >= 400) {
    try {
      assertError(res, res.status, c.expect.code ?? String(res.body?.errors?.[0]?.code));
      const details = (res.body.errors[0].details ?? []).join(' | ');
      if (c.expect.details && !c.expect.details.test(details)) problems.push(`${what}: details ${JSON.stringify(details)} do not match ${c.expect.details}`);
      if (c.expect.message && !c.expect.message.test(res.body.errors[0].message)) problems.push(`${what}: message ${JSON.stringify(res.body.errors[0].message)} does not match ${c.expect.message}`);
    } catch (err) {
      problems.push(`${what}: ${(err as Error).message.split('\n')[0]}`);
    }
  }
  try {
    const ping = await call(emu.url, 'GET', `${KEYS}/admin`, { token: emu.adminToken });
    if (ping.status !== 200) problems.push(`${what}: the server no longer serves (GET admin answered ${ping.status})`);
  } catch (err) {
    problems.push(`${what}: the server no longer serves (${(err as Error).message})`);
  }
  return problems;
}

/** The emulator's log lines that show a failure of its own: a 5xx answered, or an error logged. */
export const serverFailure = (line: string): boolean => /"status":5\d\d/.test(line) || line.includes('"level":"error"');
