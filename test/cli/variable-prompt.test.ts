/**
 * The prompt for a required variable that has no value, driven through a real pseudo-terminal: `keyform plan` runs
 * under util-linux `script`, so its stdin, stdout and stderr are a terminal, as when a person runs it; the test types
 * each value when asked, and the plan uses them. A sensitive variable's value is typed without echo and appears
 * nowhere in what the terminal shows. Ctrl-C or Ctrl-D at the prompt stops the command with a message and exit 1;
 * at apply's confirmation prompt they are a no ('Apply cancelled.').
 * Node has no pseudo-terminal of its own and the project installs no package for one: without `script` on PATH the
 * tests are skipped, saying why.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startEmulator, type EmulatorHandle } from '../../src/emulator/index.js';
import { call } from '../support/api.js';
import { keyformEnv } from '../support/keyform.js';
import { finishE2e, recordRun, watchDir } from '../support/leaks.js';
import { keyformBin } from '../support/process.js';

const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;

const MAIN_TF = `variable "prefix" {
  type        = string
  description = "Prefix of the key names"
}

variable "note" {
  type      = string
  sensitive = true
}

provider "cycloid" {}

resource "cycloid_organization_api_key" "reader" {
  name        = "\${var.prefix} reader"
  description = var.note
  rules       = [{ action = "organization:project:read", effect = "allow" }]
}
`;

const quote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;
/** What a terminal shows, without its control sequences and carriage returns. */
const shown = (s: string): string => s.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '').replace(/\r/g, '');

/** keyform running on a pseudo-terminal: what it printed so far, and a way to type. */
class Terminal {
  readonly child: ChildProcessWithoutNullStreams;
  output = '';
  readonly done: Promise<number | null>;
  private waiters: Array<() => void> = [];

  constructor(
    readonly args: string[],
    env: NodeJS.ProcessEnv,
  ) {
    const command = `exec ${[process.execPath, keyformBin, ...args].map(quote).join(' ')}`;
    this.child = spawn('script', ['--quiet', '--return', '--command', command, '/dev/null'], { env: { ...env, SHELL: '/bin/sh', TERM: 'dumb' } });
    const take = (d: Buffer) => {
      this.output += d.toString('utf8');
      for (const w of this.waiters.splice(0)) w();
    };
    this.child.stdout.on('data', take);
    this.child.stderr.on('data', take);
    this.done = new Promise((resolve, reject) => {
      this.child.on('error', reject);
      this.child.on('close', (code) => {
        recordRun(args, this.output, '');
        for (const w of this.waiters.splice(0)) w();
        resolve(code);
      });
    });
  }

  /** Resolves once the terminal has shown `text` `times` times (the test's timeout bounds the wait). */
  async waitFor(text: string, times = 1): Promise<void> {
    while (shown(this.output).split(text).length - 1 < times) {
      if (this.child.exitCode !== null || this.child.signalCode !== null) assert.fail(`keyform ended before showing ${JSON.stringify(text)}:\n${shown(this.output)}`);
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  type(text: string): void {
    this.child.stdin.write(text);
  }
}

describe('prompts on a terminal: a missing required variable, the apply confirmation', { timeout: 120_000, skip: hasScript ? false : 'util-linux `script` is not on PATH: no pseudo-terminal to drive' }, () => {
  let emu: EmulatorHandle;
  let dir: string;
  let confirmDir: string;
  let env: NodeJS.ProcessEnv;

  before(async () => {
    emu = await startEmulator();
    dir = watchDir(mkdtempSync(join(tmpdir(), 'keyform-prompt-')));
    writeFileSync(join(dir, 'main.tf'), MAIN_TF);
    env = keyformEnv(emu);
    for (const k of Object.keys(env)) if (k.startsWith('TF_VAR_')) delete env[k];
    confirmDir = watchDir(mkdtempSync(join(tmpdir(), 'keyform-confirm-')));
    writeFileSync(join(confirmDir, 'main.tf'), 'resource "cycloid_organization_api_key" "asked" {\n  name  = "asked first"\n  rules = [{ action = "organization:project:read", effect = "allow" }]\n}\n');
  });
  after(() => finishE2e(emu, [dir, confirmDir]));

  it('asks for each value, echoes only the non-sensitive one, and plans with both', async () => {
    const secret = 'hunter2-typed-note';
    const term = new Terminal(['plan', '--chdir', dir], env);
    const answers: Record<string, string> = { prefix: 'kf-typed', note: secret };
    const asked: string[] = [];
    for (let n = 1; n <= 2; n++) {
      await term.waitFor('Enter a value: ', n);
      const before = shown(term.output).split('Enter a value: ').slice(0, n).join('Enter a value: ');
      const name = [...before.matchAll(/^var\.(\w+)$/gm)].at(-1)?.[1];
      assert.ok(name && answers[name] !== undefined, `asked for an unexpected variable:\n${shown(term.output)}`);
      asked.push(name);
      term.type(`${answers[name]}\r`);
    }
    const code = await term.done;
    const screen = shown(term.output);
    assert.equal(code, 0, screen);
    assert.deepEqual(asked.sort(), ['note', 'prefix']);
    assert.match(screen, /^var\.prefix\n {2}Prefix of the key names\n\n {2}Enter a value: kf-typed\n/m, 'the description is shown and the typed value echoed');
    assert.match(screen, /^var\.note\n\n {2}Enter a value: \n/m, 'nothing echoed for the sensitive value');
    assert.match(screen, /\+ name\s+= "kf-typed reader"/, 'the plan uses the typed value');
    assert.match(screen, /\+ description\s+= \(sensitive value\)/);
    assert.ok(!screen.includes(secret) && !screen.includes('hunter2'), `the sensitive value was shown:\n${screen}`);
    assert.match(screen, /1 to add, 0 to change, 0 to destroy/);
  });

  for (const [key, name, why] of [['\x03', 'Ctrl-C', 'interrupted'], ['\x04', 'Ctrl-D', 'the input ended']] as const) {
    it(`${name} at the prompt stops the command: exit 1, a message, no state written`, async () => {
      const term = new Terminal(['plan', '--chdir', dir], env);
      await term.waitFor('Enter a value: ');
      term.type(key);
      const code = await term.done;
      const screen = shown(term.output);
      assert.equal(code, 1, screen);
      assert.match(screen, new RegExp(`No value for required variable var\\.(prefix|note): ${why}`));
      assert.equal(existsSync(join(dir, 'terraform.tfstate')), false);
    });
  }

  // Ctrl-C at this prompt was an unexpected error (readline's AbortError) with a stack.
  for (const [key, name] of [['\x03', 'Ctrl-C'], ['\x04', 'Ctrl-D']] as const) {
    it(`${name} at "Enter a value" is a no: Apply cancelled, exit 1, no key made, no lock left`, async () => {
      const term = new Terminal(['apply', '--chdir', confirmDir], keyformEnv(emu));
      await term.waitFor('Enter a value: ');
      term.type(key);
      const code = await term.done;
      const screen = shown(term.output);
      assert.equal(code, 1, screen);
      assert.match(screen, /Apply cancelled\./);
      assert.doesNotMatch(screen, /unexpected error|AbortError|\n\s+at /);
      assert.deepEqual(readdirSync(confirmDir).filter((f) => /lock|journal/.test(f)), [], 'the lock is released');
      const listed = await call(emu.url, 'GET', '/organizations/acme/api_keys', { token: emu.adminToken });
      assert.ok(!(listed.body.data as Array<{ canonical: string }>).some((k) => k.canonical === 'asked-first'), 'no key was created');
    });
  }
});
