/**
 * Terraform's built-in functions for keyform's expression evaluator: the table of functions, and
 * `callFunction`, which answers with a value or an error the evaluator turns into a diagnostic.
 */
import type { Value } from '../../../values.js';
import { closest } from '../../did-you-mean.js';
import { COALESCE_FUNCTIONS } from './coalesce.js';
import { CONVERSION_FUNCTIONS } from './conversions.js';
import type { FunctionDef } from './define.js';
import { ENCODING_FUNCTIONS } from './encoding.js';
import { FORMAT_FUNCTIONS } from './format.js';
import { FunctionError } from './function-error.js';
import { HASH_FUNCTIONS } from './hashes.js';
import { LIST_FUNCTIONS } from './lists.js';
import { MAP_FUNCTIONS } from './maps.js';
import { NUMBER_FUNCTIONS } from './numbers.js';
import { LANGUAGE_FUNCTIONS, OMITTED_FUNCTIONS } from './omitted.js';
import { REGEX_FUNCTIONS } from './regex.js';
import { SET_FUNCTIONS } from './sets.js';
import { STRING_FUNCTIONS } from './strings.js';

export type { FunctionDef } from './define.js';
export { FunctionError, type FunctionErrorCode } from './function-error.js';
export { LANGUAGE_FUNCTIONS, OMITTED_FUNCTIONS } from './omitted.js';

const ALL: readonly FunctionDef[] = [
  ...STRING_FUNCTIONS,
  ...FORMAT_FUNCTIONS,
  ...REGEX_FUNCTIONS,
  ...LIST_FUNCTIONS,
  ...MAP_FUNCTIONS,
  ...COALESCE_FUNCTIONS,
  ...SET_FUNCTIONS,
  ...CONVERSION_FUNCTIONS,
  ...NUMBER_FUNCTIONS,
  ...ENCODING_FUNCTIONS,
  ...HASH_FUNCTIONS,
];

/** Every function keyform provides, by name, in alphabetical order. */
export const FUNCTIONS: ReadonlyMap<string, FunctionDef> = new Map(
  [...ALL].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)).map((f) => [f.name, f]),
);

export type CallResult = { value: Value } | { error: string; arg?: number; unknownFunction?: true; suggestion?: string };

function unknownFunction(name: string): CallResult {
  const language = LANGUAGE_FUNCTIONS.get(name);
  if (language) return { error: `${name}() is handled by the expression evaluator, not called as a function: ${language}`, unknownFunction: true };
  const omitted = OMITTED_FUNCTIONS.get(name);
  if (omitted) return { error: `Call to unknown function "${name}": Terraform has it, but ${omitted}`, unknownFunction: true };
  const suggestion = closest(name, FUNCTIONS.keys());
  if (suggestion === undefined) return { error: `Call to unknown function "${name}"`, unknownFunction: true };
  return { error: `Call to unknown function "${name}"; did you mean "${suggestion}"?`, unknownFunction: true, suggestion };
}

/** Calls the function `name` with evaluated arguments (UNKNOWN where not known yet). */
export function callFunction(name: string, args: Value[]): CallResult {
  const f = FUNCTIONS.get(name);
  if (!f) return unknownFunction(name);
  try {
    return { value: f.call(args) };
  } catch (e) {
    if (!(e instanceof FunctionError)) throw e;
    return e.argIndex === undefined ? { error: e.message } : { error: e.message, arg: e.argIndex };
  }
}
