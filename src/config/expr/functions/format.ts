/** format and formatlist. */
import { containsUnknown, UNKNOWN, type Value } from '../../../values.js';
import { defineFunction, type FunctionDef } from './define.js';
import { FunctionError } from './function-error.js';
import { formatSpec } from './format-spec.js';

/** formatlist: list arguments are walked in step (all of one length), the others repeat; one format per step. */
function formatList(spec: string, args: Value[]): Value {
  let length = -1;
  let chooser = -1;
  args.forEach((arg, i) => {
    if (!Array.isArray(arg)) return;
    if (length < 0) {
      length = arg.length;
      chooser = i;
    } else if (arg.length !== length) {
      throw new FunctionError(`argument ${i + 1} has length ${arg.length}, which is inconsistent with argument ${chooser + 1} of length ${length}`, i + 1);
    }
  });
  const out: Value[] = [];
  for (let step = 0; step < (length < 0 ? 1 : length); step++) {
    const stepArgs = args.map((arg) => (Array.isArray(arg) ? arg[step]! : arg));
    if (stepArgs.some(containsUnknown)) {
      out.push(UNKNOWN);
      continue;
    }
    try {
      out.push(formatSpec(spec, stepArgs));
    } catch (e) {
      if (e instanceof FunctionError) throw new FunctionError(`error on format iteration ${step}: ${e.message}`, e.argIndex);
      throw e;
    }
  }
  return out;
}

export const FORMAT_FUNCTIONS: readonly FunctionDef[] = [
  defineFunction({
    name: 'format',
    params: [{ name: 'format', type: 'string' }],
    variadic: { name: 'args', type: 'any', allowNull: true },
    returns: 'string',
    summary: 'The arguments formatted by the printf-like format (%s, %d, %05.2f, %q, %v, %t, %x, %%, …).',
    impl: ([spec, ...values]) => formatSpec(spec as string, values),
  }),
  defineFunction({
    name: 'formatlist',
    params: [{ name: 'format', type: 'string' }],
    variadic: { name: 'args', type: 'any', allowNull: true, unknown: 'nested' },
    returns: 'list(string)',
    summary: 'format applied element by element: list arguments are walked together, other arguments repeat.',
    impl: ([spec, ...values]) => formatList(spec as string, values),
  }),
];
