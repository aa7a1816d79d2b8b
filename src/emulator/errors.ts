/**
 * The Cycloid error envelope and the typed error that handlers throw to produce it.
 * Only `code` is stable (API-NOTES); `message` is for people.
 */

export interface ErrorItem {
  code: string;
  message: string;
  details?: string[];
}

export interface ErrorPayload {
  errors: ErrorItem[];
  request_id?: string;
}

/** An HTTP error answered with the Cycloid envelope. `status` 411 is answered without a body. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: string[] | undefined;
  readonly headers: Record<string, string>;

  constructor(status: number, code: string, message: string, details?: string[], headers: Record<string, string> = {}) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details && details.length > 0 ? details : undefined;
    this.headers = headers;
  }
}

export const badRequest = (message: string, details?: string[]) => new ApiError(400, 'BadRequest', message, details);
export const unauthenticated = (message = 'The request is not authenticated: a valid API key token is required') =>
  new ApiError(401, 'Unauthenticated', message);
export const forbidden = (message: string) => new ApiError(403, 'Unauthorized', message);
export const notFound = (message: string) => new ApiError(404, 'NotFoundEntity', message);
export const conflict = (message: string, details?: string[]) => new ApiError(409, 'Conflict', message, details);
export const unprocessable = (message: string, details: string[]) => new ApiError(422, 'ValidationError', message, details);

export function envelope(err: ApiError, requestId: string): ErrorPayload {
  const item: ErrorItem = { code: err.code, message: err.message };
  if (err.details) item.details = err.details;
  return { errors: [item], request_id: requestId };
}
