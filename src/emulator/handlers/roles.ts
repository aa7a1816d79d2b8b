/** /organizations/{org}/roles: list, create, get, update, delete. */
import { checkRules } from '../../permissions/index.js';
import { canonicalFromName, isCanonical } from '../../canonical.js';
import type { RuleConfig } from '../config.js';
import { conflict, forbidden, notFound, unprocessable } from '../errors.js';
import type { RoleRecord } from '../model.js';
import { paginate } from '../pagination.js';
import { roleView } from '../present.js';
import { may, visibleTo } from '../principal.js';
import { checkBody, checkPathCanonical } from '../request-checks.js';
import type { Reply, RequestContext, Route } from '../route.js';

interface NewRoleBody {
  canonical?: string;
  name: string;
  description?: string;
  rules: RuleConfig[];
}

const resourceOf = (org: string, canonical: string) => `organization:${org}:role:${canonical}`;

function existing(ctx: RequestContext, action: string): RoleRecord {
  const canonical = checkPathCanonical(ctx.params['canonical']!, 'role_canonical');
  if (!may(ctx.org, ctx.principal, `organization:role:${action}`, resourceOf(ctx.org.canonical, canonical))) {
    throw forbidden(`This token may not ${action} the role '${canonical}' (needs organization:role:${action})`);
  }
  const role = ctx.org.roles.get(canonical);
  if (!role) throw notFound(`The role '${canonical}' was not found in organization '${ctx.org.canonical}'`);
  return role;
}

function list(ctx: RequestContext): Reply {
  const { org, principal } = ctx;
  const roles = visibleTo(org, principal, 'role', org.roles.values()).sort((a, b) => a.id - b.id);
  return { status: 200, body: paginate(roles, ctx.query, roleView) };
}

function roleBody(ctx: RequestContext): NewRoleBody {
  return checkBody<NewRoleBody>(ctx.body, 'NewRole', (b) => {
    const problems = checkRules(b.rules);
    if (b.canonical === undefined && !isCanonical(canonicalFromName(b.name))) {
      problems.push(`canonical: none was sent and none can be derived from the name '${b.name.slice(0, 100)}': send one`);
    }
    return problems;
  });
}

function create(ctx: RequestContext): Reply {
  const body = roleBody(ctx);
  const canonical = body.canonical ?? canonicalFromName(body.name);
  if (!may(ctx.org, ctx.principal, 'organization:role:create', resourceOf(ctx.org.canonical, canonical))) {
    throw forbidden(`This token may not create the role '${canonical}' (needs organization:role:create)`);
  }
  if (ctx.org.roles.has(canonical)) {
    throw conflict(`A role with canonical '${canonical}' already exists`, [`canonical: '${canonical}' is already taken`]);
  }
  const role = ctx.data.createRole(ctx.org, { canonical, name: body.name, description: body.description ?? '', rules: body.rules });
  return { status: 200, body: { data: roleView(role) } };
}

function get(ctx: RequestContext): Reply {
  return { status: 200, body: { data: roleView(existing(ctx, 'read')) } };
}

function update(ctx: RequestContext): Reply {
  const role = existing(ctx, 'update');
  const body = roleBody(ctx);
  if (body.canonical !== undefined && body.canonical !== role.canonical) {
    throw unprocessable('The canonical of a role cannot change', [`canonical: must be '${role.canonical}', as in the path`]);
  }
  const updated = ctx.data.updateRole(ctx.org, role, { name: body.name, description: body.description ?? '', rules: body.rules });
  return { status: 200, body: { data: roleView(updated) } };
}

function remove(ctx: RequestContext): Reply {
  const role = existing(ctx, 'delete');
  if (role.default) throw conflict(`The role '${role.canonical}' is a default role and cannot be deleted`);
  const members = [...ctx.org.users.values()].filter((u) => u.role === role.canonical).map((u) => u.username);
  if (members.length > 0) {
    throw conflict(`The role '${role.canonical}' is assigned to users and cannot be deleted`, members.map((m) => `user '${m}' has this role`));
  }
  ctx.data.deleteRole(ctx.org, role);
  return { status: 204 };
}

export const roleRoutes: Route[] = [
  { method: 'GET', pattern: '/organizations/:org/roles', body: false, handle: list },
  { method: 'POST', pattern: '/organizations/:org/roles', body: true, handle: create },
  { method: 'GET', pattern: '/organizations/:org/roles/:canonical', body: false, handle: get },
  { method: 'PUT', pattern: '/organizations/:org/roles/:canonical', body: true, handle: update },
  { method: 'DELETE', pattern: '/organizations/:org/roles/:canonical', body: false, handle: remove },
];
