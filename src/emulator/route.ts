/** A route: a method, a path pattern with `:params`, and the handler that answers it. */
import type { EmulatorData } from './data.js';
import type { Organization } from './model.js';
import type { Principal } from './principal.js';

export interface RequestContext {
  data: EmulatorData;
  org: Organization;
  principal: Principal;
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
}

export interface Reply {
  status: number;
  /** A value to send as JSON, or (`raw`) JSON text already serialised. */
  body?: unknown;
  raw?: string;
}

export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  pattern: string;
  /** Whether the request carries a JSON body. */
  body: boolean;
  handle(ctx: RequestContext): Reply;
}

export interface RouteMatch<R> {
  route: R;
  params: Record<string, string>;
}

/** Matches a decoded path against the routes: a route, or the allowed methods of the path (405), or nothing (404). */
export function matchRoute<R extends { method: string; pattern: string }>(
  routes: R[],
  method: string,
  segments: string[],
): RouteMatch<R> | { allowed: string[] } | undefined {
  const allowed: string[] = [];
  for (const route of routes) {
    const params = matchPattern(route.pattern, segments);
    if (!params) continue;
    if (route.method === method) return { route, params };
    allowed.push(route.method);
  }
  return allowed.length > 0 ? { allowed } : undefined;
}

function matchPattern(pattern: string, segments: string[]): Record<string, string> | undefined {
  const parts = pattern.split('/').slice(1);
  if (parts.length !== segments.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    const seg = segments[i]!;
    if (part.startsWith(':')) params[part.slice(1)] = seg;
    else if (part !== seg) return undefined;
  }
  return params;
}
