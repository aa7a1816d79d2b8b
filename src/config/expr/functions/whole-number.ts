/** Integer arguments: Terraform rejects a fraction where it needs a count or an index. */
import { FunctionError } from './function-error.js';

/** `n` when it is a whole number, else a FunctionError for argument `index` named `name`. */
export function wholeNumber(n: number, name: string, index: number): number {
  if (Number.isInteger(n)) return n;
  throw new FunctionError(`Invalid value for "${name}" parameter: a whole number is required, not ${n}`, index);
}
