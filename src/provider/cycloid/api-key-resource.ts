/**
 * `cycloid_organization_api_key`: the plan side (a pure ResourceType) and a factory for its runtime side
 * (the ResourceClient in api-key-client.ts).
 */
import { error, type Diagnostic } from '../../diagnostics.js';
import { isUnknown, type Value, type Values } from '../../values.js';
import type { PlanRequest, ResourceType } from '../resource.js';
import { resourceSchema, type BlockSchema } from '../schema.js';
import { plannedApiKeyValues } from './api-key-plan.js';
import { API_KEY_TYPE, newKeyBody } from './api-key-values.js';
import type { ApiRule, NewApiKey } from './api-types.js';
import { differencesFrom } from './create-api-key.js';
import { canonicalFromName, isCanonical } from '../../canonical.js';

export { apiKeyClient, type ApiKeyClientOptions } from './api-key-client.js';

const REVOKED = 'the key must be replaced; the current token will be revoked and a new one issued';

const REASONS: Record<string, string> = {
  rules: `rules are immutable in the Cycloid API: ${REVOKED}`,
  canonical: `the canonical identifies the key in the Cycloid API and cannot be changed: ${REVOKED}`,
  organization_canonical: `an API key belongs to one organization and cannot move to another: ${REVOKED}`,
};

export interface ApiKeyResourceType extends ResourceType {
  /** Problems of a configuration that only this resource can see (a canonical that is invalid or cannot be derived). */
  configProblems(req: PlanRequest): Diagnostic[];
}

export const apiKeyResource: ApiKeyResourceType = {
  typeName: API_KEY_TYPE,
  get schema(): BlockSchema {
    return resourceSchema(API_KEY_TYPE)!.block;
  },
  requiresReplace: ['organization_canonical', 'canonical', 'rules'],
  useStateForUnknown: ['id', 'token', 'last_seven', 'owner'],
  replaceReason: (attribute) => REASONS[attribute] ?? `a change of ${attribute} forces replacement: ${REVOKED}`,
  plannedValues: plannedApiKeyValues,
  identity: (values) => `${show(values['organization_canonical'])}/${show(values['canonical'])}`,
  differencesFromCreate,
  configProblems,
  plannedProblems: (planned) =>
    planned['organization_canonical'] === null
      ? ['No organization for this API key: set organization_canonical, or the provider\'s default_organization (or the CY_ORG environment variable)']
      : [],
};

/** The lost-response check (create-api-key.ts) on a pending record and a listed key: the same attributes compared. */
function differencesFromCreate(recorded: Values, found: Values): string[] {
  let sent: NewApiKey;
  try {
    sent = newKeyBody(recorded);
  } catch {
    return ['record']; // a pending record without a name or rules: nothing to recognise the key by
  }
  const owner = found['owner'];
  return differencesFrom(sent, {
    name: typeof found['name'] === 'string' ? found['name'] : '',
    description: typeof found['description'] === 'string' ? found['description'] : '',
    rules: Array.isArray(found['rules']) ? (found['rules'] as unknown as ApiRule[]) : [],
    ...(typeof owner === 'string' ? { owner: { username: owner } } : {}),
  });
}

function show(v: Value | undefined): string {
  if (isUnknown(v)) return '(known after apply)';
  return typeof v === 'string' ? v : String(v ?? '');
}

function configProblems({ config }: PlanRequest): Diagnostic[] {
  const canonical = config['canonical'];
  const name = config['name'];
  if (typeof canonical === 'string') {
    return isCanonical(canonical)
      ? []
      : [error('Invalid canonical', { path: 'canonical', detail: `"${canonical}" is not a canonical: 3 to 100 characters of a-z, 0-9, '-' and '_', starting and ending with a letter or digit.` })];
  }
  if ((canonical === undefined || canonical === null) && typeof name === 'string' && !isCanonical(canonicalFromName(name))) {
    return [error('No canonical can be derived from the name', {
      path: 'name',
      detail: `The name "${name}" gives the canonical "${canonicalFromName(name)}", which is not valid (3 to 100 characters of a-z, 0-9, '-' and '_'): set canonical.`,
    })];
  }
  return [];
}
