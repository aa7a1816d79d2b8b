/** The working directory of a chaos scenario: a configuration of N keys with `count`, and an anchor key. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const KEY_TYPE = 'cycloid_organization_api_key';

export interface KeySet {
  /** Canonical prefix: keys are `${prefix}-0` … `${prefix}-${count - 1}`. */
  prefix: string;
  count: number;
  /** A key outside the counted set, kept in every configuration so the state always exists and has a lineage. */
  anchor?: string;
}

/** The canonicals the configuration declares. */
export function desiredCanonicals(set: KeySet): string[] {
  const out = Array.from({ length: set.count }, (_, i) => `${set.prefix}-${i}`);
  if (set.anchor) out.push(set.anchor);
  return out;
}

/**
 * Terraform JSON: `count` keys whose rules vary with the index (some narrowed to resources), and an output of the
 * first key's token, sensitive, so `keyform output --raw` can be checked against the state.
 */
export function configText(set: KeySet): string {
  const resource: Record<string, unknown> = {
    k: {
      count: set.count,
      canonical: `${set.prefix}-\${count.index}`,
      name: `Chaos ${set.prefix} key \${count.index}`,
      description: 'made by the chaos run',
      rules: [
        { action: '${count.index % 2 == 0 ? "organization:project:read" : "organization:credential:read"}', effect: 'allow', resources: '${count.index % 3 == 0 ? ["organization:acme:project:web"] : []}' },
      ],
    },
  };
  if (set.anchor) resource['anchor'] = { canonical: set.anchor, name: `Chaos anchor ${set.anchor}`, rules: [{ action: 'organization:project:read', effect: 'allow' }] };
  const out: Record<string, unknown> = { resource: { [KEY_TYPE]: resource } };
  if (set.count > 0) out['output'] = { first_token: { value: `\${${KEY_TYPE}.k[0].token}`, sensitive: true } };
  return JSON.stringify(out, null, 1);
}

export function makeWorkdir(tag: string): string {
  return mkdtempSync(join(tmpdir(), `keyform-chaos-${tag}-`));
}

export function writeConfig(dir: string, set: KeySet): void {
  writeFileSync(join(dir, 'main.tf.json'), configText(set));
}
