/**
 * Who is calling: an API key (its own rules) or a user (the rules of the user's organization role).
 * Authentication reads `Authorization: Bearer <token>` or `?api_key=<token>`; every failure is a 401 whose
 * message says what was wrong without ever repeating the token.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { actionScope, isAllowed, scopeAllows } from '../permissions/index.js';
import type { EmulatorData } from './data.js';
import { forbidden, unauthenticated } from './errors.js';
import { nowSeconds } from './model.js';
import type { ApiKeyRecord, Organization, RuleRecord } from './model.js';
import { tokenMatches, tokenSelector } from './tokens.js';

export interface Principal {
  kind: 'api_key' | 'user';
  /** API key canonical or username. */
  subject: string;
  org: string;
  /** The key that made the request, when it is a key. */
  key?: ApiKeyRecord;
}

export function presentedToken(headers: IncomingHttpHeaders, query: URLSearchParams): string | undefined {
  const header = headers.authorization;
  if (header !== undefined) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) throw unauthenticated('The Authorization header must be "Bearer <token>"');
    return match[1];
  }
  return query.get('api_key') ?? undefined;
}

/** The caller behind a token; `touch` records the key's use (last_used). */
export function authenticate(data: EmulatorData, token: string | undefined, touch = true): Principal {
  if (token === undefined || token === '') throw unauthenticated();
  const selector = tokenSelector(token);
  if (selector === undefined) throw unauthenticated('The token is malformed: expected a JWT-shaped API key token');
  const cred = data.credential(selector);
  if (!cred || !tokenMatches(token, cred.hash)) throw unauthenticated('The token is not valid: it is unknown or was revoked');
  const org = data.orgs.get(cred.org);
  if (!org) throw unauthenticated('The token belongs to an organization this server does not serve');
  if (cred.kind === 'api_key') {
    const key = org.apiKeys.get(cred.subject);
    if (!key || key.token_selector !== cred.selector) throw unauthenticated('The token is not valid: it is unknown or was revoked');
    if (touch) data.touch(org.canonical, key);
    return { kind: 'api_key', subject: key.canonical, org: org.canonical, key };
  }
  if (cred.expires_at !== undefined && nowSeconds() >= cred.expires_at) throw unauthenticated('The token has expired: sign in again for a new session token');
  if (!org.users.has(cred.subject)) throw unauthenticated('The token is not valid: its user is no longer a member');
  return { kind: 'user', subject: cred.subject, org: org.canonical };
}

export function principalRules(org: Organization, principal: Principal): RuleRecord[] {
  if (principal.kind === 'api_key') return principal.key?.rules ?? [];
  const role = org.users.get(principal.subject)?.role;
  return role !== undefined ? (org.roles.get(role)?.rules ?? []) : [];
}

/** True when the principal may perform `action` on `resource`; `owner` grants it to the owning user. */
export function may(org: Organization, principal: Principal, action: string, resource: string, owner?: string): boolean {
  if (owner !== undefined && principal.kind === 'user' && principal.subject === owner) return true;
  return isAllowed(principalRules(org, principal), action, resource);
}

/**
 * The entities of a list the principal may see: those it may list or read (or, for a user, owns). A principal
 * none of whose rules names the list or read action is refused (403); a narrowed one sees only its scope.
 */
export function visibleTo<T extends { canonical: string }>(
  org: Organization,
  principal: Principal,
  entity: 'api_key' | 'role',
  items: Iterable<T>,
  ownerOf: (item: T) => string | undefined = () => undefined,
): T[] {
  const rules = principalRules(org, principal);
  const listScope = actionScope(rules, `organization:${entity}:list`);
  const readScope = actionScope(rules, `organization:${entity}:read`);
  const ownerUser = principal.kind === 'user' ? principal.subject : undefined;
  const visible: T[] = [];
  for (const item of items) {
    const resource = `organization:${org.canonical}:${entity}:${item.canonical}`;
    if ((ownerUser !== undefined && ownerOf(item) === ownerUser) || scopeAllows(listScope, resource) || scopeAllows(readScope, resource)) {
      visible.push(item);
    }
  }
  const mayEver = listScope.every || readScope.every || listScope.resources.length > 0 || readScope.resources.length > 0;
  if (visible.length === 0 && !mayEver) {
    throw forbidden(`This token may not list ${entity === 'api_key' ? 'API keys' : 'roles'} (needs organization:${entity}:list or organization:${entity}:read)`);
  }
  return visible;
}
