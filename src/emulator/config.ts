/**
 * The emulator's configuration: organizations with their users, roles, entities, policy codes and seeded keys,
 * plus fault rules. A file given with --config is checked against schemas/emulator-config.schema.json and then
 * for the cross-references a schema cannot express. Without a file, `defaultConfig` seeds one organization.
 */
import { readFileSync } from 'node:fs';
import { describeErrors, validator } from '../json-schemas.js';
import { checkRules } from '../permissions/index.js';
import type { FaultRule } from './faults.js';

export interface RuleConfig {
  action: string;
  effect: 'allow';
  resources?: string[];
}

export interface UserConfig {
  username: string;
  email: string;
  given_name: string;
  family_name: string;
  role?: string;
  locale?: string;
  country_code?: string;
}

export interface RoleConfig {
  canonical: string;
  name: string;
  description?: string;
  default?: boolean;
  rules: RuleConfig[];
}

export interface ApiKeyConfig {
  canonical: string;
  name: string;
  description?: string;
  owner: string;
  rules: RuleConfig[];
}

export interface OrganizationConfig {
  canonical: string;
  name?: string;
  users: UserConfig[];
  roles?: RoleConfig[];
  entities?: Record<string, string[]>;
  policies?: Array<{ code: string; description: string }>;
  admin_key?: { owner: string; canonical?: string; name?: string; rules?: RuleConfig[] };
  api_keys?: ApiKeyConfig[];
}

export interface EmulatorConfig {
  seed?: number;
  /** How long a user's session token is valid, in seconds (default one day). */
  session_ttl_seconds?: number;
  organizations: OrganizationConfig[];
  faults?: FaultRule[];
}

