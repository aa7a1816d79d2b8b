/**
 * /_emulator: the emulator's own control endpoints, outside the Cycloid API. Health is open; fault control
 * needs the token of an organization's seeded admin key.
 */
import type { EmulatorData } from '../data.js';
import { describeErrors, validator } from '../../json-schemas.js';
import { forbidden, unprocessable } from '../errors.js';
import type { FaultInjector, FaultRule } from '../faults.js';
import { authenticate } from '../principal.js';
import type { Reply, Route } from '../route.js';
import type { RouteStats } from '../server.js';

export interface ControlContext {
  data: EmulatorData;
  faults: FaultInjector;
  token: string | undefined;
  body: unknown;
  stats: () => Record<string, RouteStats>;
}

interface ControlRoute extends Omit<Route, 'handle'> {
  handle(ctx: ControlContext): Reply;
}

function requireAdmin(ctx: ControlContext): void {
  const principal = authenticate(ctx.data, ctx.token);
  const org = ctx.data.orgs.get(principal.org);
  if (principal.kind !== 'api_key' || org?.adminKey !== principal.subject) {
    throw forbidden("Only an organization's seeded admin key may control the emulator");
  }
}

export const controlRoutes: ControlRoute[] = [
  { method: 'GET', pattern: '/_emulator/health', body: false, handle: () => ({ status: 200, body: { status: 'ok' } }) },
  {
    method: 'GET',
    pattern: '/_emulator/faults',
    body: false,
    handle: (ctx) => {
      requireAdmin(ctx);
      return { status: 200, body: { data: ctx.faults.stats() } };
    },
  },
  {
    method: 'PUT',
    pattern: '/_emulator/faults',
    body: true,
    handle: (ctx) => {
      requireAdmin(ctx);
      const validate = validator('emulator-config.schema.json', '#/definitions/FaultControl');
      if (!validate(ctx.body)) throw unprocessable('The fault settings are invalid', describeErrors(validate.errors));
      const body = ctx.body as { seed?: number; faults: FaultRule[] };
      ctx.faults.set(body.faults, body.seed);
      return { status: 200, body: { data: ctx.faults.stats() } };
    },
  },
  {
    method: 'GET',
    pattern: '/_emulator/stats',
    body: false,
    handle: (ctx) => {
      requireAdmin(ctx);
      return { status: 200, body: { data: ctx.stats() } };
    },
  },
];
