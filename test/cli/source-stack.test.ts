/**
 * An unexpected error's stack names the sources, not the bundle: frames in dist/cli/ (mapped through the `.map`
 * beside each chunk) become src/x.ts:line:column; other frames are left as they are.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import { sourceStack } from '../../src/cli/source-stack.js';
import { packageRoot } from '../../src/package-root.js';

/** The 1-based line and column of the first occurrence of `text` in `file`. */
function placeOf(file: string, text: string): { line: number; column: number } | undefined {
  const lines = readFileSync(file, 'utf8').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const c = lines[i]!.indexOf(text);
    if (c >= 0) return { line: i + 1, column: c + 1 };
  }
  return undefined;
}

describe('cli: unexpected errors name their sources', () => {
  const chunks = join(packageRoot, 'dist', 'cli', 'chunks');
  const srcLine = placeOf(join(packageRoot, 'src', 'package-root.ts'), 'export function findPackageRoot(')!.line;

  it('maps a frame of the bundle to the TypeScript source, and leaves the others alone', () => {
    const chunk = readdirSync(chunks)
      .filter((f) => f.endsWith('.js'))
      .map((f) => join(chunks, f))
      .find((f) => placeOf(f, 'function findPackageRoot(') !== undefined);
    assert.ok(chunk, 'some chunk of the bundle holds findPackageRoot');
    const at = placeOf(chunk, 'function findPackageRoot(')!;
    const stack = [
      'TypeError: boom',
      `    at findPackageRoot (${pathToFileURL(chunk).href}:${at.line}:${at.column})`,
      `    at ${pathToFileURL(chunk).href}:${at.line}:${at.column}`,
      '    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)',
    ].join('\n');
    const mapped = sourceStack(stack).split('\n');
    assert.equal(mapped[0], 'TypeError: boom');
    assert.match(mapped[1]!, new RegExp(`^    at findPackageRoot \\(src/package-root\\.ts:${srcLine}:\\d+\\)$`));
    assert.match(mapped[2]!, new RegExp(`^    at src/package-root\\.ts:${srcLine}:\\d+$`));
    assert.equal(mapped[3], '    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)');
  });

  it('leaves a frame whose file has no map, or an unreadable one, as it is', () => {
    const dir = mkdtempSync(join(tmpdir(), 'keyform-stack-'));
    const plain = join(dir, 'plain.js');
    const broken = join(dir, 'broken.js');
    writeFileSync(plain, 'throw new Error("x");\n');
    writeFileSync(broken, 'throw new Error("x");\n');
    writeFileSync(`${broken}.map`, '{ not json');
    const stack = `Error: x\n    at ${pathToFileURL(plain).href}:1:7\n    at f (${pathToFileURL(broken).href}:1:7)`;
    assert.equal(sourceStack(stack), stack);
  });
});
