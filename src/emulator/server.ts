/**
 * The HTTP server: request ids, fault injection, routing, authentication, the error envelope, and one log line
 * per request. Handlers are synchronous over in-memory records (written through to SQLite), so a request's
 * server time is small and bounded.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { EmulatorData } from './data.js';
import { ApiError, badRequest, envelope, notFound, unauthenticated } from './errors.js';
import type { FaultInjector } from './faults.js';
import { apiKeyRoutes } from './handlers/api-keys.js';
import { controlRoutes, type ControlContext } from './handlers/control.js';
import { organizationRoutes } from './handlers/organization.js';
import { roleRoutes } from './handlers/roles.js';
import { readJsonBody, sendJson } from './http-io.js';
import { authenticate, presentedToken } from './principal.js';
import { matchRoute, type Reply, type Route } from './route.js';

const ROUTES: Route[] = [...apiKeyRoutes, ...roleRoutes, ...organizationRoutes];

export interface RouteStats {
  count: number;
  totalMs: number;
}

export interface ServerOptions {
  data: EmulatorData;
  faults: FaultInjector;
  log?: (line: string) => void;
}

export class EmulatorServer {
  readonly http: Server;
  private readonly stats = new Map<string, RouteStats>();
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly options: ServerOptions) {
    this.http = createServer({ keepAliveTimeout: 30_000 }, (req, res) => {
      const done = this.handle(req, res);
      this.inFlight.add(done);
      void done.finally(() => this.inFlight.delete(done));
    });
    this.http.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) => {
      if (socket.writable && err.code !== 'ECONNRESET') {
        // A request that cannot be parsed as HTTP still gets the error envelope (and a request id to quote).
        const requestId = randomUUID();
        const overflow = err.code === 'HPE_HEADER_OVERFLOW';
        const error = overflow ? new ApiError(431, 'RequestHeaderFieldsTooLarge', 'The request headers are over the size limit') : badRequest('The request is not valid HTTP/1.1', [String(err.code ?? 'HPE_INVALID')]);
        const body = JSON.stringify(envelope(error, requestId));
        socket.end(
          `HTTP/1.1 ${overflow ? '431 Request Header Fields Too Large' : '400 Bad Request'}\r\nConnection: close\r\nX-Request-Id: ${requestId}\r\nContent-Type: application/json; charset=utf-8\r\n` +
            `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
        );
      } else socket.destroy();
    });
  }

  /** Server time spent per route, for benchmarks. */
  routeStats(): Record<string, RouteStats> {
    return Object.fromEntries(this.stats);
  }

  /** Stops accepting, lets requests in flight finish, then closes every connection. */
  async close(graceMs = 10_000): Promise<void> {
    const closed = new Promise<void>((resolve) => this.http.close(() => resolve()));
    this.http.closeIdleConnections();
    const timer = setTimeout(() => this.http.closeAllConnections(), graceMs);
    await Promise.allSettled([...this.inFlight]);
    this.http.closeIdleConnections();
    await closed;
    clearTimeout(timer);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = process.hrtime.bigint();
    const requestId = randomUUID();
    res.setHeader('X-Request-Id', requestId);
    const method = req.method ?? 'GET';
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    let status = 0;
    let routeKey = 'unmatched';
    let outcome = '';
    try {
      const decision = this.options.faults.decide(method, path);
      if (decision.latencyMs > 0) await new Promise((r) => setTimeout(r, decision.latencyMs));
      if (decision.action === 'reset') {
        outcome = 'fault:reset';
        req.socket.resetAndDestroy();
        return;
      }
      if (decision.action === 'status') {
        outcome = `fault:${decision.status}`;
        status = decision.status!;
        const headers: Record<string, string> = { Connection: req.complete ? 'keep-alive' : 'close' };
        if (decision.retryAfter !== undefined) headers['Retry-After'] = String(decision.retryAfter);
        const err = new ApiError(status, status === 429 ? 'TooManyRequests' : 'Unexpected', `Injected fault: ${status}`);
        sendJson(res, status, envelope(err, requestId), headers);
        return;
      }
      const query = new URLSearchParams(q < 0 ? '' : url.slice(q + 1));
      const { reply, key } = await this.dispatch(req, method, path, query);
      routeKey = key;
      if (decision.action === 'drop_after_commit') {
        outcome = 'fault:drop_after_commit';
        req.socket.destroy();
        return;
      }
      status = reply.status;
      sendJson(res, reply.status, reply.body, {}, reply.raw);
    } catch (err) {
      const apiError = err instanceof ApiError ? err : new ApiError(500, 'Unexpected', 'The server met an unexpected error');
      if (!(err instanceof ApiError)) this.options.log?.(JSON.stringify({ level: 'error', request_id: requestId, error: String((err as Error)?.stack ?? err) }));
      status = apiError.status;
      const headers = { ...apiError.headers };
      if (!req.complete) headers['Connection'] = 'close';
      sendJson(res, status, status === 411 ? undefined : envelope(apiError, requestId), headers);
    } finally {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const s = this.stats.get(routeKey) ?? { count: 0, totalMs: 0 };
      s.count++;
      s.totalMs += ms;
      this.stats.set(routeKey, s);
      if (this.options.log) {
        const line: Record<string, unknown> = { method, path: path.slice(0, 300), status, duration_ms: Math.round(ms * 1000) / 1000, request_id: requestId };
        if (outcome) line['outcome'] = outcome;
        this.options.log(JSON.stringify(line));
      }
    }
  }

  private async dispatch(req: IncomingMessage, method: string, path: string, query: URLSearchParams): Promise<{ reply: Reply; key: string }> {
    let segments: string[];
    try {
      segments = path.split('/').slice(1).map((s) => decodeURIComponent(s));
    } catch {
      throw badRequest('The request path is not valid percent-encoding');
    }
    const isControl = segments[0] === '_emulator';
    const match = isControl ? matchRoute(controlRoutes, method, segments) : matchRoute(ROUTES, method, segments);
    if (!match) throw notFound(`There is no endpoint at ${path.slice(0, 200)}`);
    if ('allowed' in match) {
      throw new ApiError(405, 'MethodNotAllowed', `${method} is not allowed here: use ${match.allowed.join(', ')}`, undefined, { Allow: match.allowed.join(', ') });
    }
    if (isControl) {
      const route = match.route as (typeof controlRoutes)[number];
      const body = route.body ? await readJsonBody(req) : undefined;
      const ctx: ControlContext = { data: this.options.data, faults: this.options.faults, token: presentedToken(req.headers, query), body, stats: () => this.routeStats() };
      return { reply: route.handle(ctx), key: `${method} ${route.pattern}` };
    }
    const route = match.route as Route;
    const principal = authenticate(this.options.data, presentedToken(req.headers, query));
    const orgCanonical = match.params['org']!;
    const org = this.options.data.orgs.get(orgCanonical);
    if (principal.org !== orgCanonical) {
      if (!org) throw notFound(`The organization '${orgCanonical.slice(0, 100)}' was not found`);
      throw unauthenticated('The token belongs to another organization');
    }
    const body = route.body ? await readJsonBody(req) : undefined;
    const reply = route.handle({ data: this.options.data, org: org!, principal, params: match.params, query, body });
    return { reply, key: `${method} ${route.pattern}` };
  }
}
