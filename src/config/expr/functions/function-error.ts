/**
 * A function call that cannot produce a value: wrong argument count, an argument of the wrong type or value,
 * or a call that fails on its own terms (`index` of a missing item). The evaluator turns it into a diagnostic.
 */
import { KeyformError } from '../../../diagnostics.js';

/** `ERR_FUNCTION_ARITY`: too many or too few arguments; `ERR_FUNCTION_ARGUMENT`: one argument is unsuitable; `ERR_FUNCTION_CALL`: the call as a whole fails. */
export type FunctionErrorCode = 'ERR_FUNCTION_ARITY' | 'ERR_FUNCTION_ARGUMENT' | 'ERR_FUNCTION_CALL';

export class FunctionError extends KeyformError {
  /** The zero-based index of the argument at fault, when one is. */
  readonly argIndex: number | undefined;
  declare readonly code: FunctionErrorCode;
  constructor(message: string, argIndex?: number, code?: FunctionErrorCode) {
    super(code ?? (argIndex === undefined ? 'ERR_FUNCTION_CALL' : 'ERR_FUNCTION_ARGUMENT'), message);
    this.name = 'FunctionError';
    this.argIndex = argIndex;
  }
}
