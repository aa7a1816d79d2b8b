/**
 * Issue 5, item 7 (files) — damaged or foreign files handed to keyform, as one table used by
 * test/e2e/hostile-state.test.ts and by `npm run chaos`: a state that is truncated, not JSON, of a future version,
 * or holds a bad ciphertext (of an output, of a token no expression reads); a wrong or missing encryption key; a
 * saved plan that was tampered with, or made for a state of another lineage. `seededStateCases` and
 * `seededPlanCases` draw more from a seed: cuts at random offsets, a random character of a random ciphertext
 * changed, a random structural character replaced, random bytes of a plan file changed.
 *
 * `HostileFiles` is the bench: an emulator counting requests and a working directory with a good state and backup
 * (two applies). Each case is refused by plan, apply and output: exit 1, the diagnostic, no stack trace, no API
 * request at all when the state cannot be parsed (no write otherwise), and the state and backup byte-for-byte
 * the same. The checks return problems (none when all is right), for a test to assert and the chaos run to count.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, type EmulatorHandle } from '../../../src/emulator/index.js';
import type { Prng } from '../chaos/prng.js';
import { keyformEnv } from '../keyform.js';

const TYPE = 'cycloid_organization_api_key';

export const CONFIG = JSON.stringify({
  resource: {
    [TYPE]: {
      ci: { canonical: 'ci-key', name: 'CI key', rules: [{ action: 'organization:project:read', effect: 'allow' }] },
      // No expression reads this key's token: plan leaves it encrypted in memory.
      spare: { canonical: 'spare-key', name: 'Spare key', rules: [{ action: 'organization:credential:read', effect: 'allow' }] },
    },
  },
  output: { ci_token: { value: `\${${TYPE}.ci.token}`, sensitive: true }, ci_canonical: { value: `\${${TYPE}.ci.canonical}` } },
});
/** The configuration the good state was applied from (a second apply renamed the key, so a backup exists). */
export const GOOD_CONFIG = CONFIG.replace('"CI key"', '"CI key (renamed)"');

/** How a keyform run is made: the test's runner records outputs for its leak scan, the chaos run scans them itself. */
export type Runner = (args: string[], env: NodeJS.ProcessEnv, label: string) => Promise<{ code: number | null; stdout: string; stderr: string }>;

export interface StateCase {
  name: string;
  /** The damaged state made from the good one. */
  damage(good: Buffer): Buffer;
  /** What the diagnostic must say (whitespace collapsed). */
  says: RegExp;
  /** The state cannot even be parsed: no API request at all (otherwise: no write). */
  unparseable: boolean;
  /** Environment changes (the encryption key). */
  env?: () => NodeJS.ProcessEnv;
}

const CIPHER = /"kf1:([A-Za-z0-9_-]+)"/g;
const TRUNCATED = /keyform\.tfstate is truncated: it ends in the middle of its JSON/;
const NOT_JSON_OR_CUT = /keyform\.tfstate (is not valid JSON: syntax error at line \d+, column \d+|is truncated: it ends in the middle of its JSON)/;
const DECRYPT = (what: string) => new RegExp(`Error: cannot decrypt ${what} in \\S+keyform\\.tfstate: the ciphertext is damaged or was altered`);

/** One character of the `which`-th ciphertext changed, at `at` (not its last character, whose spare bits decode alike). */
export function flipCiphertext(text: string, which: number, at: number): { text: string; cipher: string } {
  const all = [...text.matchAll(CIPHER)];
  const m = all[which % all.length]!;
  const body = m[1]!;
  const i = at % (body.length - 1);
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const next = alphabet[(alphabet.indexOf(body[i]!) + 1 + (at % 63)) % 64]!;
  const start = m.index! + '"kf1:'.length;
  return { text: text.slice(0, start + i) + next + text.slice(start + i + 1), cipher: body };
}

/** Where a ciphertext sits in the state, as keyform names it: `output NAME` or `ADDRESS.ATTRIBUTE`. */
function cipherOwner(text: string, cipher: string): string {
  const state = JSON.parse(text) as { outputs: Record<string, { value: unknown }>; resources: Array<{ type: string; name: string; instances: Array<{ attributes: Record<string, unknown> }> }> };
  for (const [name, o] of Object.entries(state.outputs)) if (o.value === `kf1:${cipher}`) return `output ${name}`;
  for (const r of state.resources) for (const i of r.instances) for (const [a, v] of Object.entries(i.attributes)) if (v === `kf1:${cipher}`) return `${r.type}.${r.name}.${a}`;
  throw new Error('ciphertext not found in the state');
}

