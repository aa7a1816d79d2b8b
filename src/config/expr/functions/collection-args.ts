/** Checks for the collection arguments that a function takes as `any` and inspects itself. */
import type { Value } from '../../../values.js';
import { article, typeName } from './convert.js';
import { FunctionError } from './function-error.js';

/** `v` as a list, or a FunctionError: `Invalid value for "list" parameter: a list is required, not a string`. */
export function listArg(v: Value, param: string, index: number): Value[] {
  if (Array.isArray(v)) return v;
  throw new FunctionError(`Invalid value for "${param}" parameter: a list is required, not ${article(typeName(v))}`, index);
}

/** `v` as an object (a map or object), or a FunctionError naming the parameter. */
export function objectArg(v: Value, param: string, index: number): Record<string, Value> {
  if (v !== null && typeof v === 'object' && !Array.isArray(v) && typeName(v) === 'object') return v as Record<string, Value>;
  throw new FunctionError(`Invalid value for "${param}" parameter: a map or object is required, not ${article(typeName(v))}`, index);
}
