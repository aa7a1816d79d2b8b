/**
 * Leak scan: every byte keyform printed or wrote in its working directory, searched for every token the emulator
 * issued. A token is found by its signature part (the last 43 characters, 32 random bytes in base64url), so the
 * whole token and any piece holding the signature both count. `keyform output --raw NAME` is the one place a token
 * may be printed: its output is not given to the scanner.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const SIGNATURE_LENGTH = 43;
const RUN = /[A-Za-z0-9_-]{43,}/g;

export interface Leak {
  where: string;
  /** The token's last seven characters (never the token). */
  lastSeven: string;
}

export class LeakScanner {
  readonly leaks: Leak[] = [];
  /** Texts (streams and files) scanned, and their bytes. */
  texts = 0;
  bytes = 0;
  private signatures = new Map<string, string>();

  constructor(private readonly tokens: () => string[]) {}

  /** Reads the token list again (call after the emulator issued more). */
  refresh(): void {
    for (const t of this.tokens()) {
      const sig = t.slice(t.lastIndexOf('.') + 1);
      if (sig.length === SIGNATURE_LENGTH) this.signatures.set(sig, t.slice(-7));
    }
  }

  get tokenCount(): number {
    return this.signatures.size;
  }

  scanText(where: string, text: string): void {
    this.texts++;
    this.bytes += Buffer.byteLength(text);
    const found = new Set<string>();
    for (const m of text.matchAll(RUN)) {
      const run = m[0];
      for (let i = 0; i + SIGNATURE_LENGTH <= run.length; i++) {
        const lastSeven = this.signatures.get(run.slice(i, i + SIGNATURE_LENGTH));
        if (lastSeven !== undefined && !found.has(lastSeven)) {
          found.add(lastSeven);
          this.leaks.push({ where, lastSeven });
        }
      }
    }
  }

  /** Every file under `dir` (keyform's state, backups, journals, locks, plan files, logs …). */
  scanDir(dir: string, label: string): void {
    this.refresh();
    for (const path of filesUnder(dir)) this.scanText(`${label}: ${relative(dir, path)}`, readFileSync(path, 'latin1'));
  }

  /** A keyform run's stdout and stderr. */
  scanRun(label: string, run: { stdout: string; stderr: string }): void {
    this.refresh();
    this.scanText(`${label}: stdout`, run.stdout);
    this.scanText(`${label}: stderr`, run.stderr);
  }

  /** Distinct tokens leaked. */
  leakedTokens(): number {
    return new Set(this.leaks.map((l) => l.lastSeven)).size;
  }
}

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(path));
    else if (entry.isFile() && statSync(path).size > 0) out.push(path);
  }
  return out;
}