/** The fixed cases. */
export function stateCases(): StateCase[] {
  const withVersion = (good: Buffer, version: number) => {
    const s = JSON.parse(good.toString('utf8'));
    s.version = version;
    return Buffer.from(JSON.stringify(s, null, 2));
  };
  return [
    { name: 'a state cut in half', damage: (g) => g.subarray(0, Math.floor(g.length / 2)), says: /Error: .*keyform\.tfstate is truncated: it ends in the middle of its JSON/, unparseable: true },
    { name: 'an empty state file', damage: () => Buffer.alloc(0), says: /keyform\.tfstate is truncated: it ends before any content \(empty file\)/, unparseable: true },
    { name: 'a state that is not JSON (a merge conflict)', damage: () => Buffer.from('<<<<<<< HEAD\n{"version": 4}\n=======\n'), says: /keyform\.tfstate is not valid JSON: syntax error at line 1, column 1/, unparseable: true },
    { name: 'a state of a future version', damage: (g) => withVersion(g, 5), says: /has state format version 5: it was written by a newer keyform .*upgrade keyform/, unparseable: true },
    {
      name: 'a damaged ciphertext of an output',
      damage: (g) => Buffer.from(flipCiphertext(g.toString('utf8'), outputCipherIndex(g), 30).text),
      says: DECRYPT('output ci_token'),
      unparseable: false,
    },
    {
      name: 'a damaged ciphertext of a token no expression reads',
      damage: (g) => Buffer.from(flipCiphertext(g.toString('utf8'), spareCipherIndex(g), 11).text),
      says: DECRYPT(`${TYPE}\\.spare\\.token`),
      unparseable: false,
    },
    {
      name: 'a wrong KEYFORM_ENCRYPTION_KEY',
      damage: (g) => g,
      says: /keyform\.tfstate was encrypted with key id [0-9a-f]+, but the key in use \(from KEYFORM_ENCRYPTION_KEY\) has id [0-9a-f]+: use the key this state was written with/,
      unparseable: false,
      env: () => ({ KEYFORM_ENCRYPTION_KEY: randomBytes(32).toString('base64') }),
    },
    {
      name: 'no encryption key at all',
      damage: (g) => g,
      says: /Error: no state encryption key: run `keyform init` to create \.keyform\/encryption\.key, or set KEYFORM_ENCRYPTION_KEY/,
      unparseable: false,
      env: () => ({ KEYFORM_ENCRYPTION_KEY: '' }),
    },
  ];
}

function cipherIndex(good: Buffer, owner: string): number {
  const text = good.toString('utf8');
  const i = [...text.matchAll(CIPHER)].findIndex((m) => cipherOwner(text, m[1]!) === owner);
  if (i < 0) throw new Error(`no ciphertext of ${owner} in the state`);
  return i;
}
const outputCipherIndex = (good: Buffer) => cipherIndex(good, 'output ci_token');
const spareCipherIndex = (good: Buffer) => cipherIndex(good, `${TYPE}.spare.token`);

/** `n` cases drawn from `rng`: cuts, changed ciphertexts, replaced structural characters, in turn. */
export function seededStateCases(rng: Prng, n: number): StateCase[] {
  const out: StateCase[] = [];
  for (let k = 0; k < n; k++) {
    const draw = rng.int(0, 1e9);
    if (k % 3 === 0) {
      out.push({ name: `a state cut at a drawn offset (#${draw})`, damage: (g) => g.subarray(0, 1 + (draw % (g.length - 2))), says: TRUNCATED, unparseable: true });
    } else if (k % 3 === 1) {
      out.push({
        name: `a drawn character of a drawn ciphertext changed (#${draw})`,
        damage: (g) => Buffer.from(flipCiphertext(g.toString('utf8'), draw, Math.floor(draw / 7)).text),
        says: /Error: cannot decrypt \S+( \S+)? in \S+keyform\.tfstate: the ciphertext is damaged or was altered/,
        unparseable: false,
      });
    } else {
      out.push({ name: `a drawn structural character replaced (#${draw})`, damage: (g) => garbleStructure(g, draw), says: NOT_JSON_OR_CUT, unparseable: true });
    }
  }
  return out;
}

