/**
 * The runtime side of `cycloid_organization_api_key`: list/read through the API, create with the lost-response
 * protocol (create-api-key.ts), update with a full PUT, delete (a key already gone is fine) and import.
 */
import { KeyformError } from '../../diagnostics.js';
import type { Values } from '../../values.js';
import type { RemoteObject, ResourceClient } from '../resource.js';
import { ApiError } from './api-error.js';
import { newKeyBody, remoteValues } from './api-key-values.js';
import type { UpdateApiKey } from './api-types.js';
import type { CycloidClient } from './client.js';
import { createApiKeyOnce } from './create-api-key.js';
import type { EventSink } from './events.js';
import { parseImportId } from './import-id.js';
import { knownString, optionalString, stringOrApiDefault } from './known.js';

export interface ApiKeyClientOptions {
  client: CycloidClient;
  defaultOrganization?: string;
  /** Where the resource's own events go; default: the client's onEvent. */
  onEvent?: EventSink;
  /** POSTs one create may send in all (lost-response protocol). Default 4. */
  createAttempts?: number;
  /** Whether close() closes the client. Default true. */
  ownsClient?: boolean;
}

export function apiKeyClient(options: ApiKeyClientOptions): ResourceClient {
  const { client } = options;
  const emit: EventSink = options.onEvent ?? ((e) => client.emit(e));

  return {
    async list(organizations) {
      const out = new Map<string, RemoteObject>();
      const orgs = [...new Set(organizations)];
      const lists = await Promise.all(orgs.map(async (org) => [org, await client.listApiKeys(org)] as const));
      for (const [org, keys] of lists) {
        for (const key of keys) out.set(`${org}/${key.canonical}`, remoteValues(org, key));
      }
      return out;
    },

    async read(identity) {
      const { organization, canonical } = splitIdentity(identity);
      const key = await client.getApiKey(organization, canonical);
      return key === undefined ? undefined : remoteValues(organization, key);
    },

    async create({ planned }) {
      const organization = knownString(planned, 'organization_canonical');
      const body = newKeyBody(planned);
      const created = await createApiKeyOnce({ client, emit, ...(options.createAttempts ? { attempts: options.createAttempts } : {}) }, organization, body);
      const path = `/organizations/${organization}/api_keys`;
      if (created.canonical !== body.canonical) {
        throw new ApiError({ code: 'BAD_RESPONSE', message: `POST ${path}: the API created ${created.canonical} when ${body.canonical} was asked for`, method: 'POST', path, status: 200 });
      }
      if (created.last_seven !== created.token.slice(-7)) {
        throw new ApiError({ code: 'BAD_RESPONSE', message: `POST ${path}: the answer for ${created.canonical} is inconsistent: last_seven is not the end of the token`, method: 'POST', path, status: 200 });
      }
      return { ...remoteValues(organization, created), token: created.token };
    },

    async update({ prior, planned }) {
      const organization = knownString(prior, 'organization_canonical');
      const canonical = knownString(prior, 'canonical');
      const body: UpdateApiKey = {
        name: knownString(planned, 'name'),
        description: optionalString(planned, 'description') ?? '',
      };
      const owner = stringOrApiDefault(planned, 'owner') ?? stringOrApiDefault(prior, 'owner');
      if (owner !== undefined) body.owner = owner;
      const key = await client.updateApiKey(organization, canonical, body);
      return { ...remoteValues(organization, key), token: prior['token'] ?? null };
    },

    async delete({ prior }) {
      await client.deleteApiKey(knownString(prior, 'organization_canonical'), knownString(prior, 'canonical'));
    },

    async importState({ id }): Promise<Values> {
      const { organization, canonical } = parseImportId(id, options.defaultOrganization);
      const key = await client.getApiKey(organization, canonical);
      if (key === undefined) {
        const path = `/organizations/${organization}/api_keys/${canonical}`;
        throw new ApiError({ code: 'NOT_FOUND', message: `cannot import ${organization}/${canonical}: there is no API key ${canonical} in organization ${organization}`, method: 'GET', path, status: 404 });
      }
      return { ...remoteValues(organization, key), token: null };
    },

    async close() {
      if (options.ownsClient ?? true) await client.close();
    },
  };
}

function splitIdentity(identity: string): { organization: string; canonical: string } {
  const slash = identity.indexOf('/');
  if (slash <= 0 || slash === identity.length - 1) throw new KeyformError('INVALID_IDENTITY', `"${identity}" is not an API key identity (ORGANIZATION/CANONICAL)`);
  return { organization: identity.slice(0, slash), canonical: identity.slice(slash + 1) };
}
