/** Asserts that a response body matches a definition of schemas/cycloid-api.schema.json. */
import assert from 'node:assert/strict';
import { describeErrors, validator } from '../../src/json-schemas.js';

export function assertMatches(body: unknown, definition: string): void {
  const validate = validator('cycloid-api.schema.json', `#/definitions/${definition}`);
  const ok = validate(body);
  assert.ok(ok, `response does not match ${definition}: ${describeErrors(validate.errors).join('; ')}\n${JSON.stringify(body).slice(0, 500)}`);
}

/** The Cycloid error envelope with the given code, and a request id matching the header. */
export function assertError(res: { status: number; body: any; headers: Record<string, unknown> }, status: number, code: string): void {
  assert.equal(res.status, status, `expected ${status} ${code}, got ${res.status}: ${JSON.stringify(res.body)}`);
  assertMatches(res.body, 'ErrorPayload');
  assert.equal(res.body.errors[0].code, code);
  assert.equal(typeof res.body.request_id, 'string');
  assert.equal(res.body.request_id, res.headers['x-request-id']);
}
