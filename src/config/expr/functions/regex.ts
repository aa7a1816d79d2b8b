/** regex, regexall and replace, on RE2 patterns translated for JavaScript (see re2-syntax.ts for the differences). */
import { isUnknown, type Value } from '../../../values.js';
import { defineFunction, type FunctionDef } from './define.js';
import { FunctionError } from './function-error.js';
import { findAll, firstMatch, replaceAll } from './re2-match.js';
import { compilePattern, PatternError, type Pattern } from './re2-syntax.js';
import { setOwn } from '../../set-own.js';

/** The compiled pattern of argument `index`, or a FunctionError naming the parameter. */
function pattern(source: string, param: string, index: number): Pattern {
  try {
    return compilePattern(source);
  } catch (e) {
    if (e instanceof PatternError) throw new FunctionError(`Invalid value for "${param}" parameter: invalid regexp pattern: ${e.message}`, index);
    throw e;
  }
}

/** A match as Terraform returns it: the whole match without groups, a list of groups, or an object of named groups. */
function matchValue(p: Pattern, m: RegExpExecArray): Value {
  if (p.groups.length === 0) return m[0];
  const captures = p.groups.map((_, i) => m[i + 1] ?? null);
  if (p.groups[0] === undefined) return captures;
  const out: Record<string, Value> = {};
  p.groups.forEach((name, i) => setOwn(out, name!, captures[i]!));
  return out;
}

const checkPattern = ([source]: Value[]): void => {
  if (typeof source === 'string') pattern(source, 'pattern', 0);
};

/** A substring written /like this/ is a regular expression in replace. */
const isRegexForm = (s: string): boolean => s.length > 1 && s.startsWith('/') && s.endsWith('/');

/** Go's strings.ReplaceAll: an empty `from` inserts `to` between every code point and at both ends. */
function replacePlain(s: string, from: string, to: string): string {
  if (from !== '') return s.split(from).join(to);
  return to + Array.from(s, (c) => c + to).join('');
}

export const REGEX_FUNCTIONS: readonly FunctionDef[] = [
  defineFunction({
    name: 'regex',
    params: [{ name: 'pattern', type: 'string' }, { name: 'string', type: 'string' }],
    returns: 'any',
    summary: 'The first match of the RE2 pattern: the matched text, a list of its groups, or an object of its named groups.',
    precheck: checkPattern,
    impl: ([source, s]) => {
      const p = pattern(source as string, 'pattern', 0);
      const m = firstMatch(p, s as string);
      if (!m) throw new FunctionError('pattern did not match any part of the given string');
      return matchValue(p, m);
    },
  }),
  defineFunction({
    name: 'regexall',
    params: [{ name: 'pattern', type: 'string' }, { name: 'string', type: 'string' }],
    returns: 'list',
    summary: 'Every non-overlapping match of the RE2 pattern, each as regex would return it.',
    precheck: checkPattern,
    impl: ([source, s]) => {
      const p = pattern(source as string, 'pattern', 0);
      return findAll(p, s as string).map((m) => matchValue(p, m));
    },
  }),
  defineFunction({
    name: 'replace',
    params: [{ name: 'str', type: 'string' }, { name: 'substr', type: 'string' }, { name: 'replace', type: 'string' }],
    returns: 'string',
    summary: 'The string with every occurrence of substr replaced; substr written /like this/ is an RE2 pattern and replace may use $1 or ${name}.',
    precheck: ([, from]) => {
      if (typeof from === 'string' && !isUnknown(from) && isRegexForm(from)) pattern(from.slice(1, -1), 'substr', 1);
    },
    impl: ([s, from, to]) => {
      const f = from as string;
      if (isRegexForm(f)) return replaceAll(pattern(f.slice(1, -1), 'substr', 1), s as string, to as string);
      return replacePlain(s as string, f, to as string);
    },
  }),
];
