/**
 * Persistence: SQLite through better-sqlite3, in WAL mode. Every write is one transaction committed before the
 * HTTP answer is sent, so a write answered 2xx survives `kill -9` of the server. Without a data directory the
 * same code runs on an in-memory database. All records are also held in memory (the organizations' maps), which
 * is what requests read; SQLite is written through.
 */
import type BetterSqlite3 from 'better-sqlite3';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { ApiKeyRecord, CredentialRecord, RoleRecord } from './model.js';

const require = createRequire(import.meta.url);
// Required, not imported: the one-file bundle (scripts/bundle.mjs) leaves this native package outside and would
// load an import of it in every keyform process; this require runs only when the emulator's store is first loaded.
const Database = require('better-sqlite3') as typeof BetterSqlite3;

export type Durability = 'process' | 'power';

interface Row {
  org: string;
  canonical: string;
  body: string;
}

export interface LoadedData {
  apiKeys: Array<{ org: string; record: ApiKeyRecord }>;
  roles: Array<{ org: string; record: RoleRecord }>;
  credentials: CredentialRecord[];
  meta: Map<string, string>;
}

export class Store {
  private readonly db: BetterSqlite3.Database;
  private readonly stmts;

  /**
   * @param dataDir folder of `emulator.db`; undefined for an in-memory database.
   * @param durability 'process' (default) survives a killed server; 'power' also fsyncs every commit.
   */
  constructor(dataDir: string | undefined, durability: Durability = 'process') {
    this.db = new Database(dataDir ? join(dataDir, 'emulator.db') : ':memory:');
    this.db.pragma('journal_mode = WAL');
    this.db.pragma(`synchronous = ${durability === 'power' ? 'FULL' : 'NORMAL'}`);
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS api_keys (org TEXT NOT NULL, canonical TEXT NOT NULL, body TEXT NOT NULL, PRIMARY KEY (org, canonical));
      CREATE TABLE IF NOT EXISTS roles (org TEXT NOT NULL, canonical TEXT NOT NULL, body TEXT NOT NULL, PRIMARY KEY (org, canonical));
      CREATE TABLE IF NOT EXISTS credentials (selector TEXT PRIMARY KEY, body TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    `);
    this.stmts = {
      putKey: this.db.prepare('INSERT OR REPLACE INTO api_keys (org, canonical, body) VALUES (?, ?, ?)'),
      delKey: this.db.prepare('DELETE FROM api_keys WHERE org = ? AND canonical = ?'),
      putRole: this.db.prepare('INSERT OR REPLACE INTO roles (org, canonical, body) VALUES (?, ?, ?)'),
      delRole: this.db.prepare('DELETE FROM roles WHERE org = ? AND canonical = ?'),
      putCred: this.db.prepare('INSERT OR REPLACE INTO credentials (selector, body) VALUES (?, ?)'),
      delCred: this.db.prepare('DELETE FROM credentials WHERE selector = ?'),
      putMeta: this.db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)'),
    };
  }

  load(): LoadedData {
    const keys = this.db.prepare('SELECT org, canonical, body FROM api_keys').all() as Row[];
    const roles = this.db.prepare('SELECT org, canonical, body FROM roles').all() as Row[];
    const creds = this.db.prepare('SELECT body FROM credentials').all() as Array<{ body: string }>;
    const meta = this.db.prepare('SELECT key, value FROM meta').all() as Array<{ key: string; value: string }>;
    return {
      apiKeys: keys.map((r) => ({ org: r.org, record: JSON.parse(r.body) as ApiKeyRecord })),
      roles: roles.map((r) => ({ org: r.org, record: JSON.parse(r.body) as RoleRecord })),
      credentials: creds.map((r) => JSON.parse(r.body) as CredentialRecord),
      meta: new Map(meta.map((m) => [m.key, m.value])),
    };
  }

  /** Runs `fn` in one transaction: all of its writes commit together or none does. */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  putApiKey(org: string, record: ApiKeyRecord): void {
    this.stmts.putKey.run(org, record.canonical, JSON.stringify(record));
  }

  deleteApiKey(org: string, canonical: string): void {
    this.stmts.delKey.run(org, canonical);
  }

  putRole(org: string, record: RoleRecord): void {
    this.stmts.putRole.run(org, record.canonical, JSON.stringify(record));
  }

  deleteRole(org: string, canonical: string): void {
    this.stmts.delRole.run(org, canonical);
  }

  putCredential(record: CredentialRecord): void {
    this.stmts.putCred.run(record.selector, JSON.stringify(record));
  }

  deleteCredential(selector: string): void {
    this.stmts.delCred.run(selector);
  }

  putMeta(key: string, value: string): void {
    this.stmts.putMeta.run(key, value);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
