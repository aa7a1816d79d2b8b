/**
 * The local Cycloid API as a library: `startEmulator(options)` resolves once the server listens.
 * The CLI (`keyform emulator`) and every end-to-end test use it.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import { checkConfig, defaultConfig, loadConfigFile, type EmulatorConfig } from './config.js';
import { EmulatorData } from './data.js';
import { FaultInjector } from './faults.js';
import { EmulatorServer, type RouteStats } from './server.js';
import { Store, type Durability } from './store.js';
import { readTokenFile, tokenPaths, writeTokenFile } from './token-files.js';
import { authenticate } from './principal.js';
import { issuedTokens, recordIssuedTokens } from './issued-tokens.js';

export interface EmulatorOptions {
  host?: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Folder for the database and token files; without it, data lives in memory and tokens in a temporary folder. */
  dataDir?: string;
  /** The primary organization: seeded by default, or picked from the configuration. Default 'acme'. */
  organization?: string;
  /** A configuration value or the path of a JSON configuration file. */
  config?: EmulatorConfig | string;
  /** Where request log lines go; default nowhere. */
  log?: (line: string) => void;
  durability?: Durability;
  /**
   * Keep every issued token in memory for `issuedTokens()` (tests look for leaks with it). Default true for the
   * library; `keyform emulator` turns it off.
   */
  recordTokens?: boolean;
}

export interface EmulatorHandle {
  url: string;
  organization: string;
  /** The primary organization's admin API key token. */
  adminToken: string;
  adminTokenFile: string;
  /** Admin key tokens by organization. */
  adminTokens: Record<string, string>;
  /** User session tokens by organization, then username. */
  userTokens: Record<string, Record<string, string>>;
  faults: FaultInjector;
  /** A new session token for a user, valid `ttlSeconds` (0 or less: already expired); replaces the user's previous one. */
  issueUserToken(organization: string, username: string, ttlSeconds?: number): string;
  routeStats(): Record<string, RouteStats>;
  /**
   * Test-only: every token issued in this process (by any emulator started with recordTokens), and the admin and
   * user tokens this one handed over (read back from its data directory too): in memory only, for leak scans.
   */
  issuedTokens(): string[];
  close(): Promise<void>;
}

export { ConfigError } from './config.js';

export async function startEmulator(options: EmulatorOptions = {}): Promise<EmulatorHandle> {
  const config = typeof options.config === 'string'
    ? loadConfigFile(options.config)
    : options.config !== undefined
      ? checkConfig(options.config)
      : defaultConfig(options.organization ?? 'acme');
  const primary = options.organization ?? config.organizations[0]!.canonical;
  if (!config.organizations.some((o) => o.canonical === primary)) {
    throw new Error(`organization '${primary}' is not in the configuration (it has ${config.organizations.map((o) => o.canonical).join(', ')})`);
  }
  if (options.recordTokens ?? true) recordIssuedTokens();
  const dataDir = options.dataDir !== undefined ? resolve(options.dataDir) : undefined;
  if (dataDir) mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const tokenDir = dataDir ?? mkdtempSync(join(tmpdir(), 'keyform-emulator-'));
  const store = new Store(dataDir, options.durability);
  const data = new EmulatorData(store);
  let server: EmulatorServer | undefined;
  let flushTimer: NodeJS.Timeout | undefined;
  try {
    data.open(config);
    const paths = tokenPaths(tokenDir);
    const adminTokens: Record<string, string> = {};
    const userTokens: Record<string, Record<string, string>> = {};
    for (const org of data.orgs.values()) {
      adminTokens[org.canonical] = handOver(paths.admin(org.canonical), (t) => {
        const p = authenticate(data, t, false);
        return p.org === org.canonical && p.kind === 'api_key' && p.subject === org.adminKey;
      }, () => {
        const key = org.apiKeys.get(org.adminKey);
        if (!key) throw new Error(`the admin key '${org.adminKey}' of organization '${org.canonical}' was deleted from the data directory`);
        return data.reissueToken(org, key);
      });
      userTokens[org.canonical] = {};
      for (const user of org.users.values()) {
        userTokens[org.canonical]![user.username] = handOver(paths.user(org.canonical, user.username), (t) => {
          const p = authenticate(data, t, false);
          return p.org === org.canonical && p.kind === 'user' && p.subject === user.username;
        }, () => data.issueUserToken(org, user));
      }
    }
    writeTokenFile(paths.primary, adminTokens[primary]!);
    const faults = new FaultInjector(config.faults ?? [], config.seed ?? 1);
    server = new EmulatorServer({ data, faults, ...(options.log ? { log: options.log } : {}) });
    await new Promise<void>((resolveListen, reject) => {
      server!.http.once('error', reject);
      server!.http.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolveListen());
    });
    flushTimer = setInterval(() => data.flushLastUsed(), 2000);
    flushTimer.unref();
    const address = server.http.address() as AddressInfo;
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    let closing: Promise<void> | undefined;
    const running = server;
    return {
      url: `http://${host}:${address.port}`,
      organization: primary,
      adminToken: adminTokens[primary]!,
      adminTokenFile: paths.primary,
      adminTokens,
      userTokens,
      faults,
      issueUserToken: (orgName, username, ttlSeconds) => {
        const org = data.orgs.get(orgName);
        const user = org?.users.get(username);
        if (!org || !user) throw new Error(`no user ${username} in organization ${orgName}`);
        return data.issueUserToken(org, user, ttlSeconds);
      },
      routeStats: () => running.routeStats(),
      issuedTokens: () => {
        const handedOver = [...Object.values(adminTokens), ...Object.values(userTokens).flatMap((byUser) => Object.values(byUser))];
        return [...new Set([...issuedTokens(), ...(options.recordTokens ?? true ? handedOver : [])])];
      },
      close: () => {
        closing ??= (async () => {
          clearInterval(flushTimer);
          await running.close();
          data.flushLastUsed();
          store.close();
          if (!dataDir) rmSync(tokenDir, { recursive: true, force: true });
        })();
        return closing;
      },
    };
  } catch (err) {
    clearInterval(flushTimer);
    if (server?.http.listening) await server.close();
    store.close();
    if (!dataDir) rmSync(tokenDir, { recursive: true, force: true });
    throw err;
  }
}

/** The token in `file` when it is still valid; otherwise a new one, written there. */
function handOver(file: string, valid: (token: string) => boolean, issue: () => string): string {
  const existing = readTokenFile(file);
  if (existing !== undefined) {
    try {
      if (valid(existing)) return existing;
    } catch {
      // unknown or revoked: issue a new one below
    }
  }
  const token = issue();
  writeTokenFile(file, token);
  return token;
}
