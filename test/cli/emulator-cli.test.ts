/** `keyform emulator` as a user runs it: the ready line, the token file, logs, bad input, signals. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { call } from '../support/api.js';
import { keyformBin, spawnEmulator } from '../support/process.js';

function keyform(args: string[]) {
  return spawnSync(process.execPath, [keyformBin, ...args], { encoding: 'utf8', timeout: 30_000 });
}

describe('cli: keyform emulator', () => {
  const dir = mkdtempSync(join(tmpdir(), 'keyform-cli-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('prints exactly one ready line, keeps the token in a 0600 file, and logs requests without tokens', async () => {
    const emu = await spawnEmulator(['--port', '0', '--data-dir', join(dir, 'data'), '--org', 'initech']);
    try {
      const ready = JSON.parse(emu.stdout().trim());
      assert.deepEqual(Object.keys(ready), ['event', 'url', 'organization', 'admin_token_file']);
      assert.equal(ready.event, 'ready');
      assert.equal(ready.organization, 'initech');
      assert.match(ready.url, /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.equal(ready.admin_token_file, join(dir, 'data', 'admin-token'));
      assert.equal(statSync(ready.admin_token_file).mode & 0o777, 0o600);
      assert.ok(!emu.stdout().includes(emu.adminToken));
      await call(emu.url, 'GET', `/organizations/initech/api_keys?api_key=${emu.adminToken}`);
      const res = await call(emu.url, 'GET', '/organizations/initech/api_keys', { token: emu.adminToken });
      assert.equal(res.status, 200);
      await new Promise((r) => setTimeout(r, 100));
      const logLines = emu.stderr().trim().split('\n').map((l) => JSON.parse(l));
      const logged = logLines.find((l) => l.request_id === res.headers['x-request-id']);
      assert.ok(logged, 'the request is logged with its request id');
      assert.equal(logged.method, 'GET');
      assert.equal(logged.path, '/organizations/initech/api_keys');
      assert.equal(logged.status, 200);
      assert.equal(typeof logged.duration_ms, 'number');
      assert.ok(!emu.stderr().includes(emu.adminToken), 'no token in the log, not even from ?api_key=');
    } finally {
      emu.child.kill('SIGINT');
      assert.equal((await emu.exited).code, 0);
    }
  });

  it('refuses a bad configuration file with every problem named by path, and exit 1', () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({
      organizations: [{ canonical: 'Not Valid', users: [{ username: 'admin', email: 'a@b.test', given_name: 'A', family_name: 'B', colour: 'red' }] }],
      faults: [{ kind: 'status', probability: 2 }],
    }));
    const res = keyform(['emulator', '--port', '0', '--config', bad]);
    assert.equal(res.status, 1);
    assert.equal(res.stdout, '');
    assert.match(res.stderr, /bad\.json/);
    assert.match(res.stderr, /organizations\[0\]\.canonical/);
    assert.match(res.stderr, /organizations\[0\]\.users\[0\]\.colour/);
    assert.match(res.stderr, /faults\[0\]\.probability/);
    assert.match(res.stderr, /faults\[0\]\.status/);
  });

  it('refuses a config file that is not JSON, or missing, naming it', () => {
    const notJson = join(dir, 'broken.json');
    writeFileSync(notJson, '{"organizations": [');
    const res = keyform(['emulator', '--config', notJson]);
    assert.equal(res.status, 1);
    assert.match(res.stderr, /broken\.json: invalid emulator configuration/);
    assert.match(res.stderr, /not valid JSON/);
    const missing = keyform(['emulator', '--config', join(dir, 'nope.json')]);
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /nope\.json.*\n.*ENOENT/);
  });

  it('refuses bad options with a clear message and exit 1', () => {
    const port = keyform(['emulator', '--port', 'eighty']);
    assert.equal(port.status, 1);
    assert.match(port.stderr, /--port: 'eighty' is not a port number/);
    const unknown = keyform(['emulator', '--colour']);
    assert.equal(unknown.status, 1);
    assert.match(unknown.stderr, /--colour/);
    const command = keyform(['frobnicate']);
    assert.equal(command.status, 1);
    assert.match(command.stderr, /unknown command 'frobnicate'/);
  });

  it('lists its commands with --help, and the emulator options with emulator --help', () => {
    const help = keyform(['--help']);
    assert.equal(help.status, 0);
    assert.match(help.stdout, /emulator/);
    const sub = keyform(['emulator', '--help']);
    assert.equal(sub.status, 0);
    assert.match(sub.stdout, /--data-dir/);
    assert.match(keyform(['version']).stdout, /^keyform \d+\.\d+\.\d+/);
  });

  it('reports a port in use as a clear error', async () => {
    const emu = await spawnEmulator(['--port', '0', '--quiet']);
    try {
      const port = new URL(emu.url).port;
      const res = keyform(['emulator', '--port', port]);
      assert.equal(res.status, 1);
      assert.match(res.stderr, /port is in use/);
    } finally {
      emu.child.kill('SIGTERM');
      await emu.exited;
    }
  });
});
