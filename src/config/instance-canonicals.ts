/**
 * Two instances that would get the same canonical in one organization, found from evaluated values: what the
 * declaration-level check (check-duplicates.ts) cannot see — instances of one resource with count or for_each,
 * canonicals and names built from variables. A pair the declaration-level check already reported (both plain
 * literals in resources without count/for_each) is not reported again.
 */
import { error, type Diagnostic } from '../diagnostics.js';
import type { Values } from '../values.js';
import { derivedCanonical, shown } from './api-rules.js';
import { literalString } from './literal-string.js';
import { placeOf, siteOf } from './site.js';
import type { ResourceConfig } from './types.js';

interface Claim {
  address: string;
  resource: ResourceConfig;
  fromName?: string;
  /** Seen by the declaration-level check too. */
  literal: boolean;
  /** The canonical comes from a sensitive value: never shown. */
  sensitive: boolean;
}

export class CanonicalClaims {
  private readonly claims = new Map<string, Claim>();

  /**
   * Records the canonical of an evaluated instance; a diagnostic when another instance holds it. `defaultOrg`
   * is the provider's default organization as a comparable key (its literal, or a placeholder for CY_ORG);
   * `sensitive`, the instance's top-level attributes fed by sensitive values (their values are not shown).
   */
  claim(address: string, r: ResourceConfig, values: Values, defaultOrg: string | undefined, sensitive: readonly string[] = []): Diagnostic | undefined {
    if (r.type !== 'cycloid_organization_api_key') return undefined;
    const org = typeof values['organization_canonical'] === 'string' ? values['organization_canonical'] : values['organization_canonical'] == null ? defaultOrg : undefined;
    if (org === undefined) return undefined;
    let canonical: string | undefined;
    let fromName: string | undefined;
    if (typeof values['canonical'] === 'string') canonical = values['canonical'];
    else if (values['canonical'] == null && typeof values['name'] === 'string') {
      const d = derivedCanonical(values['name']);
      if (d.problem) return undefined;
      canonical = d.canonical;
      fromName = values['name'];
    }
    if (canonical === undefined) return undefined;
    const literal = r.count === undefined && r.forEach === undefined && (fromName === undefined ? literalString(r.config['canonical']) !== undefined : literalString(r.config['name']) !== undefined);
    const key = `${org}\n${canonical}`;
    const prior = this.claims.get(key);
    const hidden = sensitive.includes(fromName === undefined ? 'canonical' : 'name');
    if (!prior) {
      const mine: Claim = { address, resource: r, literal, sensitive: hidden };
      if (fromName !== undefined) mine.fromName = fromName;
      this.claims.set(key, mine);
      return undefined;
    }
    if (prior.address === address || (prior.literal && literal)) return undefined;
    const where = prior.resource === r ? 'another instance of the same resource' : placeOf(prior.resource.source);
    const what = hidden || prior.sensitive
      ? `Duplicate canonical (sensitive value)${fromName === undefined ? '' : ' (derived from name)'}`
      : `Duplicate canonical "${canonical}"${fromName === undefined ? '' : ` (derived from name ${shown(fromName)})`}`;
    return error(`${what}: ${prior.address} (${where}) has it too`, {
      ...siteOf(r.source, address, fromName === undefined ? 'canonical' : 'name'),
      detail: 'Each API key needs its own canonical in an organization. With count or for_each, build it from count.index or each.key.',
    });
  }
}
