/**
 * API keys as attribute values and back: remote objects → values (no token, no rule ids, no last_used), rule
 * normalisation (resources absent → []) so that configuration and API compare equal, and the request bodies.
 */
import { KeyformError } from '../../diagnostics.js';
import { containsUnknown, isUnknown, type Value, type Values } from '../../values.js';
import type { ApiKey, ApiRule, NewApiKey } from './api-types.js';
import { knownString, optionalString, stringOrApiDefault } from './known.js';

export const API_KEY_TYPE = 'cycloid_organization_api_key';

/** A rule as a value: `{action, effect, resources}` with resources always a list; unknowns kept. */
export function ruleValue(rule: Value): Value {
  if (rule === null || typeof rule !== 'object' || Array.isArray(rule) || isUnknown(rule)) return rule;
  const resources = rule['resources'];
  return {
    action: rule['action'] ?? null,
    effect: rule['effect'] ?? null,
    resources: resources === undefined || resources === null ? [] : resources,
  };
}

/** Rules as values, order kept; an unknown list stays unknown. */
export function rulesValue(rules: Value | undefined): Value {
  if (rules === undefined) return null;
  return Array.isArray(rules) ? rules.map(ruleValue) : rules;
}

const apiRuleValue = (r: ApiRule): Value => ({ action: r.action, effect: r.effect, resources: [...(r.resources ?? [])] });

/** The values of a remote key. */
export function remoteValues(organization: string, key: ApiKey): Values {
  return {
    id: key.id,
    organization_canonical: organization,
    canonical: key.canonical,
    name: key.name,
    description: key.description ?? '',
    owner: key.owner?.username ?? null,
    rules: key.rules.map(apiRuleValue),
    last_seven: key.last_seven,
  };
}

/** Rules for a request body: known, `resources` sent only when it narrows the rule. */
export function rulesForApi(rules: Value | undefined): NewApiKey['rules'] {
  if (!Array.isArray(rules) || containsUnknown(rules)) {
    throw new KeyformError('UNKNOWN_VALUE', 'cycloid_organization_api_key: rules are unknown or not a list at apply time');
  }
  return rules.map((r, i) => {
    const rule = r as { action?: unknown; effect?: unknown; resources?: unknown };
    if (typeof rule.action !== 'string' || typeof rule.effect !== 'string') {
      throw new KeyformError('UNKNOWN_VALUE', `cycloid_organization_api_key: rules[${i}] has no action or effect at apply time`);
    }
    const resources = Array.isArray(rule.resources) ? rule.resources.map(String) : [];
    return resources.length > 0 ? { action: rule.action, effect: rule.effect, resources } : { action: rule.action, effect: rule.effect };
  });
}

/** The body of the create of `planned` (a new key's values): the canonical always sent, the owner when known. */
export function newKeyBody(planned: Values): NewApiKey & { canonical: string } {
  const body: NewApiKey & { canonical: string } = {
    canonical: knownString(planned, 'canonical'),
    name: knownString(planned, 'name'),
    description: optionalString(planned, 'description') ?? '',
    rules: rulesForApi(planned['rules']),
  };
  const owner = stringOrApiDefault(planned, 'owner');
  if (owner !== undefined) body.owner = owner;
  return body;
}
