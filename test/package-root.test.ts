/**
 * keyform finds its package folder (package.json, schemas/) from the file that runs: a chunk of the bundle
 * bin/keyform runs (dist/cli/chunks/) or dist/src/package-root.js, three and two levels below it.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { findPackageRoot, packageRoot } from '../src/package-root.js';

describe('package root', () => {
  const base = mkdtempSync(join(tmpdir(), 'keyform-root-'));
  after(() => rmSync(base, { recursive: true, force: true }));
  const folder = (...parts: string[]) => {
    const dir = join(base, ...parts);
    mkdirSync(dir, { recursive: true });
    return dir;
  };
  // keyform installed as a dependency of a project, which has a package.json of its own above it.
  writeFileSync(join(folder('app'), 'package.json'), JSON.stringify({ name: 'app' }));
  const installed = folder('app', 'node_modules', 'keyform');
  writeFileSync(join(installed, 'package.json'), JSON.stringify({ name: 'keyform', version: '9.9.9' }));

  it("is found from the bundle's chunks and from a compiled module two levels down", () => {
    assert.equal(findPackageRoot(folder('app', 'node_modules', 'keyform', 'dist', 'cli', 'chunks')), installed);
    assert.equal(findPackageRoot(folder('app', 'node_modules', 'keyform', 'dist', 'cli')), installed);
    assert.equal(findPackageRoot(folder('app', 'node_modules', 'keyform', 'dist', 'src')), installed);
  });

  it("passes over a folder whose package.json is another package's", () => {
    const nested = folder('app', 'node_modules', 'keyform', 'dist', 'vendor');
    writeFileSync(join(nested, 'package.json'), JSON.stringify({ name: 'something-else' }));
    assert.equal(findPackageRoot(nested), installed);
  });

  it('is an error naming the folder when no package.json above names keyform', () => {
    const elsewhere = folder('app', 'lib');
    assert.throws(() => findPackageRoot(elsewhere), (err: Error) => err.message.includes(elsewhere) && err.message.includes('package.json'));
  });

  it('of this checkout is the folder of its package.json', () => {
    assert.equal((JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { name: string }).name, 'keyform');
  });
});
