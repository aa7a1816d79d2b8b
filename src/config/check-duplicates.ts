/**
 * Declarations that collide: the same resource address or output name twice (both places named), two
 * provider configurations with the same alias, and two API keys with the same canonical in the same
 * organization — written, or derived from a literal name the way the API derives it.
 */
import { error, type Diagnostic } from '../diagnostics.js';
import { derivedCanonical, shown } from './api-rules.js';
import { literalString } from './literal-string.js';
import { placeOf, siteOf } from './site.js';
import type { ConfigModule, Expr, ProviderConfig, ResourceConfig, SourceRef } from './types.js';
import { append } from './append.js';

export function checkDuplicates(module: ConfigModule): Diagnostic[] {
  const out: Diagnostic[] = [];
  const twice = <T>(items: readonly T[], key: (x: T) => string, source: (x: T) => SourceRef, say: (k: string, first: SourceRef) => string, address: (x: T) => string | undefined) => {
    const first = new Map<string, T>();
    for (const x of items) {
      const k = key(x);
      const prior = first.get(k);
      if (prior === undefined) first.set(k, x);
      else out.push(error(say(k, source(prior)), siteOf(source(x), address(x))));
    }
  };
  twice(module.resources, (r) => r.address, (r) => r.source, (k, s) => `Duplicate resource ${k}: also declared at ${placeOf(s)}`, (r) => r.address);
  twice(module.outputs, (o) => o.name, (o) => o.source, (k, s) => `Duplicate output "${k}": also declared at ${placeOf(s)}`, (o) => `output.${o.name}`);
  twice(module.providers, providerKey, (p) => p.source, (k, s) => `Duplicate provider configuration ${k}: also declared at ${placeOf(s)}`, (p) => `provider.${providerKey(p)}`);
  append(out, duplicateCanonicals(module));
  return out;
}

const providerKey = (p: ProviderConfig): string => (p.alias === undefined ? p.name : `${p.name}.${p.alias}`);

interface Claim {
  resource: ResourceConfig;
  canonical: string;
  fromName?: string;
}

function duplicateCanonicals(module: ConfigModule): Diagnostic[] {
  const out: Diagnostic[] = [];
  const providers = new Map(module.providers.map((p) => [providerKey(p), p] as const));
  const defaults = new Map<string, ReturnType<typeof providerDefaults>>();
  const seenAddresses = new Set<string>();
  // API URL → organization → canonical → the first key claiming it (nested maps: no key string built per resource).
  const claims = new Map<string, Map<string, Map<string, Claim>>>();
  for (const r of module.resources) {
    if (r.type !== 'cycloid_organization_api_key' || seenAddresses.has(r.address)) continue;
    seenAddresses.add(r.address);
    let d = defaults.get(r.provider);
    if (!d) defaults.set(r.provider, (d = providerDefaults(providers.get(r.provider))));
    const org = organizationOf(r, d);
    const claim = org === undefined ? undefined : claimOf(r);
    if (org === undefined || claim === undefined) continue;
    const inOrg = claimsIn(claims, d.apiUrl!, org);
    const prior = inOrg.get(claim.canonical);
    if (!prior) {
      inOrg.set(claim.canonical, claim);
      continue;
    }
    const derived = claim.fromName === undefined ? '' : ` (derived from name ${shown(claim.fromName)})`;
    const priorDerived = prior.fromName === undefined ? '' : `, derived from its name`;
    const where = org === '(CY_ORG)' ? 'the default organization' : `organization "${org}"`;
    const summary = `Duplicate canonical "${claim.canonical}"${derived} in ${where}: ${prior.resource.address} (${placeOf(prior.resource.source)}) has it too${priorDerived}`;
    out.push(error(summary, siteOf(r.source, r.address, claim.fromName === undefined ? 'canonical' : 'name')));
  }
  return out;
}

function claimsIn<T>(claims: Map<string, Map<string, Map<string, T>>>, apiUrl: string, org: string): Map<string, T> {
  let byOrg = claims.get(apiUrl);
  if (!byOrg) claims.set(apiUrl, (byOrg = new Map()));
  let byCanonical = byOrg.get(org);
  if (!byCanonical) byOrg.set(org, (byCanonical = new Map()));
  return byCanonical;
}

const literalOr = (e: Expr, fallback: string): string | undefined => (e === undefined || e === null ? fallback : literalString(e));

/**
 * Each provider configuration's (`cycloid`, `cycloid.eu`) default organization as a comparable key: API URL
 * and organization, placeholders standing for CY_API_URL / CY_ORG; undefined when not known before apply.
 */
export function providerOrganizations(module: ConfigModule): Map<string, string | undefined> {
  const out = new Map<string, string | undefined>();
  const keys = new Set([...module.providers.map(providerKey), ...module.resources.map((r) => r.provider)]);
  const byKey = new Map(module.providers.map((p) => [providerKey(p), p] as const));
  for (const k of keys) {
    const d = providerDefaults(byKey.get(k));
    out.set(k, d.apiUrl === undefined || d.org === undefined ? undefined : `${d.apiUrl}\n${d.org}`);
  }
  return out;
}

/** The API URL and default organization of a provider configuration (env placeholders when unset). */
function providerDefaults(provider: ProviderConfig | undefined): { apiUrl?: string; org?: string } {
  const apiUrl = literalOr(provider?.config['api_url'], '(CY_API_URL)');
  const org = literalOr(provider?.config['default_organization'], '(CY_ORG)');
  return { ...(apiUrl === undefined ? {} : { apiUrl }), ...(org === undefined ? {} : { org }) };
}

/** The organization a key is created in (with its provider's API URL); undefined when not known before apply. */
function organizationOf(r: ResourceConfig, provider: { apiUrl?: string; org?: string }): string | undefined {
  const explicit = r.config['organization_canonical'];
  const org = explicit === undefined || explicit === null ? provider.org : literalString(explicit);
  return provider.apiUrl === undefined ? undefined : org;
}

function claimOf(r: ResourceConfig): Claim | undefined {
  const canonical = r.config['canonical'];
  if (canonical !== undefined && canonical !== null) {
    const c = literalString(canonical);
    return c === undefined ? undefined : { resource: r, canonical: c };
  }
  const name = literalString(r.config['name']);
  if (name === undefined) return undefined;
  const derived = derivedCanonical(name);
  return derived.problem ? undefined : { resource: r, canonical: derived.canonical, fromName: name };
}
