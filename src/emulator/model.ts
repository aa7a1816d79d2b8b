/** The emulator's records: what one organization holds. */

export interface RuleRecord {
  id: number;
  action: string;
  effect: 'allow';
  resources: string[];
}

export interface UserRecord {
  id: number;
  username: string;
  email: string;
  given_name: string;
  family_name: string;
  locale: string;
  country_code?: string;
  created_at: number;
  /** Canonical of the organization role that grants this user's permissions. */
  role?: string;
}

export interface ApiKeyRecord {
  id: number;
  canonical: string;
  name: string;
  description: string;
  owner: string;
  rules: RuleRecord[];
  last_seven: string;
  last_used: number;
  created_at: number;
  token_selector: string;
}

export interface RoleRecord {
  id: number;
  canonical: string;
  name: string;
  description: string;
  default: boolean;
  rules: RuleRecord[];
  created_at: number;
  updated_at: number;
}

export interface PolicyRecord {
  id: number;
  code: string;
  description: string;
}

/** A token's stored form: a selector to find it and the SHA-256 of the token. */
export interface CredentialRecord {
  selector: string;
  hash: string;
  org: string;
  kind: 'api_key' | 'user';
  /** API key canonical or username. */
  subject: string;
  /** When a user's session token stops being valid (Unix seconds); API key tokens have none. */
  expires_at?: number;
}

export interface Organization {
  canonical: string;
  name: string;
  users: Map<string, UserRecord>;
  entities: Record<string, string[]>;
  policies: PolicyRecord[];
  apiKeys: Map<string, ApiKeyRecord>;
  roles: Map<string, RoleRecord>;
  /** Canonical of the seeded admin key. */
  adminKey: string;
}

export const nowSeconds = (): number => Math.floor(Date.now() / 1000);
