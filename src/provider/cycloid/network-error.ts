/**
 * Transport failures raised by undici or the socket, sorted by whether the request can have reached the server.
 * Only a failure to connect proves that nothing was sent.
 */

/** Error codes raised before a byte of the request was written. */
const BEFORE_WRITE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

/** Error codes of a connection that failed or timed out after the request may have been written. */
const AFTER_WRITE = new Set([
  'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ECONNABORTED',
  'UND_ERR_SOCKET', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CLOSED',
  'UND_ERR_RES_CONTENT_LENGTH_MISMATCH',
]);

export type NetworkFailure = { sent: false; code: string } | { sent: true; code: string };

/** Where a thrown error sits, or undefined when it is not a transport failure (a bug, a bad argument). */
export function classifyNetworkError(err: unknown): NetworkFailure | undefined {
  const code = errorCode(err);
  if (code === undefined) return undefined;
  if (BEFORE_WRITE.has(code)) return { sent: false, code };
  if (AFTER_WRITE.has(code) || code.startsWith('HPE_')) return { sent: true, code };
  return undefined;
}

function errorCode(err: unknown): string | undefined {
  for (let e: unknown = err, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    // AggregateError from happy-eyeballs connects: take the first inner code.
    const inner = (e as { errors?: unknown[] }).errors?.[0] as { code?: unknown } | undefined;
    if (typeof inner?.code === 'string') return inner.code;
  }
  return undefined;
}
