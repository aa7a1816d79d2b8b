/** Body and parameter checks shared by the handlers: the subset's schemas, then the API's own rules. */
import { describeErrors, validator } from '../json-schemas.js';
import { isCanonical } from '../canonical.js';
import { unprocessable } from './errors.js';

/** Validates `body` against a definition of schemas/cycloid-api.schema.json; throws a 422 listing every problem. */
export function checkBody<T>(body: unknown, definition: string, extra: (value: T) => string[] = () => []): T {
  if (body === undefined) throw unprocessable('The request needs a JSON body', ['(body): is required']);
  const validate = validator('cycloid-api.schema.json', `#/definitions/${definition}`);
  const problems = validate(body) ? extra(body as T) : describeErrors(validate.errors);
  if (problems.length > 0) throw unprocessable(`The request body is not a valid ${definition}`, problems);
  return body as T;
}

/** A canonical taken from the path; a malformed one is a 422 that names it. */
export function checkPathCanonical(value: string, name: string): string {
  if (!isCanonical(value)) {
    throw unprocessable(`The ${name} in the path is not a valid canonical`, [
      `${name} in path: must be 3 to 100 characters matching ^[a-z0-9]+[a-z0-9\\-_]+[a-z0-9]+$`,
    ]);
  }
  return value;
}
