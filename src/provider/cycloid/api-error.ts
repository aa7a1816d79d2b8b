/**
 * Typed errors of the Cycloid API client, each with a stable `code`. Messages are for people: they name the
 * request, the status, the API's own code and message and the request id, and never a token or a header.
 */
import { KeyformError } from '../../diagnostics.js';
import { excerpt, redact } from './redact.js';

export type ApiErrorCode =
  | 'UNAUTHENTICATED' // 401
  | 'FORBIDDEN' // 403
  | 'NOT_FOUND' // 404
  | 'CONFLICT' // 409, or 422 whose details say the canonical is taken
  | 'VALIDATION' // 422
  | 'BAD_REQUEST' // any other 4xx: a request keyform should not have sent
  | 'RATE_LIMITED' // 429, retries spent
  | 'SERVER' // 5xx
  | 'NETWORK' // refused, reset, timed out
  | 'BAD_RESPONSE' // an answer keyform cannot read: not JSON, wrong shape, endless pages, a redirect
  | 'AMBIGUOUS'; // a create that may or may not have happened (its answer was lost)

export interface ApiErrorInit {
  code: ApiErrorCode;
  message: string;
  method: string;
  path: string;
  status?: number;
  apiCode?: string;
  requestId?: string;
  details?: string[];
  cause?: unknown;
}

export class ApiError extends KeyformError {
  declare readonly code: ApiErrorCode;
  readonly method: string;
  readonly path: string;
  /** HTTP status, absent when no answer came. */
  readonly status: number | undefined;
  /** The API's `errors[0].code` (`Unauthorized`, `Conflict`, …). */
  readonly apiCode: string | undefined;
  /** From the error envelope, or the `X-Request-Id` header. */
  readonly requestId: string | undefined;
  readonly details: string[];

  constructor(init: ApiErrorInit) {
    super(init.code, init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'ApiError';
    this.method = init.method;
    this.path = init.path;
    this.status = init.status;
    this.apiCode = init.apiCode;
    this.requestId = init.requestId;
    this.details = init.details ?? [];
  }
}

export const isApiError = (err: unknown, code?: ApiErrorCode): err is ApiError =>
  err instanceof ApiError && (code === undefined || err.code === code);

export interface ErrorAnswer {
  method: string;
  path: string;
  status: number;
  headerRequestId: string | undefined;
  text: string;
  /** The Location header of a redirect. */
  location?: string | undefined;
  /** Whether the body may be quoted (false for create answers). */
  echoBody: boolean;
  secrets: readonly string[];
}

interface Envelope {
  errors?: { code?: unknown; message?: unknown; details?: unknown }[];
  request_id?: unknown;
}

/** The typed error for a non-2xx answer. */
export function errorFromAnswer(a: ErrorAnswer): ApiError {
  const envelope = parseEnvelope(a.text);
  const first = envelope?.errors?.[0];
  const apiCode = typeof first?.code === 'string' ? first.code : undefined;
  const apiMessage = typeof first?.message === 'string' ? first.message : undefined;
  const details = Array.isArray(first?.details) ? first.details.filter((d): d is string => typeof d === 'string') : [];
  const requestId = typeof envelope?.request_id === 'string' ? envelope.request_id : a.headerRequestId;
  const code = codeForStatus(a.status, apiMessage, details);
  let text = `${a.method} ${a.path}: ${a.status}`;
  if (a.status >= 300 && a.status < 400) {
    text += ` (a redirect${a.location ? ` to ${excerpt(a.location, a.secrets, 100)}` : ''}; keyform does not follow redirects: check the API URL)`;
  }
  if (apiCode !== undefined) text += ` ${apiCode}`;
  if (apiMessage !== undefined) text += `: ${apiMessage}`;
  else if (a.echoBody && a.text !== '') text += `: ${excerpt(a.text, a.secrets)}`;
  if (details.length > 0) text += ` (${details.join('; ')})`;
  if (requestId !== undefined) text += ` [request ${requestId}]`;
  return new ApiError({ code, message: redact(text, a.secrets), method: a.method, path: a.path, status: a.status, apiCode, requestId, details });
}

export function codeForStatus(status: number, message: string | undefined, details: readonly string[]): ApiErrorCode {
  if (status === 401) return 'UNAUTHENTICATED';
  if (status === 403) return 'FORBIDDEN';
  if (status === 404) return 'NOT_FOUND';
  if (status === 409) return 'CONFLICT';
  if (status === 422) return namesTakenCanonical([message ?? '', ...details]) ? 'CONFLICT' : 'VALIDATION';
  if (status === 429) return 'RATE_LIMITED';
  if (status >= 300 && status < 400) return 'BAD_RESPONSE';
  if (status >= 500) return 'SERVER';
  return 'BAD_REQUEST';
}

/** API-NOTES: a 422 whose details name the canonical as taken is a conflict. */
function namesTakenCanonical(texts: readonly string[]): boolean {
  return texts.some((t) => /canonical/i.test(t) && /already|taken|exist|duplicate|unique|in use/i.test(t));
}

function parseEnvelope(text: string): Envelope | undefined {
  try {
    const parsed = JSON.parse(text) as unknown;
    return parsed !== null && typeof parsed === 'object' && Array.isArray((parsed as Envelope).errors) ? (parsed as Envelope) : undefined;
  } catch {
    return undefined;
  }
}
