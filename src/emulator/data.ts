/**
 * The emulator's data: organizations, their keys and roles, and the credentials (token hashes) that
 * authenticate requests. Every mutation is written to the Store in one transaction before memory changes,
 * so what a client was told happened is what a restart finds.
 */
import type { EmulatorConfig, OrganizationConfig, RuleConfig } from './config.js';
import type { ApiKeyRecord, CredentialRecord, Organization, RoleRecord, RuleRecord, UserRecord } from './model.js';
import { nowSeconds } from './model.js';
import type { Store } from './store.js';
import { issueToken } from './tokens.js';

const DEFAULT_SESSION_TTL = 86_400;

export interface NewKeyInput {
  canonical: string;
  name: string;
  description: string;
  owner: string;
  rules: RuleConfig[];
}

export class EmulatorData {
  readonly orgs = new Map<string, Organization>();
  private readonly credentials = new Map<string, CredentialRecord>();
  private readonly nextIds = new Map<string, number>();
  private readonly touched = new Set<ApiKeyRecord>();
  private readonly touchedOrg = new WeakMap<ApiKeyRecord, string>();

  /** Lifetime of user session tokens, in seconds. */
  sessionTtlSeconds = DEFAULT_SESSION_TTL;

  constructor(private readonly store: Store) {}

  /**
   * Loads what the store holds, then seeds each configured organization the first time it is seen.
   * Returns the tokens issued while seeding (admin keys), keyed `org/canonical`.
   */
  open(config: EmulatorConfig): void {
    this.sessionTtlSeconds = config.session_ttl_seconds ?? DEFAULT_SESSION_TTL;
    const loaded = this.store.load();
    for (const [k, v] of loaded.meta) if (k.startsWith('next_id:')) this.nextIds.set(k.slice(8), Number(v));
    for (const orgConfig of config.organizations) this.orgs.set(orgConfig.canonical, organizationFrom(orgConfig));
    for (const { org, record } of loaded.apiKeys) this.orgs.get(org)?.apiKeys.set(record.canonical, record);
    for (const { org, record } of loaded.roles) this.orgs.get(org)?.roles.set(record.canonical, record);
    for (const cred of loaded.credentials) this.credentials.set(cred.selector, cred);
    for (const orgConfig of config.organizations) {
      if (!loaded.meta.has(`seeded:${orgConfig.canonical}`)) this.seed(orgConfig);
    }
  }

  private seed(config: OrganizationConfig): void {
    const org = this.orgs.get(config.canonical)!;
    this.store.transaction(() => {
      for (const role of config.roles ?? []) {
        const now = nowSeconds();
        const record: RoleRecord = {
          id: this.nextId(org.canonical),
          canonical: role.canonical,
          name: role.name,
          description: role.description ?? '',
          default: role.default ?? false,
          rules: this.rulesFrom(org.canonical, role.rules),
          created_at: now,
          updated_at: now,
        };
        this.store.putRole(org.canonical, record);
        org.roles.set(record.canonical, record);
      }
      const admin = config.admin_key ?? { owner: config.users[0]!.username };
      this.insertKey(org, {
        canonical: admin.canonical ?? 'admin',
        name: admin.name ?? 'Admin',
        description: 'Seeded by the emulator: full access to the organization',
        owner: admin.owner,
        rules: admin.rules ?? [{ action: 'organization:**', effect: 'allow' }],
      });
      for (const key of config.api_keys ?? []) {
        this.insertKey(org, { ...key, description: key.description ?? '' });
      }
      this.store.putMeta(`seeded:${org.canonical}`, String(nowSeconds()));
    });
  }

  private nextId(org: string): number {
    const id = this.nextIds.get(org) ?? 1;
    this.nextIds.set(org, id + 1);
    this.store.putMeta(`next_id:${org}`, String(id + 1));
    return id;
  }

  private rulesFrom(org: string, rules: RuleConfig[]): RuleRecord[] {
    return rules.map((r) => ({ id: this.nextId(org), action: r.action, effect: 'allow', resources: r.resources ?? [] }));
  }

  credential(selector: string): CredentialRecord | undefined {
    return this.credentials.get(selector);
  }

  /** Creates a key and its token. Returns the token, which is never stored. */
  createApiKey(org: Organization, input: NewKeyInput): { record: ApiKeyRecord; token: string } {
    return this.store.transaction(() => this.insertKey(org, input));
  }

  private insertKey(org: Organization, input: NewKeyInput): { record: ApiKeyRecord; token: string } {
    const issued = issueToken(org.canonical, 'api_key');
    const record: ApiKeyRecord = {
      id: this.nextId(org.canonical),
      canonical: input.canonical,
      name: input.name,
      description: input.description,
      owner: input.owner,
      rules: this.rulesFrom(org.canonical, input.rules),
      last_seven: issued.token.slice(-7),
      last_used: 0,
      created_at: nowSeconds(),
      token_selector: issued.selector,
    };
    const cred: CredentialRecord = { selector: issued.selector, hash: issued.hash, org: org.canonical, kind: 'api_key', subject: record.canonical };
    this.store.putApiKey(org.canonical, record);
    this.store.putCredential(cred);
    org.apiKeys.set(record.canonical, record);
    this.credentials.set(cred.selector, cred);
    return { record, token: issued.token };
  }

