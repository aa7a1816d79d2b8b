/**
 * Create, never twice, never losing a token (DESIGN "Create is idempotent"). keyform sends an explicit canonical.
 * When the client reports the POST as AMBIGUOUS (it may have been carried out, its answer was lost), keyform
 * GETs the canonical:
 *  (a) absent → the create did not happen: POST again;
 *  (b) present and as sent (name, description, rules; owner when sent; never used) → it was created but its
 *      token, shown only once, was lost: DELETE it and POST again, so no key lives without a holder of its token;
 *  (c) present and different → CANONICAL_TAKEN: it is someone else's and is left alone.
 * A 409 on a POST that follows no ambiguous one means the key existed before: CANONICAL_TAKEN.
 * Attempts are bounded; when they run out, no key made by this create is left behind.
 */
import { normaliseRules } from '../../permissions/index.js';
import { ApiError, isApiError } from './api-error.js';
import type { ApiKey, CreatedApiKey, NewApiKey } from './api-types.js';
import { backoffDelay } from './backoff.js';
import { CanonicalTakenError } from './canonical-taken-error.js';
import type { CycloidClient } from './client.js';
import type { EventSink } from './events.js';

export interface CreateOptions {
  client: CycloidClient;
  emit: EventSink;
  /**
   * POSTs in all. Default: the client's retry attempts (10 unless KEYFORM_API_RETRIES says otherwise), at least 4 —
   * each POST after an ambiguous one is made only once a lookup has shown that no key was created.
   */
  attempts?: number;
}

export async function createApiKeyOnce(options: CreateOptions, organization: string, body: NewApiKey & { canonical: string }): Promise<CreatedApiKey> {
  const { client, emit } = options;
  const attempts = options.attempts ?? Math.max(4, client.retry.attempts);
  const canonical = body.canonical;
  let ambiguousSeen = false;
  let lastFailure: ApiError | undefined;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    if (attempt > 1) await client.sleep(backoffDelay(attempt - 1, client.retry, client.random));
    try {
      return await client.createApiKey(organization, body);
    } catch (err) {
      if (isApiError(err, 'CONFLICT')) {
        if (!ambiguousSeen) throw new CanonicalTakenError(organization, canonical, [], err);
        // an earlier ambiguous POST committed late, or someone else was quicker: look it up below
      } else if (isApiError(err, 'AMBIGUOUS')) {
        ambiguousSeen = true;
        lastFailure = err;
        const reason = err.cause instanceof ApiError ? (err.cause.status !== undefined ? String(err.cause.status) : err.cause.code) : 'unknown';
        emit({ type: 'ambiguous-create', organization, canonical, attempt, reason });
      } else {
        throw err;
      }
    }
    const existing = await unsettled(client.getApiKey(organization, canonical), `looking ${canonical} up`, organization);
    if (existing === undefined) continue;
    const differences = differencesFrom(body, existing);
    if (differences.length > 0) throw new CanonicalTakenError(organization, canonical, differences);
    await unsettled(client.deleteApiKey(organization, canonical), `deleting ${canonical}, created without its token reaching keyform,`, organization);
    emit({ type: 'recreated-after-lost-response', organization, canonical });
  }
  const cause = lastFailure?.cause instanceof ApiError ? lastFailure.cause : lastFailure;
  throw new ApiError({
    code: cause?.code ?? 'AMBIGUOUS',
    message: `POST /organizations/${organization}/api_keys: creating ${canonical} failed ${attempts} times (no key made by these attempts was left behind): ${cause?.message ?? 'no answer'}`,
    method: 'POST',
    path: `/organizations/${organization}/api_keys`,
    ...(cause?.status !== undefined ? { status: cause.status } : {}),
    ...(cause?.requestId !== undefined ? { requestId: cause.requestId } : {}),
    cause,
  });
}

/**
 * A lookup or clean-up step of the protocol: when it fails, whether a key now exists is unknown, so the failure
 * is AMBIGUOUS (the engine keeps the create pending and looks the canonical up on the next run).
 */
async function unsettled<T>(step: Promise<T>, what: string, organization: string): Promise<T> {
  try {
    return await step;
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    throw new ApiError({
      code: 'AMBIGUOUS',
      message: `after a lost create answer in organization ${organization}, ${what} failed, so whether the key exists is unknown: ${err.message}`,
      method: err.method,
      path: err.path,
      ...(err.status !== undefined ? { status: err.status } : {}),
      ...(err.requestId !== undefined ? { requestId: err.requestId } : {}),
      cause: err,
    });
  }
}

/** What a key found under a create's canonical shows of itself (an API answer, or a listed key's values). */
export type FoundKey = Pick<ApiKey, 'name' | 'description' | 'rules' | 'last_used'> & { owner?: { username: string } };

/**
 * What tells `existing` apart from the key this create would have made; empty when it is that key. The same check
 * for a lost answer (here) and for a create an interrupted run left pending (the resource's differencesFromCreate).
 */
export function differencesFrom(sent: NewApiKey, existing: FoundKey): string[] {
  const out: string[] = [];
  if (existing.name !== sent.name) out.push('name');
  if ((existing.description ?? '') !== (sent.description ?? '')) out.push('description');
  const rulesOf = (rules: NewApiKey['rules']) => JSON.stringify(normaliseRules(rules.map((r) => ({ action: r.action, effect: r.effect as 'allow', resources: r.resources ?? [] }))));
  if (rulesOf(existing.rules) !== rulesOf(sent.rules)) out.push('rules');
  if (sent.owner !== undefined && existing.owner?.username !== sent.owner) out.push('owner');
  // A lost token cannot have been used: a key that has been used is held by someone.
  if ((existing.last_used ?? 0) > 0) out.push('use');
  return out;
}
