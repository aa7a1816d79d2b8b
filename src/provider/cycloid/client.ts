/**
 * CycloidClient: the Cycloid API's API-key and policy endpoints over one keep-alive undici Pool.
 *
 * Retries (exponential back-off, full jitter): 429 (honouring Retry-After, capped at 60 s), 502/503/504 and
 * connection failures for GET, PUT and DELETE. A create (POST) is retried only when it cannot have been
 * processed — 429, or a connection that was never made; any other failure after the request may have reached
 * the server is thrown as AMBIGUOUS, for the resource's lost-response protocol.
 */
import type { Pool as PoolType } from 'undici';
import { ApiError, errorFromAnswer } from './api-error.js';
import type { ApiKey, CreatedApiKey, NewApiKey, Page, Policy, UpdateApiKey } from './api-types.js';
import { decode, MAX_BODY_BYTES, type Answer } from './answer.js';
import { backoffDelay, realSleep } from './backoff.js';
import type { EventSink, ProviderEvent } from './events.js';
import { classifyNetworkError } from './network-error.js';
import { collectPages } from './paging.js';
import { redactSecrets } from './redact.js';
import { parseRetryAfter } from './retry-after.js';
import { Pool, poolExchange } from './undici-pool.js';
import { defaultUserAgent } from './user-agent.js';

export interface RetrySettings {
  /** Attempts in all, the first included. Default 6. */
  attempts: number;
  baseMs: number;
  maxMs: number;
}

export interface CycloidClientOptions {
  apiUrl: string;
  apiKey: string;
  /** Skip TLS certificate verification. */
  insecure?: boolean;
  /** Connections of the pool. Default 10. */
  connections?: number;
  retry?: Partial<RetrySettings>;
  userAgent?: string;
  /** Headers and body timeout of one attempt, in ms. Default 60 s. */
  timeoutMs?: number;
  onEvent?: EventSink;
  /** Injectable for tests. */
  sleep?: (ms: number) => Promise<void>;
  /** Injectable for tests: a number in [0, 1). */
  random?: () => number;
}

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

interface Call {
  method: Method;
  path: string;
  query?: Record<string, string | number>;
  body?: unknown;
  /** Answer 404 instead of throwing NOT_FOUND. */
  accept404?: boolean;
}

const RETRY_STATUSES = new Set([502, 503, 504]);
// Ten attempts: with full jitter the waits add up to ~16 s on average, enough to ride out a server restart.
const DEFAULT_RETRY: RetrySettings = { attempts: 10, baseMs: 100, maxMs: 10_000 };

export class CycloidClient {
  readonly apiUrl: string;
  readonly retry: RetrySettings;
  private readonly pool: PoolType;
  private readonly origin: string;
  private readonly basePath: string;
  private readonly headers: Record<string, string>;
  private readonly secrets: string[];
  private readonly onEvent: EventSink | undefined;
  readonly sleep: (ms: number) => Promise<void>;
  readonly random: () => number;

  constructor(options: CycloidClientOptions) {
    const url = new URL(options.apiUrl);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TypeError(`api_url must be an http(s) URL, got ${url.protocol}`);
    this.apiUrl = options.apiUrl;
    this.origin = url.origin;
    this.basePath = url.pathname.replace(/\/+$/, '');
    const timeout = options.timeoutMs ?? 60_000;
    this.pool = new Pool(url.origin, {
      connections: options.connections ?? 10,
      headersTimeout: timeout,
      bodyTimeout: timeout,
      ...(options.insecure ? { connect: { rejectUnauthorized: false } } : {}),
    });
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.headers = {
      authorization: `Bearer ${options.apiKey}`,
      'content-type': 'application/json',
      accept: 'application/json',
      'user-agent': options.userAgent ?? defaultUserAgent(),
    };
    this.secrets = [options.apiKey];
    this.onEvent = options.onEvent;
    this.sleep = options.sleep ?? realSleep;
    this.random = options.random ?? Math.random;
  }