  updateApiKey(org: Organization, record: ApiKeyRecord, fields: Pick<ApiKeyRecord, 'name' | 'description' | 'owner'>): ApiKeyRecord {
    const updated: ApiKeyRecord = { ...record, ...fields };
    this.store.transaction(() => this.store.putApiKey(org.canonical, updated));
    org.apiKeys.set(updated.canonical, updated);
    return updated;
  }

  /** Deletes a key and revokes its token at once. */
  deleteApiKey(org: Organization, record: ApiKeyRecord): void {
    this.store.transaction(() => {
      this.store.deleteApiKey(org.canonical, record.canonical);
      this.store.deleteCredential(record.token_selector);
    });
    org.apiKeys.delete(record.canonical);
    this.credentials.delete(record.token_selector);
    this.touched.delete(record);
  }

  /**
   * Issues a new token for an existing key (used for the seeded admin key when its token file is gone) and
   * revokes the previous one.
   */
  reissueToken(org: Organization, record: ApiKeyRecord): string {
    const issued = issueToken(org.canonical, 'api_key');
    const updated: ApiKeyRecord = { ...record, token_selector: issued.selector, last_seven: issued.token.slice(-7) };
    const cred: CredentialRecord = { selector: issued.selector, hash: issued.hash, org: org.canonical, kind: 'api_key', subject: record.canonical };
    this.store.transaction(() => {
      this.store.deleteCredential(record.token_selector);
      this.store.putCredential(cred);
      this.store.putApiKey(org.canonical, updated);
    });
    this.credentials.delete(record.token_selector);
    this.credentials.set(cred.selector, cred);
    org.apiKeys.set(updated.canonical, updated);
    return issued.token;
  }

  /**
   * Issues a user's session token, replacing the previous one, valid for `ttlSeconds` (the configured session
   * lifetime by default; 0 or less issues one already expired, for tests of expiry).
   */
  issueUserToken(org: Organization, user: UserRecord, ttlSeconds = this.sessionTtlSeconds): string {
    const expiresAt = nowSeconds() + ttlSeconds;
    const issued = issueToken(org.canonical, 'user', expiresAt);
    const cred: CredentialRecord = { selector: issued.selector, hash: issued.hash, org: org.canonical, kind: 'user', subject: user.username, expires_at: expiresAt };
    const previous = [...this.credentials.values()].filter((c) => c.org === org.canonical && c.kind === 'user' && c.subject === user.username);
    this.store.transaction(() => {
      for (const p of previous) this.store.deleteCredential(p.selector);
      this.store.putCredential(cred);
    });
    for (const p of previous) this.credentials.delete(p.selector);
    this.credentials.set(cred.selector, cred);
    return issued.token;
  }

  createRole(org: Organization, input: { canonical: string; name: string; description: string; rules: RuleConfig[] }): RoleRecord {
    return this.store.transaction(() => {
      const now = nowSeconds();
      const record: RoleRecord = {
        id: this.nextId(org.canonical),
        canonical: input.canonical,
        name: input.name,
        description: input.description,
        default: false,
        rules: this.rulesFrom(org.canonical, input.rules),
        created_at: now,
        updated_at: now,
      };
      this.store.putRole(org.canonical, record);
      org.roles.set(record.canonical, record);
      return record;
    });
  }

  updateRole(org: Organization, record: RoleRecord, input: { name: string; description: string; rules: RuleConfig[] }): RoleRecord {
    return this.store.transaction(() => {
      const updated: RoleRecord = {
        ...record,
        name: input.name,
        description: input.description,
        rules: this.rulesFrom(org.canonical, input.rules),
        updated_at: nowSeconds(),
      };
      this.store.putRole(org.canonical, updated);
      org.roles.set(updated.canonical, updated);
      return updated;
    });
  }

  deleteRole(org: Organization, record: RoleRecord): void {
    this.store.transaction(() => this.store.deleteRole(org.canonical, record.canonical));
    org.roles.delete(record.canonical);
  }

  /** Records a key's use; written to the store by `flushLastUsed` (a lost last_used is not a lost write). */
  touch(org: string, record: ApiKeyRecord): void {
    record.last_used = nowSeconds();
    this.touched.add(record);
    this.touchedOrg.set(record, org);
  }

  flushLastUsed(): void {
    if (this.touched.size === 0) return;
    const records = [...this.touched];
    this.touched.clear();
    this.store.transaction(() => {
      for (const r of records) {
        const org = this.touchedOrg.get(r);
        if (org && this.orgs.get(org)?.apiKeys.get(r.canonical) === r) this.store.putApiKey(org, r);
      }
    });
  }
}

function organizationFrom(config: OrganizationConfig): Organization {
  const users = new Map<string, UserRecord>();
  const created = 1_700_000_000;
  config.users.forEach((u, i) => {
    const user: UserRecord = {
      id: i + 1,
      username: u.username,
      email: u.email,
      given_name: u.given_name,
      family_name: u.family_name,
      locale: u.locale ?? 'en',
      created_at: created + i,
    };
    if (u.country_code !== undefined) user.country_code = u.country_code;
    if (u.role !== undefined) user.role = u.role;
    users.set(u.username, user);
  });
  return {
    canonical: config.canonical,
    name: config.name ?? config.canonical,
    users,
    entities: config.entities ?? {},
    policies: (config.policies ?? []).map((p, i) => ({ id: i + 1, code: p.code, description: p.description })),
    apiKeys: new Map(),
    roles: new Map(),
    adminKey: config.admin_key?.canonical ?? 'admin',
  };
}
