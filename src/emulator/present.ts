/** The API's response shapes, built from records. */
import type { ApiKeyRecord, Organization, PolicyRecord, RoleRecord, RuleRecord, UserRecord } from './model.js';

export function userView(user: UserRecord | undefined, username: string) {
  if (!user) {
    // The owner left the organization: keep the username so the key still says who owned it.
    return { id: 1, username, email: `${username}@removed.invalid`, given_name: 'Removed', family_name: 'User', locale: 'en', mfa_enabled: false, created_at: 0 };
  }
  const view: Record<string, unknown> = {
    id: user.id,
    username: user.username,
    email: user.email,
    given_name: user.given_name,
    family_name: user.family_name,
    locale: user.locale,
    mfa_enabled: false,
    created_at: user.created_at,
  };
  if (user.country_code !== undefined) view['country_code'] = user.country_code;
  return view;
}

const ruleView = (r: RuleRecord) => ({ id: r.id, action: r.action, effect: r.effect, resources: r.resources });

export function apiKeyView(org: Organization, key: ApiKeyRecord, token?: string) {
  const view: Record<string, unknown> = {
    id: key.id,
    canonical: key.canonical,
    name: key.name,
    description: key.description,
    owner: userView(org.users.get(key.owner), key.owner),
    rules: key.rules.map(ruleView),
    last_seven: key.last_seven,
    last_used: key.last_used,
  };
  if (token !== undefined) view['token'] = token;
  return view;
}

export function roleView(role: RoleRecord) {
  return {
    id: role.id,
    canonical: role.canonical,
    name: role.name,
    description: role.description,
    default: role.default,
    rules: role.rules.map(ruleView),
    created_at: role.created_at,
    updated_at: role.updated_at,
  };
}

export function policyView(policy: PolicyRecord) {
  return { id: policy.id, code: policy.code, description: policy.description };
}

const keyJsonCache = new WeakMap<ApiKeyRecord, { lastUsed: number; json: string }>();

/**
 * `JSON.stringify(apiKeyView(org, key))`, kept per record: records are replaced on every write, and only
 * `last_used` changes in place, so a list of 1,000 keys is mostly joined from cached strings.
 */
export function apiKeyJson(org: Organization, key: ApiKeyRecord): string {
  const cached = keyJsonCache.get(key);
  if (cached && cached.lastUsed === key.last_used) return cached.json;
  const json = JSON.stringify(apiKeyView(org, key));
  keyJsonCache.set(key, { lastUsed: key.last_used, json });
  return json;
}
