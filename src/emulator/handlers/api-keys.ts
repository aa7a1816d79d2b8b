/** /organizations/{org}/api_keys: list, create, get, update, delete (API-NOTES). */
import { checkRules, normaliseRules } from '../../permissions/index.js';
import { canonicalFromName, isCanonical } from '../../canonical.js';
import type { RuleConfig } from '../config.js';
import { conflict, forbidden, notFound, unprocessable } from '../errors.js';
import type { ApiKeyRecord, Organization } from '../model.js';
import { pageOf } from '../pagination.js';
import { apiKeyJson, apiKeyView } from '../present.js';
import { may, visibleTo, type Principal } from '../principal.js';
import { checkBody, checkPathCanonical } from '../request-checks.js';
import type { Reply, RequestContext, Route } from '../route.js';

interface NewApiKeyBody {
  canonical?: string;
  name: string;
  description?: string;
  owner?: string;
  rules: RuleConfig[];
}

interface UpdateApiKeyBody {
  name: string;
  description?: string;
  owner?: string;
  rules?: unknown;
}

const resourceOf = (org: string, canonical: string) => `organization:${org}:api_key:${canonical}`;

function ownerProblems(org: Organization, owner: string | undefined): string[] {
  return owner !== undefined && !org.users.has(owner) ? [`owner: no user '${owner}' in organization '${org.canonical}'`] : [];
}

function callerUser(principal: Principal): string {
  return principal.kind === 'user' ? principal.subject : principal.key!.owner;
}

function existing(ctx: RequestContext, action: string): ApiKeyRecord {
  const canonical = checkPathCanonical(ctx.params['canonical']!, 'api_key_canonical');
  const key = ctx.org.apiKeys.get(canonical);
  if (!may(ctx.org, ctx.principal, `organization:api_key:${action}`, resourceOf(ctx.org.canonical, canonical), key?.owner)) {
    throw forbidden(`This token may not ${action} the API key '${canonical}' (needs organization:api_key:${action})`);
  }
  if (!key) throw notFound(`The API key '${canonical}' was not found in organization '${ctx.org.canonical}'`);
  return key;
}

function list(ctx: RequestContext): Reply {
  const { org, principal, query } = ctx;
  let keys = visibleTo(org, principal, 'api_key', org.apiKeys.values(), (k) => k.owner);
  const memberId = query.get('member_id');
  if (memberId !== null) {
    if (!/^\d{1,10}$/.test(memberId)) throw unprocessable('The query is invalid', ['member_id in query: must be an integer']);
    keys = keys.filter((k) => org.users.get(k.owner)?.id === Number(memberId));
  }
  keys.sort((a, b) => a.id - b.id);
  const { page, pagination } = pageOf(keys, query);
  return { status: 200, raw: `{"data":[${page.map((k) => apiKeyJson(org, k)).join(',')}],"pagination":${JSON.stringify(pagination)}}` };
}

function create(ctx: RequestContext): Reply {
  const { org, principal, data } = ctx;
  const body = checkBody<NewApiKeyBody>(ctx.body, 'NewAPIKey', (b) => {
    const problems = [...checkRules(b.rules), ...ownerProblems(org, b.owner)];
    if (b.canonical === undefined && !isCanonical(canonicalFromName(b.name))) {
      problems.push(`canonical: none was sent and none can be derived from the name '${b.name.slice(0, 100)}': send one`);
    }
    return problems;
  });
  const canonical = body.canonical ?? canonicalFromName(body.name);
  if (!may(org, principal, 'organization:api_key:create', resourceOf(org.canonical, canonical))) {
    throw forbidden(`This token may not create the API key '${canonical}' (needs organization:api_key:create)`);
  }
  if (org.apiKeys.has(canonical)) {
    throw conflict(`An API key with canonical '${canonical}' already exists in organization '${org.canonical}'`, [
      `canonical: '${canonical}' is already taken`,
    ]);
  }
  const { record, token } = data.createApiKey(org, {
    canonical,
    name: body.name,
    description: body.description ?? '',
    owner: body.owner ?? callerUser(principal),
    rules: body.rules,
  });
  return { status: 200, body: { data: apiKeyView(org, record, token) } };
}

function get(ctx: RequestContext): Reply {
  return { status: 200, body: { data: apiKeyView(ctx.org, existing(ctx, 'read')) } };
}

function update(ctx: RequestContext): Reply {
  const key = existing(ctx, 'update');
  const body = checkBody<UpdateApiKeyBody>(ctx.body, 'UpdateAPIKey', (b) => {
    const problems = ownerProblems(ctx.org, b.owner);
    if (b.rules !== undefined && !sameRules(b.rules, key)) {
      problems.push('rules: the rules of an API key are immutable: create a new key to change them');
    }
    return problems;
  });
  const updated = ctx.data.updateApiKey(ctx.org, key, {
    name: body.name,
    description: body.description ?? '',
    owner: body.owner ?? key.owner,
  });
  return { status: 200, body: { data: apiKeyView(ctx.org, updated) } };
}

function sameRules(sent: unknown, key: ApiKeyRecord): boolean {
  if (!Array.isArray(sent)) return false;
  const valid = sent.every(
    (r) => typeof r === 'object' && r !== null && typeof r.action === 'string' && r.effect === 'allow' &&
      (r.resources === undefined || (Array.isArray(r.resources) && r.resources.every((x: unknown) => typeof x === 'string'))),
  );
  if (!valid) return false;
  const a = normaliseRules(sent as RuleConfig[]);
  const b = normaliseRules(key.rules.map((r) => ({ action: r.action, effect: r.effect, resources: r.resources })));
  return JSON.stringify(a) === JSON.stringify(b);
}

function remove(ctx: RequestContext): Reply {
  const key = existing(ctx, 'delete');
  ctx.data.deleteApiKey(ctx.org, key);
  return { status: 204 };
}

export const apiKeyRoutes: Route[] = [
  { method: 'GET', pattern: '/organizations/:org/api_keys', body: false, handle: list },
  { method: 'POST', pattern: '/organizations/:org/api_keys', body: true, handle: create },
  { method: 'GET', pattern: '/organizations/:org/api_keys/:canonical', body: false, handle: get },
  { method: 'PUT', pattern: '/organizations/:org/api_keys/:canonical', body: true, handle: update },
  { method: 'DELETE', pattern: '/organizations/:org/api_keys/:canonical', body: false, handle: remove },
];