/** One of the state's structural characters (outside strings) replaced by another one, so the JSON no longer parses. */
export function garbleStructure(good: Buffer, draw: number): Buffer {
  const text = good.toString('utf8');
  const spots: number[] = [];
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if ('{}[]:,'.includes(c)) spots.push(i);
  }
  const replacements = '{}[]:,"x#';
  for (let attempt = 0; attempt < 20; attempt++) {
    const at = spots[(draw + attempt * 7919) % spots.length]!;
    const by = replacements[(draw + attempt) % replacements.length]!;
    if (by === text[at]) continue;
    const out = text.slice(0, at) + by + text.slice(at + 1);
    try {
      JSON.parse(out);
    } catch {
      return Buffer.from(out);
    }
  }
  return Buffer.from(text.slice(0, text.length - 2));
}

export interface PlanCase {
  name: string;
  /** The tampered plan file made from the good one (its text). */
  tamper(text: string): string;
  says: RegExp;
}

const CHANGED = /tampered\.plan was changed after it was made, or made with another encryption key: it is refused/;
const UNREADABLE = /tampered\.plan is not a keyform plan file/;

export function planCases(): PlanCase[] {
  return [
    { name: 'a value changed', tamper: (t) => t.replace('CI key (planned)', 'CI key (hijacked)'), says: CHANGED },
    { name: 'the mac replaced', tamper: (t) => t.replace(/"mac": "[0-9a-f]{64}"/, `"mac": "${'0'.repeat(64)}"`), says: CHANGED },
    { name: 'cut short', tamper: (t) => t.slice(0, t.length / 2), says: UNREADABLE },
    { name: 'not a plan', tamper: () => '{"hello": "world"}\n', says: UNREADABLE },
  ];
}

/** `n` plan files with one drawn byte changed: refused as changed, or as unreadable when the JSON broke. */
export function seededPlanCases(rng: Prng, n: number): PlanCase[] {
  return Array.from({ length: n }, () => {
    const draw = rng.int(0, 1e9);
    return {
      name: `one drawn character changed (#${draw})`,
      tamper: (t: string) => {
        const at = draw % t.length;
        const by = String.fromCharCode(33 + ((t.charCodeAt(at) - 33 + 1 + (draw % 90)) % 94));
        return t.slice(0, at) + by + t.slice(at + 1);
      },
      says: new RegExp(`${CHANGED.source}|${UNREADABLE.source}`),
    };
  });
}

/** The bench: an emulator counting requests, and a working directory holding a good state and its backup. */
export class HostileFiles {
  /** API requests of any kind, and those that could change something (anything but a GET). */
  requests = 0;
  writes = 0;
  good!: Buffer;
  goodBackup!: Buffer;
  readonly dir: string;
  env!: NodeJS.ProcessEnv;

  private constructor(readonly emu: EmulatorHandle, readonly root: string, private readonly run: Runner) {
    this.dir = join(root, 'w');
  }

  /** Starts the emulator, applies twice (so a backup exists) and keeps the good state. `root` is removed by close. */
  static async start(run: Runner, root = mkdtempSync(join(tmpdir(), 'keyform-hostile-files-'))): Promise<HostileFiles> {
    let bench: HostileFiles | undefined;
    const emu = await startEmulator({
      log: (line) => {
        if (!bench) return;
        bench.requests++;
        if (!/"method":"GET"/.test(line)) bench.writes++;
      },
    });
    bench = new HostileFiles(emu, root, run);
    bench.env = keyformEnv(emu);
    try {
      mkdirSync(bench.dir, { recursive: true });
      writeFileSync(join(bench.dir, 'main.tf.json'), CONFIG);
      const first = await bench.kf(['apply', '--auto-approve'], 'first apply');
      writeFileSync(join(bench.dir, 'main.tf.json'), GOOD_CONFIG);
      const second = await bench.kf(['apply', '--auto-approve'], 'second apply');
      if (first.code !== 0 || second.code !== 0) throw new Error(`the good state could not be made: ${first.stderr}${second.stderr}`);
      bench.good = readFileSync(bench.statePath);
      bench.goodBackup = readFileSync(`${bench.statePath}.backup`);
      return bench;
    } catch (err) {
      await bench.close();
      throw err;
    }
  }

  get statePath(): string {
    return join(this.dir, 'keyform.tfstate');
  }

  kf(args: string[], label: string, extra: NodeJS.ProcessEnv = {}) {
    return this.run([...args, '--chdir', this.dir], { ...this.env, ...extra }, label);
  }

