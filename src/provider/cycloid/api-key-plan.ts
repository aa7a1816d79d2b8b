/**
 * The planned values of a `cycloid_organization_api_key` (pure): configuration plus defaults and derived values.
 * - organization_canonical: configured, else the provider's default organization, else left unset (the planner
 *   reports it);
 * - canonical: configured, else derived from the name (unknown while the name is unknown);
 * - description: configured, else "" (PUT clears a description that is not sent);
 * - owner: configured, else the prior value, else unknown (the API defaults it to the caller's user);
 * - rules: resources absent → [], order kept (a mere reorder of the prior rules keeps the prior order);
 * - id, token, last_seven: the prior values, or unknown for a new key.
 */
import type { PlanRequest } from '../resource.js';
import { containsUnknown, isUnknown, UNKNOWN, valuesEqual, type Value, type Values } from '../../values.js';
import { normaliseRules, type Rule } from '../../permissions/index.js';
import { canonicalFromName } from '../../canonical.js';
import { rulesValue } from './api-key-values.js';

const isSet = (v: Value | undefined): v is Value => v !== undefined && v !== null;

export function plannedApiKeyValues({ config, prior, provider }: PlanRequest): Values {
  const name = config['name'] ?? null;
  const kept = (attribute: string): Value => (prior ? (prior[attribute] ?? null) : UNKNOWN);
  return {
    id: kept('id'),
    organization_canonical: isSet(config['organization_canonical'])
      ? config['organization_canonical']
      : (provider.defaultOrganization ?? null),
    canonical: isSet(config['canonical']) ? config['canonical'] : plannedCanonical(name),
    name,
    description: isSet(config['description']) ? config['description'] : '',
    owner: isSet(config['owner']) ? config['owner'] : prior && isSet(prior['owner']) ? prior['owner']! : UNKNOWN,
    rules: plannedRules(config['rules'], prior?.['rules']),
    token: kept('token'),
    last_seven: kept('last_seven'),
  };
}

/**
 * The configured rules; when they are the prior rules in another order, the prior order is kept: rule order means
 * nothing to the API, and a reorder must not replace the key (and revoke its token).
 */
function plannedRules(configured: Value | undefined, prior: Value | undefined): Value {
  const rules = rulesValue(configured);
  if (!Array.isArray(rules) || !Array.isArray(prior) || containsUnknown(rules) || containsUnknown(prior)) return rules;
  if (valuesEqual(rules, prior)) return prior; // the usual case, without normalising both lists
  const key = (v: Value) => JSON.stringify(normaliseRules(v as unknown as Rule[]));
  return key(rules) === key(prior) ? prior : rules;
}

function plannedCanonical(name: Value): Value {
  if (isUnknown(name)) return UNKNOWN;
  return typeof name === 'string' ? canonicalFromName(name) : null;
}