  /** Reports an event to the `onEvent` sink (the resource reports its own through here too). */
  emit(event: ProviderEvent): void {
    this.onEvent?.(event);
  }

  /** Every API key of the organization, through all pages. */
  async listApiKeys(org: string): Promise<ApiKey[]> {
    const path = `${orgPath(org)}/api_keys`;
    return collectPages<ApiKey>(
      async (index, size) => this.decoded<Page<ApiKey>>({ method: 'GET', path, query: { page_index: index, page_size: size } }, 'getAPIKeys_200_response', size),
      { method: 'GET', path },
      (k) => k.id,
    );
  }

  /** The key, or undefined when the API answers 404. */
  async getApiKey(org: string, canonical: string): Promise<ApiKey | undefined> {
    const answer = await this.send({ method: 'GET', path: keyPath(org, canonical), accept404: true });
    if (answer.status === 404) return undefined;
    return this.decode<{ data: ApiKey }>(answer, 'createAPIKey_200_response').data;
  }

  /**
   * Creates a key; the answer holds its token (shown once). Throws AMBIGUOUS when the key may have been created
   * but the answer was lost or unreadable.
   */
  async createApiKey(org: string, body: NewApiKey): Promise<CreatedApiKey> {
    const answer = await this.send({ method: 'POST', path: `${orgPath(org)}/api_keys`, body });
    try {
      const key = decode<{ data: ApiKey }>(answer, 'createAPIKey_200_response', { echoBody: false, secrets: this.secrets }).data;
      if (typeof key.token !== 'string' || key.token === '') {
        throw new ApiError({ code: 'BAD_RESPONSE', message: `POST ${answer.path}: ${answer.status} without the new key's token`, method: 'POST', path: answer.path, status: answer.status });
      }
      return key as CreatedApiKey;
    } catch (err) {
      throw ambiguous(answer.path, 'its answer could not be read', err);
    }
  }

  /** PUT: a full replace of name, description and owner (a description not sent is cleared). */
  async updateApiKey(org: string, canonical: string, body: UpdateApiKey): Promise<ApiKey> {
    return (await this.decoded<{ data: ApiKey }>({ method: 'PUT', path: keyPath(org, canonical), body }, 'createAPIKey_200_response')).data;
  }

  /**
   * Deletes (revokes) a key: true when deleted, false when it was already gone (404). A 404 after an earlier
   * attempt that may have reached the server counts as deleted.
   */
  async deleteApiKey(org: string, canonical: string): Promise<boolean> {
    const answer = await this.send({ method: 'DELETE', path: keyPath(org, canonical), accept404: true });
    return answer.status !== 404 || answer.afterAmbiguous;
  }

  /** Every policy code the organization knows, through all pages. */
  async listPolicies(org: string): Promise<Policy[]> {
    const path = `${orgPath(org)}/policies`;
    return collectPages<Policy>(
      async (index, size) => this.decoded<Page<Policy>>({ method: 'GET', path, query: { page_index: index, page_size: size } }, 'getPolicies_200_response', size),
      { method: 'GET', path },
      (p) => p.id,
    );
  }

  async close(): Promise<void> {
    await this.pool.close();
  }

  private async decoded<T>(call: Call, definition: string, maxItems?: number): Promise<T> {
    return this.decode<T>(await this.send(call), definition, maxItems);
  }

  private decode<T>(answer: Answer, definition: string, maxItems?: number): T {
    return decode<T>(answer, definition, { echoBody: true, secrets: this.secrets, ...(maxItems !== undefined ? { maxItems } : {}) });
  }

  /** One call with its retries: a 2xx answer (or a 404 when accepted), else a typed error. */
  private async send(call: Call): Promise<Answer> {
    let afterAmbiguous = false;
    for (let attempt = 1; ; attempt++) {
      const outcome = await this.attempt(call, afterAmbiguous);
      if ('answer' in outcome) return outcome.answer;
      afterAmbiguous ||= outcome.maybeProcessed;
      if (attempt >= this.retry.attempts) throw outcome.failure;
      const waitMs = outcome.waitMs ?? backoffDelay(attempt, this.retry, this.random);
      this.onEvent?.({ type: 'retry', method: call.method, path: call.path, attempt, waitMs, reason: outcome.reason });
      await this.sleep(waitMs);
    }
  }

