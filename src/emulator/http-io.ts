/** Reading request bodies within a limit and writing JSON responses. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { firstDuplicateKey } from './duplicate-keys.js';
import { ApiError, badRequest } from './errors.js';

export const MAX_BODY_BYTES = 1024 * 1024;

const JSON_TYPES = new Set(['application/json', 'application/vnd.cycloid.io.v1+json']);

/**
 * Reads and parses a JSON body. Enforces the documented size limit (413), the Content-Length requirement (411),
 * the media type (415) and JSON syntax (400). Resolves to `undefined` for an empty body.
 */
export async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const declared = req.headers['content-length'];
  if (declared === undefined) {
    if (req.headers['transfer-encoding'] !== undefined) {
      throw new ApiError(411, 'LengthRequired', 'The request has a body but no Content-Length header');
    }
    return undefined;
  }
  const length = Number(declared);
  if (!Number.isSafeInteger(length) || length < 0) throw badRequest('Content-Length is not a valid length');
  if (length > MAX_BODY_BYTES) throw tooLarge(length);
  const type = (req.headers['content-type'] ?? 'application/json').split(';')[0]!.trim().toLowerCase();
  if (!JSON_TYPES.has(type)) {
    throw new ApiError(415, 'UnsupportedMediaType', `Content-Type '${type.slice(0, 100)}' is not supported: send application/json`);
  }
  const chunks: Buffer[] = [];
  let received = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    received += chunk.length;
    if (received > MAX_BODY_BYTES) throw tooLarge(received);
    chunks.push(chunk);
  }
  if (received === 0) return undefined;
  const text = Buffer.concat(chunks, received).toString('utf8');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw badRequest('The request body is not valid JSON', [(err as Error).message.slice(0, 200)]);
  }
  const duplicate = firstDuplicateKey(text);
  if (duplicate !== undefined) {
    throw badRequest('The request body has an object with a duplicate key', [`key ${JSON.stringify(duplicate.slice(0, 100))} appears twice in one object`]);
  }
  return value;
}

function tooLarge(bytes: number): ApiError {
  return new ApiError(413, 'PayloadTooLarge', `The request body (${bytes} bytes or more) is over the limit of ${MAX_BODY_BYTES} bytes`);
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}, raw?: string): void {
  if (status === 204 || status === 411 || (body === undefined && raw === undefined)) {
    res.writeHead(status, status === 204 ? headers : { ...headers, 'Content-Length': 0 });
    res.end();
    return;
  }
  const text = raw ?? JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}
