/**
 * Refresh: every organization the state or the configuration names is read through the list endpoint's pages
 * (page_size 1000) — one call per 1,000 keys, never one GET per key.
 */
import type { PriorInstance } from '../plan/inputs.js';
import type { ProviderSettings, RemoteObject, ResourceClient } from '../provider/resource.js';
import type { DesiredResource } from '../plan/inputs.js';

export function organizationsOf(prior: readonly PriorInstance[], desired: readonly DesiredResource[], provider: ProviderSettings, configured: (r: DesiredResource) => unknown): string[] {
  const orgs = new Set<string>();
  for (const p of prior) {
    const org = p.values['organization_canonical'];
    if (typeof org === 'string') orgs.add(org);
  }
  for (const r of desired) {
    const org = configured(r);
    if (typeof org === 'string') orgs.add(org);
    else if (provider.defaultOrganization) orgs.add(provider.defaultOrganization);
  }
  return [...orgs].sort();
}

export async function refresh(client: ResourceClient, organizations: readonly string[]): Promise<Map<string, RemoteObject>> {
  if (organizations.length === 0) return new Map();
  return client.list(organizations);
}
