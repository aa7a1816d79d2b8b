/**
 * Rule actions checked against the organization's policy codes (GET /policies): an action that matches none is
 * a warning naming the closest codes, so a typo like `organization:projet:read` is caught before it becomes a
 * key that grants nothing. Used by `keyform validate --online` and by every plan.
 */
import { editDistance } from '../config/did-you-mean.js';
import { siteOf, type Site } from '../config/site.js';
import type { SourceRef } from '../config/types.js';
import { error, KeyformError, warning, type Diagnostic } from '../diagnostics.js';
import { globMatches } from '../permissions/index.js';
import type { Values } from '../values.js';

/**
 * One rule action: where it is written and the organization its key belongs to. The site's line is looked up only
 * for an action that gets a diagnostic (most match a policy code: a plan of 1,000 new keys looked 1,500 lines up
 * for nothing).
 */
export interface ActionSite {
  action: string;
  organization: string;
  address: string;
  /** The attribute path, `rules[N].action`. */
  path: string;
  source: SourceRef;
  /** The rules come from a sensitive value: the action is not shown. */
  sensitive?: boolean;
}

/**
 * Every known rule action of `instances`, with its organization when known (else skipped). `sensitive` lists an
 * instance's top-level attributes fed by sensitive values.
 */
export function actionSites(instances: Iterable<{ address: string; values: Values; source: SourceRef; sensitive?: readonly string[] }>, defaultOrganization: string | undefined): ActionSite[] {
  const out: ActionSite[] = [];
  for (const i of instances) {
    const org = i.values['organization_canonical'];
    const organization = typeof org === 'string' ? org : org == null ? defaultOrganization : undefined;
    const rules = i.values['rules'];
    if (organization === undefined || !Array.isArray(rules)) continue;
    rules.forEach((rule, n) => {
      const action = rule !== null && typeof rule === 'object' && !Array.isArray(rule) ? (rule as Values)['action'] : undefined;
      if (typeof action !== 'string') return;
      const site: ActionSite = { action, organization, address: i.address, path: `rules[${n}].action`, source: i.source };
      if (i.sensitive?.includes('rules')) site.sensitive = true;
      out.push(site);
    });
  }
  return out;
}

/**
 * A warning per action that matches no policy code of its organization (each organization's codes read once);
 * an error per organization whose codes cannot be read, prefixed with `label`.
 */
export async function policyDiagnostics(sites: readonly ActionSite[], listPolicies: (org: string) => Promise<Array<{ code: string }>>, label = ''): Promise<Diagnostic[]> {
  const out: Diagnostic[] = [];
  for (const org of [...new Set(sites.map((s) => s.organization))].sort()) {
    let codes: string[];
    try {
      codes = (await listPolicies(org)).map((p) => p.code);
    } catch (err) {
      if (!(err instanceof KeyformError)) throw err;
      out.push(error(`${label}cannot read the policy codes of organization ${org}`, { detail: err.message }));
      continue;
    }
    const seen = new Set<string>();
    for (const s of sites) {
      if (s.organization !== org) continue;
      const key = `${s.address}\n${s.path}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const d = checkAction(s, codes);
      if (d) out.push(d);
    }
  }
  return out;
}

/** The warning for one action, or undefined when it matches a policy code. */
function checkAction(s: ActionSite, codes: readonly string[]): Diagnostic | undefined {
  const at = (): Site => siteOf(s.source, s.address, s.path);
  const shown = s.sensitive ? 'An action (sensitive value)' : s.action;
  if (s.action.includes('*')) {
    if (codes.some((c) => globMatches(s.action, c))) return undefined;
    return warning(`${shown} matches no policy code of ${s.organization}`, { ...at(), detail: 'This rule grants nothing: no policy code of the organization matches the pattern.' });
  }
  if (codes.includes(s.action)) return undefined;
  // The closest codes would give a sensitive action away.
  if (s.sensitive) return warning(`${shown} matches no policy code of ${s.organization}`, { ...at(), detail: 'This rule grants nothing: no policy code of the organization is this action.' });
  const near = [...codes].sort((a, b) => editDistance(s.action, a) - editDistance(s.action, b) || (a < b ? -1 : a > b ? 1 : 0)).slice(0, 3);
  const hint = near.length > 0 ? `; did you mean ${near[0]}?` : '';
  const detail = near.length > 0 ? `The closest policy codes of ${s.organization}: ${near.join(', ')}.` : `Organization ${s.organization} has no policy codes.`;
  return warning(`${s.action} matches no policy code of ${s.organization}${hint}`, { ...at(), detail });
}
