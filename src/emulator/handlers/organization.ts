/** /organizations/{org}/policies and /organizations/{org}/can_do. */
import { entityFor } from '../../permissions/index.js';
import { unprocessable } from '../errors.js';
import { paginate } from '../pagination.js';
import { policyView } from '../present.js';
import { may } from '../principal.js';
import { checkBody } from '../request-checks.js';
import type { Reply, RequestContext, Route } from '../route.js';

function policies(ctx: RequestContext): Reply {
  return { status: 200, body: paginate(ctx.org.policies, ctx.query, policyView) };
}

function canDo(ctx: RequestContext): Reply {
  const body = checkBody<{ action: string; entity_canonicals: string[] }>(ctx.body, 'CanDoInput');
  const entity = entityFor(body.action, ctx.org.canonical, body.entity_canonicals);
  if (entity === undefined) {
    throw unprocessable('The entity canonicals do not fit the action', [
      `entity_canonicals: must be non-empty canonicals without ':', at most one per entity that '${body.action.slice(0, 200)}' names`,
    ]);
  }
  const ok = may(ctx.org, ctx.principal, body.action, entity);
  return { status: 200, body: { data: { ok, entity_canonicals: body.entity_canonicals } } };
}

export const organizationRoutes: Route[] = [
  { method: 'GET', pattern: '/organizations/:org/policies', body: false, handle: policies },
  { method: 'POST', pattern: '/organizations/:org/can_do', body: true, handle: canDo },
];
