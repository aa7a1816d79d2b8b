/**
 * Numeric functions. keyform's numbers are IEEE doubles where Terraform's are arbitrary-precision decimals:
 * integers beyond 2^53 lose digits, and a result that is not finite (pow(0, -1)) is an error here.
 */
import type { Value } from '../../../values.js';
import { numberToString } from './convert.js';
import { decimalStep, decimalSum } from './decimal.js';
import { defineFunction, type FunctionDef } from './define.js';
import { FunctionError } from './function-error.js';
import { wholeNumber } from './whole-number.js';

const N = (name: string) => ({ name, type: 'number' }) as const;

/** `n`, or an error when it is infinite or NaN (JSON, and so keyform's state, cannot hold it). */
function finite(n: number, what: string): number {
  if (Number.isFinite(n)) return n === 0 ? 0 : n; // no negative zero
  throw new FunctionError(`the result of ${what} is not a finite number`);
}

const unary = (name: string, summary: string, f: (n: number) => number): FunctionDef =>
  defineFunction({ name, params: [N('num')], returns: 'number', summary, impl: ([n]) => finite(f(n as number), `${name}()`) });

/** Digits of bases up to 62, as Go's big.Int reads them: 0-9, a-z, then A-Z (case-insensitive up to base 36). */
function digitValue(c: string, base: number): number {
  const code = c.charCodeAt(0);
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 97 && code <= 122) return code - 97 + 10;
  if (code >= 65 && code <= 90) return code - 65 + (base <= 36 ? 10 : 36);
  return 99;
}

function parseInteger(s: string, base: number): number {
  const m = /^([+-]?)(.+)$/s.exec(s);
  let n = 0n;
  for (const c of m?.[2] ?? '') {
    const d = digitValue(c, base);
    if (d >= base) throw new FunctionError(`Invalid value for "number" parameter: cannot parse ${JSON.stringify(s)} as a base ${base} integer`, 0);
    n = n * BigInt(base) + BigInt(d);
  }
  if (!m) throw new FunctionError(`Invalid value for "number" parameter: cannot parse ${JSON.stringify(s)} as a base ${base} integer`, 0);
  return Number(m[1] === '-' ? -n : n) || 0;
}

export const NUMBER_FUNCTIONS: readonly FunctionDef[] = [
  unary('abs', 'The absolute value of the number.', Math.abs),
  unary('ceil', 'The smallest whole number greater than or equal to the number.', Math.ceil),
  unary('floor', 'The largest whole number less than or equal to the number.', Math.floor),
  defineFunction({
    name: 'signum',
    params: [N('num')],
    returns: 'number',
    summary: 'The sign of the whole number: -1, 0 or 1 (Terraform refuses fractions).',
    impl: ([n]) => Math.sign(wholeNumber(n as number, 'num', 0)) || 0,
  }),
  defineFunction({
    name: 'pow',
    params: [N('num'), N('power')],
    returns: 'number',
    summary: 'num raised to the given power.',
    impl: ([b, e]) => finite(Math.pow(b as number, e as number), `pow(${numberToString(b as number)}, ${numberToString(e as number)})`),
  }),
  defineFunction({
    name: 'log',
    params: [N('num'), N('base')],
    returns: 'number',
    summary: 'The logarithm of the number in the given base.',
    impl: ([n, b]) => finite(Math.log(n as number) / Math.log(b as number), `log(${numberToString(n as number)}, ${numberToString(b as number)})`),
  }),
  defineFunction({
    name: 'min',
    params: [],
    variadic: { name: 'numbers', type: 'number', min: 1 },
    returns: 'number',
    summary: 'The smallest of the numbers.',
    impl: (numbers) => Math.min(...(numbers as number[])),
  }),
  defineFunction({
    name: 'max',
    params: [],
    variadic: { name: 'numbers', type: 'number', min: 1 },
    returns: 'number',
    summary: 'The largest of the numbers.',
    impl: (numbers) => Math.max(...(numbers as number[])),
  }),
  defineFunction({
    name: 'sum',
    params: [{ name: 'list', type: { list: 'number' } }],
    returns: 'number',
    summary: 'The sum of the numbers in the list.',
    impl: ([l]) => {
      const list = l as Value[];
      if (list.length === 0) throw new FunctionError('Invalid value for "list" parameter: cannot sum an empty list', 0);
      const nul = list.indexOf(null);
      if (nul >= 0) throw new FunctionError(`Invalid value for "list" parameter: element ${nul} is null; a null number cannot be summed`, 0);
      return finite(decimalSum(list as number[]), 'sum()');
    },
  }),
  defineFunction({
    name: 'parseint',
    params: [
      { name: 'number', type: 'any' },
      { name: 'base', type: 'number' },
    ],
    returns: 'number',
    summary: 'The integer written in the string in the given base (2 to 62).',
    impl: ([s, b]) => {
      if (typeof s !== 'string') throw new FunctionError(`Invalid value for "number" parameter: a string is required, not ${typeof s === 'number' ? 'a number' : 'a non-string value'}`, 0);
      const base = wholeNumber(b as number, 'base', 1);
      if (base < 2 || base > 62) throw new FunctionError('Invalid value for "base" parameter: base must be a whole number between 2 and 62 inclusive', 1);
      return parseInteger(s, base);
    },
  }),
  defineFunction({
    name: 'range',
    params: [],
    variadic: { name: 'params', type: 'number', min: 1, max: 3 },
    returns: 'list(number)',
    summary: 'The numbers from start (default 0) up to but not including limit, by step (default 1, or -1 counting down); at most 1024.',
    impl: (args) => rangeOf(args as number[]),
  }),
];

function rangeOf(args: number[]): number[] {
  let [start, end, step] = args.length === 1 ? [0, args[0]!, 1] : [args[0]!, args[1]!, args[2] ?? 1];
  if (args.length < 3 && end < start) step = -1;
  if (step === 0) throw new FunctionError('Invalid value for "params" parameter: step must not be zero', 2);
  if (step < 0 && end > start) throw new FunctionError('Invalid value for "params" parameter: end must be less than start when step is negative', 1);
  if (step > 0 && end < start) throw new FunctionError('Invalid value for "params" parameter: end must be greater than start when step is positive', 1);
  const out: number[] = [];
  for (let i = 0; ; i++) {
    const n = decimalStep(start, i, step);
    if (step < 0 ? n <= end : n >= end) return out;
    if (out.length >= 1024) {
      throw new FunctionError('more than 1024 values were generated; either decrease the difference between start and end or use a smaller step');
    }
    out.push(n === 0 ? 0 : n);
  }
}
