/** Shared fixtures of the provider tests: a client on an emulator that records its waits and events. */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { EmulatorHandle } from '../../src/emulator/index.js';
import { CycloidClient, type CycloidClientOptions } from '../../src/provider/cycloid/client.js';
import type { ProviderEvent } from '../../src/provider/cycloid/events.js';

export interface Recorded {
  client: CycloidClient;
  events: ProviderEvent[];
  sleeps: number[];
}

/** A client with an instant, recorded sleep and a fixed random draw (0.5). */
export function recordingClient(url: string, apiKey: string, extra: Partial<CycloidClientOptions> = {}): Recorded {
  const events: ProviderEvent[] = [];
  const sleeps: number[] = [];
  const client = new CycloidClient({
    apiUrl: url,
    apiKey,
    onEvent: (e) => events.push(e),
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
    ...extra,
  });
  return { client, events, sleeps };
}

export const adminClient = (emu: EmulatorHandle, extra: Partial<CycloidClientOptions> = {}) => recordingClient(emu.url, emu.adminToken, extra);

/** Requests the emulator served on one route (`GET /organizations/:org/api_keys`, …). */
export function routeCount(emu: EmulatorHandle, route: string): number {
  return emu.routeStats()[route]?.count ?? 0;
}

/** A throw-away HTTP server answering every request with `handler`; resolves with its URL. */
export async function tinyServer(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<{ url: string; requests: () => number; close: () => Promise<void> }> {
  let count = 0;
  const server = createServer((req, res) => {
    count++;
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests: () => count,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/** An API with no keys and no policies: every request answers an empty first page (for runs that must not fail on the API). */
export const emptyApi = (): ReturnType<typeof tinyServer> =>
  tinyServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ data: [], pagination: { index: 1, size: 1000, total: 0 } }));
  });

/** A rule for request bodies and planned values: `resources` only when given. */
export function rule(action: string, resources?: string[]): { action: string; effect: string; resources?: string[] } & { [k: string]: string | string[] } {
  return resources ? { action, effect: 'allow', resources } : { action, effect: 'allow' };
}
