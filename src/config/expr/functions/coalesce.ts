/** coalesce and coalescelist: the first argument that has something in it, where an unknown one stops the search. */
import { isUnknown, UNKNOWN } from '../../../values.js';
import { listArg } from './collection-args.js';
import { defineFunction, type FunctionDef } from './define.js';
import { FunctionError } from './function-error.js';
import { unify } from './unify.js';

export const COALESCE_FUNCTIONS: readonly FunctionDef[] = [
  defineFunction({
    name: 'coalesce',
    params: [],
    variadic: { name: 'vals', type: 'any', allowNull: true, unknown: 'allow', min: 1 },
    returns: 'any',
    summary: 'The first argument that is neither null nor an empty string (all converted to a common type).',
    impl: (vals) => {
      const unified = unify(vals);
      if (!unified) throw new FunctionError('all arguments must have the same type');
      for (const v of unified) {
        if (isUnknown(v)) return UNKNOWN;
        if (v !== null && v !== '') return v;
      }
      throw new FunctionError('no non-null, non-empty-string arguments');
    },
  }),
  defineFunction({
    name: 'coalescelist',
    params: [],
    variadic: { name: 'vals', type: 'any', unknown: 'allow', min: 1 },
    returns: 'list',
    summary: 'The first argument that is a non-empty list.',
    impl: (vals) => {
      vals.forEach((v, i) => {
        if (!isUnknown(v)) listArg(v, 'vals', i);
      });
      for (const v of vals) {
        if (isUnknown(v)) return UNKNOWN;
        if (Array.isArray(v) && v.length > 0) return v;
      }
      throw new FunctionError('no non-null arguments');
    },
  }),
];
