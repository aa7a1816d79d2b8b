/**
 * The suite's secret scan: every byte keyform writes in a test file — the stdout and stderr of each run, and every
 * file under the working directories the test registers (state, .backup, journals, plan files, lock info, key,
 * cdktf.out, anything) — is searched for every token the emulator issued, in clear and by its last 20 characters.
 * The one place a token may appear is the stdout of `keyform output --raw NAME`, which is not recorded.
 * Files that hold state or keys must also be mode 0600.
 *
 * Use: runKeyform records outputs by itself (spawned runs go through `recordRun`); a test calls `watchDir(dir)` for
 * each directory keyform writes to, and `await assertNoLeaks(emu)` in its `after` hook, before removing them.
 */
import assert from 'node:assert/strict';
import { appendFileSync, lstatSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';

/** How many trailing characters of a token count as a (partial) leak. */
export const SUFFIX_LENGTH = 20;

interface Output {
  label: string;
  text: string;
}

const outputs: Output[] = [];
const dirs = new Set<string>();
const knownTokens = new Set<string>();

/** Whether a run's stdout is the one place a token may appear: `keyform output --raw NAME`. */
export function isRawOutput(args: readonly string[]): boolean {
  return args.includes('output') && args.includes('--raw');
}

/** Records what one keyform run printed (its stdout is left out for `output --raw`). */
export function recordRun(args: readonly string[], stdout: string, stderr: string): void {
  const label = `keyform ${args.filter((a) => !a.startsWith('/')).slice(0, 4).join(' ')}`;
  if (!isRawOutput(args)) outputs.push({ label: `${label} (stdout)`, text: stdout });
  outputs.push({ label: `${label} (stderr)`, text: stderr });
}

/** Registers a directory keyform writes to; returns it. */
export function watchDir(dir: string): string {
  dirs.add(dir);
  return dir;
}

/** Tokens issued where this process cannot see them (an emulator in a child process): scanned too. */
export function addKnownTokens(tokens: Iterable<string>): void {
  for (const t of tokens) knownTokens.add(t);
}

export interface LeakFinding {
  where: string;
  /** `token` (the whole of it) or `suffix` (its last 20 characters only). */
  kind: 'token' | 'suffix';
  /** The token's last seven characters (not a secret: the API shows them), to tell which one leaked. */
  lastSeven: string;
  offset: number;
}

export interface LeakReport {
  tokens: number;
  outputs: number;
  outputBytes: number;
  files: number;
  fileBytes: number;
  findings: LeakFinding[];
  /** Files holding state or keys whose mode lets others than the owner read them. */
  badModes: string[];
}

/** State, backups, journals (also set aside), temp files of them, lock info, plan files and key files. */
export function mustBePrivate(name: string): boolean {
  return /\.tfstate|\.lock\.info$|encryption\.key|\.plan$/.test(name);
}

/** Finds each token (or its last 20 characters) in `text`: one finding per token and place. */
export function findTokens(text: string, where: string, bySuffix: ReadonlyMap<string, string>): LeakFinding[] {
  const found = new Map<string, LeakFinding>();
  const runs = /[A-Za-z0-9_-]{20,}/g;
  for (let m = runs.exec(text); m !== null; m = runs.exec(text)) {
    const run = m[0];
    for (let i = 0; i + SUFFIX_LENGTH <= run.length; i++) {
      const token = bySuffix.get(run.slice(i, i + SUFFIX_LENGTH));
      if (token === undefined || found.has(token)) continue;
      const offset = m.index + i;
      const start = offset + SUFFIX_LENGTH - token.length;
      const kind = start >= 0 && text.startsWith(token, start) ? 'token' : 'suffix';
      found.set(token, { where, kind, lastSeven: token.slice(-7), offset: kind === 'token' ? start : offset });
    }
  }
  return [...found.values()];
}

/** Scans the given outputs and every file under `roots` (symbolic links are not followed) for `tokens`. */
export function scanForLeaks(tokens: Iterable<string>, scanned: { outputs: readonly Output[]; roots: Iterable<string> }): LeakReport {
  const bySuffix = new Map<string, string>();
  for (const t of tokens) if (t.length >= SUFFIX_LENGTH) bySuffix.set(t.slice(-SUFFIX_LENGTH), t);
  const report: LeakReport = { tokens: bySuffix.size, outputs: 0, outputBytes: 0, files: 0, fileBytes: 0, findings: [], badModes: [] };
  for (const o of scanned.outputs) {
    report.outputs++;
    report.outputBytes += Buffer.byteLength(o.text);
    report.findings.push(...findTokens(o.text, o.label, bySuffix));
  }
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) {
        const bytes = readFileSync(path);
        report.files++;
        report.fileBytes += bytes.length;
        // latin1 maps each byte to one character, so ASCII tokens are found in text and binary files alike.
        report.findings.push(...findTokens(bytes.toString('latin1'), path, bySuffix));
        if (mustBePrivate(basename(path)) && (lstatSync(path).mode & 0o077) !== 0) {
          report.badModes.push(`${path} (mode ${(lstatSync(path).mode & 0o777).toString(8)})`);
        }
      }
    }
  };
  for (const root of scanned.roots) {
    let isDir = false;
    try {
      isDir = lstatSync(root).isDirectory();
    } catch {
      throw new Error(`leak scan: the watched directory ${root} is gone; call assertNoLeaks before removing it`);
    }
    if (isDir) walk(root);
  }
  return report;
}

/**
 * Fails when any token issued in this process (by the emulators, plus those added with `addKnownTokens`)
 * appears in what keyform printed or wrote, or a state or key file is not 0600. The message never holds a
 * token, only its last seven characters. Appends the figures to $KEYFORM_LEAK_STATS when it is set.
 */
export async function assertNoLeaks(emu?: { issuedTokens(): string[] }): Promise<LeakReport> {
  const tokens = new Set([...(emu?.issuedTokens() ?? []), ...knownTokens]);
  const report = scanForLeaks(tokens, { outputs, roots: dirs });
  const stats = process.env['KEYFORM_LEAK_STATS'];
  if (stats) {
    const { findings, badModes, ...figures } = report;
    appendFileSync(stats, `${JSON.stringify({ file: process.argv[1], ...figures, findings: findings.length, badModes: badModes.length })}\n`);
  }
  assert.ok(report.tokens > 0 || outputs.length === 0, 'leak scan: no token to look for, yet keyform ran (is the emulator recording tokens?)');
  const lines = report.findings.map((f) => `${f.kind === 'token' ? 'a token' : 'the last 20 characters of a token'} (…${f.lastSeven}) in ${f.where} at offset ${f.offset}`);
  assert.deepEqual(lines, [], `secrets leaked:\n${lines.join('\n')}`);
  assert.deepEqual(report.badModes, [], `state or key files readable by others:\n${report.badModes.join('\n')}`);
  return report;
}

/**
 * The end of an end-to-end suite: the leak scan, then — pass or fail — `cleanup` (closing what else the suite
 * opened), the emulator closed and `dirs` removed (after the scan: it reads them).
 */
export async function finishE2e(emu: { issuedTokens(): string[]; close(): Promise<void> }, dirs: readonly string[], cleanup?: () => Promise<void> | void): Promise<void> {
  try {
    await assertNoLeaks(emu);
  } finally {
    await cleanup?.();
    await emu.close();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  }
}
