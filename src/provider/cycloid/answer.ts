/**
 * A received answer and how its body is read: a size limit while reading, then JSON and the expected shape
 * (schemas/cycloid-api.schema.json). Anything else is a BAD_RESPONSE that quotes a short redacted excerpt —
 * or nothing at all for a create answer, which holds a token.
 */
import { describeErrors, validator } from '../../json-schemas.js';
import { ApiError } from './api-error.js';
import { excerpt } from './redact.js';

export interface Answer {
  method: string;
  path: string;
  status: number;
  text: string;
  requestId: string | undefined;
  /** An earlier attempt of this call failed after the request may have reached the server. */
  afterAmbiguous: boolean;
}

/**
 * The largest answer read. A full page of 1,000 keys is about 0.4 MB (one rule each); 16 MiB leaves 16 KB per key,
 * while bounding what a hostile or broken server can make keyform hold (parsing 64 MB of keys took over 1 GB).
 */
export const MAX_BODY_BYTES = 16 * 1024 * 1024;

export interface DecodeOptions {
  /** Whether the body may be quoted in an error (false for create answers). */
  echoBody: boolean;
  secrets: readonly string[];
  /** For a page: the most items it may hold (the page size asked for), checked before the shape. */
  maxItems?: number;
}

/** The parsed body of a 2xx answer, checked against `#/definitions/<definition>`. */
export function decode<T>(answer: Answer, definition: string, options: DecodeOptions): T {
  const fail = (why: string): never => {
    const quoted = options.echoBody ? `: ${excerpt(answer.text, options.secrets)}` : ' (body not shown: it may hold a token)';
    const id = answer.requestId !== undefined ? ` [request ${answer.requestId}]` : '';
    throw new ApiError({
      code: 'BAD_RESPONSE',
      message: `${answer.method} ${answer.path}: ${answer.status} ${why}${quoted}${id}`,
      method: answer.method,
      path: answer.path,
      status: answer.status,
      ...(answer.requestId !== undefined ? { requestId: answer.requestId } : {}),
    });
  };
  if (answer.text.trim() === '') return fail('with an empty body where JSON was expected');
  let parsed: unknown;
  try {
    parsed = JSON.parse(answer.text);
  } catch {
    return fail('with a body that is not JSON');
  }
  const items = (parsed as { data?: unknown } | null)?.data;
  if (options.maxItems !== undefined && Array.isArray(items) && items.length > options.maxItems) {
    return fail(`with a page of ${items.length} items where at most ${options.maxItems} were asked for`);
  }
  const validate = validator('cycloid-api.schema.json', `#/definitions/${definition}`);
  if (!validate(parsed)) {
    const problems = describeErrors(validate.errors).slice(0, 3).join('; ');
    return fail(`with an answer of an unexpected shape (${definition}: ${problems})`);
  }
  return parsed as T;
}