  /** One attempt: the answer, a retryable failure, or a thrown final error (a POST's is AMBIGUOUS when it may have run). */
  private async attempt(call: Call, afterAmbiguous: boolean): Promise<Attempt> {
    const isPost = call.method === 'POST';
    const where = { method: call.method, path: call.path };
    let status: number;
    let headers: Record<string, string | string[] | undefined>;
    let text: string | null;
    try {
      const res = await poolExchange(
        this.pool,
        { method: call.method, path: this.basePath + call.path + queryString(call.query), headers: this.headers, body: call.body === undefined ? null : JSON.stringify(call.body) },
        MAX_BODY_BYTES,
      );
      status = res.statusCode;
      headers = res.headers;
      text = res.text;
    } catch (err) {
      const net = classifyNetworkError(err);
      if (!net) throw err;
      const what = redactSecrets(`${net.code}: ${(err as Error).message}`, this.secrets);
      const failure = new ApiError({ code: 'NETWORK', message: `${call.method} ${call.path}: no answer from ${this.origin} (${what})`, ...where, cause: err });
      if (isPost && net.sent) throw ambiguous(call.path, `the connection failed after the request was sent (${what})`, failure);
      return { failure, reason: net.code, maybeProcessed: net.sent };
    }
    const requestId = headerValue(headers['x-request-id']);
    if (text === null) {
      const tooBig = new ApiError({ code: 'BAD_RESPONSE', message: `${call.method} ${call.path}: ${status} with a body over the size limit (${MAX_BODY_BYTES / 1024 / 1024} MiB)`, ...where, status, ...(requestId ? { requestId } : {}) });
      throw isPost ? ambiguous(call.path, 'its answer could not be read', tooBig) : tooBig;
    }
    if ((status >= 200 && status < 300) || (status === 404 && call.accept404)) {
      return { answer: { ...where, status, text, requestId, afterAmbiguous } };
    }
    const location = status >= 300 && status < 400 ? headerValue(headers['location']) : undefined;
    const failure = errorFromAnswer({ ...where, status, headerRequestId: requestId, text, location, echoBody: !isPost, secrets: this.secrets });
    // A redirect after a POST (post/redirect/get) may follow a create that was carried out.
    if (isPost && (status >= 500 || (status >= 300 && status < 400))) throw ambiguous(call.path, `the server answered ${status}`, failure);
    if (status !== 429 && (isPost || !RETRY_STATUSES.has(status))) throw failure;
    const waitMs = status === 429 || status === 503 ? parseRetryAfter(headers['retry-after']) : undefined;
    return { failure, reason: String(status), maybeProcessed: status >= 500, ...(waitMs !== undefined ? { waitMs } : {}) };
  }
}

type Attempt =
  | { answer: Answer }
  | { failure: ApiError; reason: string; maybeProcessed: boolean; waitMs?: number };

function queryString(query: Call['query']): string {
  if (!query) return '';
  return `?${new URLSearchParams(Object.entries(query).map(([k, v]): [string, string] => [k, String(v)])).toString()}`;
}

/** A create that may or may not have happened. */
function ambiguous(path: string, why: string, cause: unknown): ApiError {
  return new ApiError({
    code: 'AMBIGUOUS',
    message: `POST ${path}: the request may have been carried out, but ${why}`,
    method: 'POST',
    path,
    cause,
    ...(cause instanceof ApiError && cause.status !== undefined ? { status: cause.status } : {}),
    ...(cause instanceof ApiError && cause.requestId !== undefined ? { requestId: cause.requestId } : {}),
  });
}

const orgPath = (org: string) => `/organizations/${encodeURIComponent(org)}`;
const keyPath = (org: string, canonical: string) => `${orgPath(org)}/api_keys/${encodeURIComponent(canonical)}`;

function headerValue(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}
