/**
 * The engine benchmark's workload: N API keys, each with a canonical, a name, a description and one or two rules,
 * written three ways from the same values — a keyform configuration (`main.tf.json`), the bodies of the bare
 * POST loop, and a Terraform configuration of `terraform_data` resources whose `input` holds the same object.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const ORG = 'acme';

export interface Rule {
  action: string;
  effect: 'allow';
  resources: string[];
}

export interface KeySpec {
  /** The resource name in the configurations. */
  name: string;
  body: { canonical: string; name: string; description: string; rules: Rule[] };
}

const PROJECTS = ['web', 'api', 'billing', 'data-platform'];

export function keySpec(i: number): KeySpec {
  const rules: Rule[] = [{ action: 'organization:project:read', effect: 'allow', resources: [`organization:${ORG}:project:${PROJECTS[i % PROJECTS.length]}`] }];
  if (i % 2 === 1) rules.push({ action: 'organization:credential:read', effect: 'allow', resources: [`organization:${ORG}:credential:cy-*`] });
  const n = String(i).padStart(5, '0');
  return {
    name: `k${n}`,
    body: { canonical: `bench-${n}`, name: `Bench key ${n}`, description: `Benchmark key ${n}, created by npm run bench`, rules },
  };
}

export function keySpecs(n: number): KeySpec[] {
  return Array.from({ length: n }, (_, i) => keySpec(i));
}

/** `DIR/main.tf.json` with one `cycloid_organization_api_key` per spec. */
export function writeKeyformConfig(dir: string, specs: readonly KeySpec[]): void {
  mkdirSync(dir, { recursive: true });
  const resources: Record<string, unknown> = {};
  for (const s of specs) resources[s.name] = s.body;
  const config = {
    terraform: { required_providers: { cycloid: { source: 'cycloidio/cycloid' } } },
    provider: { cycloid: { default_organization: ORG } },
    resource: { cycloid_organization_api_key: resources },
  };
  writeFileSync(join(dir, 'main.tf.json'), `${JSON.stringify(config, null, 1)}\n`);
}

/** `DIR/main.tf.json` with one `terraform_data` per spec, its `input` the key's body. */
export function writeTerraformConfig(dir: string, specs: readonly KeySpec[]): void {
  mkdirSync(dir, { recursive: true });
  const resources: Record<string, unknown> = {};
  for (const s of specs) resources[s.name] = { input: s.body };
  writeFileSync(join(dir, 'main.tf.json'), `${JSON.stringify({ resource: { terraform_data: resources } }, null, 1)}\n`);
}
