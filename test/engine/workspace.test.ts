import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { VariableConfig } from '../../src/config/types.js';
import { Workspace } from '../../src/engine/workspace.js';

const TYPE = 'cycloid_organization_api_key';

describe('Workspace.open', () => {
  const dirs: string[] = [];
  after(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });
  const workdir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'keyform-workspace-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'main.tf.json'), JSON.stringify({
      variable: { team: { type: 'string' }, suffix: { type: 'string', default: 'ci' } },
      resource: { [TYPE]: { k: { canonical: '${var.team}-${var.suffix}', name: 'Key of ${var.team}', rules: [{ action: 'organization:project:read', effect: 'allow' }] } } },
    }));
    return dir;
  };
  const env = { KEYFORM_ENCRYPTION_KEY: randomBytes(32).toString('base64') };

  it('asks for the required variables nothing gives (only those), and opens the configuration with the answers', async () => {
    const asked: string[] = [];
    const prompt = async (v: VariableConfig) => {
      asked.push(v.name);
      return 'platform';
    };
    const ws = await Workspace.open({ dir: workdir(), env, prompt });
    try {
      assert.deepEqual(asked, ['team']);
      assert.equal(ws.context?.variables.get('team'), 'platform');
      assert.equal(ws.context?.variables.get('suffix'), 'ci');
    } finally {
      await ws.close();
    }
  });

  it('asks nothing when every required variable has a value', async () => {
    let asked = 0;
    const ws = await Workspace.open({ dir: workdir(), env: { ...env, TF_VAR_team: 'security' }, prompt: async () => String(++asked) });
    try {
      assert.equal(asked, 0);
      assert.equal(ws.context?.variables.get('team'), 'security');
    } finally {
      await ws.close();
    }
  });
});
