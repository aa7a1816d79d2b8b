/** The leak scanner finds a token, or its secret part, wherever it is, and nothing in encrypted state. */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { issueToken } from '../../../src/emulator/tokens.js';
import { LeakScanner } from './leak-scan.js';

describe('chaos: leak scan', () => {
  const tokens = [issueToken('acme', 'api_key').token, issueToken('acme', 'user', 1).token];
  const signature = (t: string) => t.slice(t.lastIndexOf('.') + 1);

  it('finds a whole token, a signature alone, and a token inside JSON or a URL', () => {
    const scanner = new LeakScanner(() => tokens);
    scanner.refresh();
    scanner.scanText('a', `Authorization: Bearer ${tokens[0]}\n`);
    scanner.scanText('b', JSON.stringify({ token: signature(tokens[1]!) }));
    scanner.scanText('c', `GET /x?api_key=${tokens[0]}&y=1`);
    scanner.scanText('d', `${'x'.repeat(5)}${signature(tokens[1]!)}${'y'.repeat(5)}`);
    assert.deepEqual(scanner.leaks.map((l) => l.where), ['a', 'b', 'c', 'd']);
    assert.equal(scanner.leakedTokens(), 2);
    assert.equal(scanner.leaks[0]!.lastSeven, tokens[0]!.slice(-7), 'a leak is named by its last seven characters only');
  });

  it('ignores last_seven, other tokens and text without tokens; scans every file under a folder', () => {
    const dir = mkdtempSync(join(tmpdir(), 'keyform-leak-'));
    try {
      mkdirSync(join(dir, '.keyform'));
      writeFileSync(join(dir, 'keyform.tfstate'), JSON.stringify({ last_seven: tokens[0]!.slice(-7), other: issueToken('acme', 'api_key').token }));
      writeFileSync(join(dir, '.keyform', 'log'), `leaked ${tokens[1]}`);
      const scanner = new LeakScanner(() => tokens);
      scanner.scanDir(dir, 'dir');
      assert.deepEqual(scanner.leaks, [{ where: 'dir: .keyform/log', lastSeven: tokens[1]!.slice(-7) }]);
      assert.equal(scanner.texts, 2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
