/** The Cycloid provider: its HTTP client and the `cycloid_organization_api_key` resource. */
export { CycloidClient, type CycloidClientOptions, type RetrySettings } from './client.js';
export { ApiError, isApiError, type ApiErrorCode } from './api-error.js';
export { CanonicalTakenError } from './canonical-taken-error.js';
export type { ProviderEvent, EventSink, RetryEvent, AmbiguousCreateEvent, RecreatedEvent } from './events.js';
export type { ApiKey, ApiRule, CreatedApiKey, NewApiKey, UpdateApiKey, Policy } from './api-types.js';
export { apiKeyResource, apiKeyClient, type ApiKeyResourceType, type ApiKeyClientOptions } from './api-key-resource.js';
export { API_KEY_TYPE, remoteValues } from './api-key-values.js';
export { canonicalFromName, deriveCanonical, isCanonical } from '../../canonical.js';
export { parseImportId } from './import-id.js';
