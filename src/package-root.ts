/** The folder keyform is installed in (holding package.json and schemas/), found from the running file. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The nearest folder at or above `from` whose package.json names keyform. This code runs from a chunk of the bundle
 * bin/keyform runs (dist/cli/chunks/) and from dist/src/package-root.js (tests and scripts): two or three levels down.
 */
export function findPackageRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name === 'keyform') return dir;
    if (dirname(dir) === dir) throw new Error(`keyform's package.json was not found in ${from} or any folder above it`);
  }
}

export const packageRoot: string = findPackageRoot(dirname(fileURLToPath(import.meta.url)));

export const schemaPath = (name: string): string => join(packageRoot, 'schemas', name);
