/** Workspace.open on a terminal: a required variable without a value is asked for, and its answer is used. */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { randomBytes } from 'node:crypto';
import { Workspace } from '../../src/engine/workspace.js';

const CONFIG = `variable "env" {
  type = string
}

variable "team" {
  type = string
}

resource "cycloid_organization_api_key" "ci" {
  name = "ci-\${var.env}-\${var.team}"
  rules = [{ action = "organization:project:read", effect = "allow", resources = ["organization:acme:project:web"] }]
}
`;

describe('Workspace.open with a prompt', () => {
  it('asks for each required variable that has no value, and plans with the answers', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'keyform-prompt-'));
    try {
      writeFileSync(join(dir, 'main.tf'), CONFIG);
      const asked: string[] = [];
      const ws = await Workspace.open({
        dir,
        env: { KEYFORM_ENCRYPTION_KEY: randomBytes(32).toString('base64'), TF_VAR_team: 'platform' },
        variables: [],
        prompt: async (v) => {
          asked.push(v.name);
          return 'prod';
        },
      });
      try {
        assert.deepEqual(asked, ['env'], 'team has a value from TF_VAR_team: only env is asked for');
        const ci = ws.context?.configured?.instances.find((i) => i.address === 'cycloid_organization_api_key.ci');
        assert.equal(ci?.values['name'], 'ci-prod-platform');
      } finally {
        await ws.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