/** A configuration problem, with the path in the file that is wrong. */
export class ConfigError extends Error {
  readonly problems: string[];
  constructor(file: string, problems: string[]) {
    super(`${file}: invalid emulator configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

export function loadConfigFile(file: string): EmulatorConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(file, [`cannot be read: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`]);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new ConfigError(file, [`is not valid JSON: ${(err as Error).message}`]);
  }
  return checkConfig(value, file);
}

/** Validates a configuration value (from a file or from the library) and returns it typed. */
export function checkConfig(value: unknown, source = 'config'): EmulatorConfig {
  const validate = validator('emulator-config.schema.json');
  if (!validate(value)) throw new ConfigError(source, describeErrors(validate.errors));
  const config = value as EmulatorConfig;
  const problems = crossCheck(config);
  if (problems.length > 0) throw new ConfigError(source, problems);
  return config;
}

function crossCheck(config: EmulatorConfig): string[] {
  const problems: string[] = [];
  const orgs = new Set<string>();
  config.organizations.forEach((org, i) => {
    const at = `organizations[${i}]`;
    if (orgs.has(org.canonical)) problems.push(`${at}.canonical: '${org.canonical}' is declared twice`);
    orgs.add(org.canonical);
    const users = new Set<string>();
    org.users.forEach((u, j) => {
      if (users.has(u.username)) problems.push(`${at}.users[${j}].username: '${u.username}' is declared twice`);
      users.add(u.username);
    });
    const roles = new Set((org.roles ?? []).map((r) => r.canonical));
    if (roles.size !== (org.roles ?? []).length) problems.push(`${at}.roles: role canonicals must be unique`);
    org.users.forEach((u, j) => {
      if (u.role !== undefined && !roles.has(u.role)) {
        problems.push(`${at}.users[${j}].role: no role '${u.role}' in this organization`);
      }
    });
    if (org.admin_key && !users.has(org.admin_key.owner)) {
      problems.push(`${at}.admin_key.owner: no user '${org.admin_key.owner}' in this organization`);
    }
    const keys = new Set<string>([org.admin_key?.canonical ?? 'admin']);
    (org.api_keys ?? []).forEach((k, j) => {
      if (!users.has(k.owner)) problems.push(`${at}.api_keys[${j}].owner: no user '${k.owner}' in this organization`);
      if (keys.has(k.canonical)) problems.push(`${at}.api_keys[${j}].canonical: '${k.canonical}' is already used`);
      keys.add(k.canonical);
    });
  });
  config.organizations.forEach((org, i) => {
    const ruleSets: Array<[string, RuleConfig[] | undefined]> = [
      ...(org.roles ?? []).map((r, j): [string, RuleConfig[]] => [`organizations[${i}].roles[${j}].rules`, r.rules]),
      ...(org.api_keys ?? []).map((k, j): [string, RuleConfig[]] => [`organizations[${i}].api_keys[${j}].rules`, k.rules]),
      [`organizations[${i}].admin_key.rules`, org.admin_key?.rules],
    ];
    for (const [at, rules] of ruleSets) problems.push(...checkRules(rules, at));
  });
  (config.faults ?? []).forEach((f, i) => {
    if (f.min_ms !== undefined && f.max_ms !== undefined && f.min_ms > f.max_ms) {
      problems.push(`faults[${i}]: min_ms (${f.min_ms}) is greater than max_ms (${f.max_ms})`);
    }
  });
  return problems;
}

const ACTIONS: Array<[string, string[]]> = [
  ['api_key', ['list', 'read', 'create', 'update', 'delete']],
  ['role', ['list', 'read', 'create', 'update', 'delete']],
  ['project', ['list', 'read', 'create', 'update', 'delete']],
  ['credential', ['list', 'read', 'create', 'update', 'delete']],
  ['team', ['list', 'read', 'create', 'update', 'delete']],
  ['member', ['list', 'read', 'create', 'update', 'delete']],
  ['pipeline', ['list', 'read', 'create', 'update', 'delete']],
  ['environment', ['list', 'read', 'create', 'update', 'delete']],
  ['inventory', ['read', 'update']],
  ['event', ['list', 'create']],
  ['config_repository', ['list', 'read', 'create', 'update', 'delete']],
  ['external_backend', ['list', 'read', 'create', 'update', 'delete']],
];

/** The policy codes every default organization knows. */
export function defaultPolicies(): Array<{ code: string; description: string }> {
  const out: Array<{ code: string; description: string }> = [{ code: 'organization:read', description: 'Read the organization' }];
  for (const [entity, verbs] of ACTIONS) {
    for (const verb of verbs) {
      out.push({ code: `organization:${entity}:${verb}`, description: `${verb[0]!.toUpperCase()}${verb.slice(1)} ${entity.replace(/_/g, ' ')}s` });
    }
  }
  return out;
}

/** The organization seeded when no --config is given: users admin, alice and bob, a few projects and credentials. */
export function defaultConfig(org = 'acme'): EmulatorConfig {
  return {
    seed: 1,
    organizations: [
      {
        canonical: org,
        name: `${org[0]!.toUpperCase()}${org.slice(1)}`,
        users: [
          { username: 'admin', email: `admin@${org}.test`, given_name: 'Ada', family_name: 'Admin', role: 'organization-admin' },
          { username: 'alice', email: `alice@${org}.test`, given_name: 'Alice', family_name: 'Martin', role: 'developer' },
          { username: 'bob', email: `bob@${org}.test`, given_name: 'Bob', family_name: 'Dupont' },
        ],
        roles: [
          {
            canonical: 'organization-admin',
            name: 'Organization admin',
            description: 'Every action in the organization',
            default: true,
            rules: [{ action: 'organization:**', effect: 'allow' }],
          },
          {
            canonical: 'developer',
            name: 'Developer',
            description: 'Reads projects and credentials, manages the API keys it owns',
            rules: [
              { action: 'organization:project:read', effect: 'allow' },
              { action: 'organization:credential:read', effect: 'allow', resources: [`organization:${org}:credential:cy-*`] },
              { action: 'organization:api_key:list', effect: 'allow' },
            ],
          },
        ],
        entities: {
          project: ['web', 'api', 'billing', 'data-platform'],
          credential: ['cy-aws', 'cy-gcp', 'cy-azure', 'prod-db', 'staging-db'],
          environment: ['prod', 'staging', 'dev'],
          team: ['platform', 'security'],
        },
        policies: defaultPolicies(),
        admin_key: { owner: 'admin', canonical: 'admin', name: 'Admin', rules: [{ action: 'organization:**', effect: 'allow' }] },
      },
    ],
  };
}