  /** plan, apply and output on the damaged state: each must be refused. The good state is put back after. */
  async tryStateCase(c: StateCase): Promise<string[]> {
    const problems: string[] = [];
    let state: Buffer;
    try {
      state = c.damage(this.good);
    } catch (err) {
      return [`${c.name}: the case could not be made: ${(err as Error).message}`];
    }
    writeFileSync(this.statePath, state, { mode: 0o600 });
    try {
      const extra = c.env?.() ?? {};
      for (const args of [['plan'], ['apply', '--auto-approve'], ['output', 'ci_canonical']]) {
        const what = `${c.name} / ${args[0]}`;
        const before = { requests: this.requests, writes: this.writes };
        const res = await this.kf(args, what, extra);
        problems.push(...refusal(res, c.says, what));
        if (c.unparseable && this.requests !== before.requests) problems.push(`${what}: ${this.requests - before.requests} API request(s) made for a state that cannot be parsed`);
        if (this.writes !== before.writes) problems.push(`${what}: ${this.writes - before.writes} API write(s)`);
        if (!readFileSync(this.statePath).equals(state)) problems.push(`${what}: the state file changed`);
        if (!readFileSync(`${this.statePath}.backup`).equals(this.goodBackup)) problems.push(`${what}: the backup changed`);
      }
    } finally {
      writeFileSync(this.statePath, this.good, { mode: 0o600 });
    }
    return problems;
  }

  /** A plan saved for a change, tampered with, then applied: refused, nothing applied. */
  async tryPlanCase(c: PlanCase): Promise<string[]> {
    const problems: string[] = [];
    writeFileSync(join(this.dir, 'main.tf.json'), CONFIG.replace('"CI key"', '"CI key (planned)"'));
    try {
      const planFile = join(this.dir, 'change.plan');
      const made = await this.kf(['plan', '--out', planFile], `${c.name} / plan --out`);
      if (made.code !== 0) return [`${c.name}: plan --out failed: ${made.stderr.slice(-300)}`];
      const text = readFileSync(planFile, 'utf8');
      const tampered = join(this.dir, 'tampered.plan');
      writeFileSync(tampered, c.tamper(text), { mode: 0o600 });
      const before = this.requests;
      const what = `tampered plan: ${c.name} / apply`;
      problems.push(...refusal(await this.kf(['apply', tampered], what), c.says, what));
      if (this.requests !== before) problems.push(`${what}: ${this.requests - before} API request(s)`);
      if (!readFileSync(this.statePath).equals(this.good)) problems.push(`${what}: the state changed`);
    } finally {
      writeFileSync(join(this.dir, 'main.tf.json'), GOOD_CONFIG);
    }
    return problems;
  }

  /** A plan made in another working directory (its own state, another lineage), applied here: refused. */
  async tryForeignPlan(): Promise<string[]> {
    const other = join(this.root, 'other');
    mkdirSync(other, { recursive: true });
    const config = CONFIG.replace('ci-key', 'ci-other').replace('"CI key"', '"CI other"');
    writeFileSync(join(other, 'main.tf.json'), config);
    writeFileSync(join(this.dir, 'main.tf.json'), config);
    try {
      const planFile = join(this.root, 'foreign.plan');
      const made = await this.run(['plan', '--out', planFile, '--chdir', other], this.env, 'foreign plan --out');
      if (made.code !== 0) return [`foreign plan: plan --out failed: ${made.stderr.slice(-300)}`];
      const before = this.requests;
      const what = 'a plan of another lineage / apply';
      const problems = refusal(await this.kf(['apply', planFile], what), /foreign\.plan was made for another state \(lineage \S+, this state's is \S+\): run plan again/, what);
      if (this.requests !== before) problems.push(`${what}: ${this.requests - before} API request(s)`);
      if (!readFileSync(this.statePath).equals(this.good)) problems.push(`${what}: the state changed`);
      return problems;
    } finally {
      writeFileSync(join(this.dir, 'main.tf.json'), GOOD_CONFIG);
    }
  }

  async close(): Promise<void> {
    await this.emu.close();
    rmSync(this.root, { recursive: true, force: true });
  }
}

/** A refusal as a user must see it: exit 1, the diagnostic, no stack trace. */
export function refusal(res: { code: number | null; stdout: string; stderr: string }, says: RegExp, what: string): string[] {
  const problems: string[] = [];
  if (res.code !== 1) problems.push(`${what}: exit ${res.code}, expected 1: ${(res.stdout + res.stderr).trim().split('\n').slice(-3).join(' | ').slice(0, 400)}`);
  if (!says.test(res.stderr.replace(/\s+/g, ' '))) problems.push(`${what}: the diagnostic does not match ${says}: ${res.stderr.trim().slice(0, 400)}`);
  if (/\n\s+at .*:\d+:\d+\)?\n/.test(res.stdout + res.stderr)) problems.push(`${what}: a stack trace was printed`);
  return problems;
}
