/** String functions: case, trimming, cutting, searching, splitting and joining. */
import type { Value } from '../../../values.js';
import { lowerChar, mapCodePoints, titleCase, upperChar, WHITE_SPACE } from './case-mapping.js';
import { defineFunction, type FunctionDef } from './define.js';
import { FunctionError } from './function-error.js';
import { graphemes } from './graphemes.js';
import { wholeNumber } from './whole-number.js';

const S = (name: string) => ({ name, type: 'string' }) as const;

/** A one-string-in, one-string-out function. */
const stringMap = (name: string, summary: string, f: (s: string) => string): FunctionDef =>
  defineFunction({ name, params: [S('str')], returns: 'string', summary, impl: ([s]) => f(s as string) });

const leadingSpace = new RegExp(`^${WHITE_SPACE.source}+`, 'u');
const trailingSpace = new RegExp(`${WHITE_SPACE.source}+$`, 'u');

/** Go's strings.Trim: code points in `cutset` removed from both ends. */
function trimCutset(s: string, cutset: string): string {
  const cut = new Set(cutset);
  const chars = Array.from(s);
  let start = 0;
  let end = chars.length;
  while (start < end && cut.has(chars[start]!)) start++;
  while (end > start && cut.has(chars[end - 1]!)) end--;
  return chars.slice(start, end).join('');
}

/** Go's strings.Split: an empty separator splits between code points. */
function splitString(separator: string, s: string): string[] {
  if (separator === '') return Array.from(s);
  return s.split(separator);
}

export const STRING_FUNCTIONS: readonly FunctionDef[] = [
  stringMap('lower', 'The string with every letter in lower case (one code point at a time, like Go).', (s) => mapCodePoints(s, lowerChar)),
  stringMap('upper', 'The string with every letter in upper case (one code point at a time: "ß" stays "ß").', (s) => mapCodePoints(s, upperChar)),
  stringMap('title', 'The string with the first letter of every word in upper case.', titleCase),
  stringMap('trimspace', 'The string without the Unicode white space at its start and end.', (s) => s.replace(leadingSpace, '').replace(trailingSpace, '')),
  stringMap('chomp', 'The string without the newlines (\\n, \\r\\n, \\r) at its end.', (s) => s.replace(/[\r\n]+$/, '')),
  stringMap('strrev', 'The string with its characters (grapheme clusters) in reverse order.', (s) => graphemes(s).reverse().join('')),
  defineFunction({
    name: 'trim',
    params: [S('str'), S('cutset')],
    returns: 'string',
    summary: 'The string without any of the characters in cutset at its start and end.',
    impl: ([s, cutset]) => trimCutset(s as string, cutset as string),
  }),
  defineFunction({
    name: 'trimprefix',
    params: [S('str'), S('prefix')],
    returns: 'string',
    summary: 'The string without prefix at its start, if it starts with it.',
    impl: ([s, prefix]) => ((s as string).startsWith(prefix as string) ? (s as string).slice((prefix as string).length) : (s as string)),
  }),
  defineFunction({
    name: 'trimsuffix',
    params: [S('str'), S('suffix')],
    returns: 'string',
    summary: 'The string without suffix at its end, if it ends with it.',
    impl: ([s, suffix]) => ((s as string).endsWith(suffix as string) ? (s as string).slice(0, (s as string).length - (suffix as string).length) : (s as string)),
  }),
  defineFunction({
    name: 'substr',
    params: [S('str'), { name: 'offset', type: 'number' }, { name: 'length', type: 'number' }],
    returns: 'string',
    summary: 'Length characters of the string from offset (negative: from the end); length -1 means to the end.',
    impl: ([s, o, l]) => {
      let offset = wholeNumber(o as number, 'offset', 1);
      const length = wholeNumber(l as number, 'length', 2);
      const chars = graphemes(s as string);
      if (offset < 0) offset = Math.max(0, chars.length + offset);
      if (offset >= chars.length) return '';
      return chars.slice(offset, length < 0 ? undefined : offset + length).join('');
    },
  }),
  defineFunction({
    name: 'startswith',
    params: [S('str'), S('prefix')],
    returns: 'bool',
    summary: 'Whether the string starts with prefix.',
    impl: ([s, prefix]) => (s as string).startsWith(prefix as string),
  }),
  defineFunction({
    name: 'endswith',
    params: [S('str'), S('suffix')],
    returns: 'bool',
    summary: 'Whether the string ends with suffix.',
    impl: ([s, suffix]) => (s as string).endsWith(suffix as string),
  }),
  defineFunction({
    name: 'strcontains',
    params: [S('str'), S('substr')],
    returns: 'bool',
    summary: 'Whether substr occurs in the string.',
    impl: ([s, sub]) => (s as string).includes(sub as string),
  }),
  defineFunction({
    name: 'split',
    params: [S('separator'), S('str')],
    returns: 'list(string)',
    summary: 'The parts of the string between the separators.',
    impl: ([separator, s]) => splitString(separator as string, s as string),
  }),
  defineFunction({
    name: 'join',
    params: [S('separator')],
    variadic: { name: 'lists', type: { list: 'string' }, min: 1 },
    returns: 'string',
    summary: 'The elements of the lists, in order, with the separator between them.',
    impl: ([separator, ...lists]) => {
      const items = (lists as Value[][]).flat();
      const nul = items.indexOf(null);
      if (nul >= 0) throw new FunctionError(`Invalid value for "lists" parameter: element ${nul} is null; cannot concatenate null values`, 1);
      return items.join(separator as string);
    },
  }),
  defineFunction({
    name: 'indent',
    params: [{ name: 'spaces', type: 'number' }, S('str')],
    returns: 'string',
    summary: 'The string with spaces added at the start of every line but the first.',
    impl: ([n, s]) => {
      const spaces = wholeNumber(n as number, 'spaces', 0);
      if (spaces < 0) throw new FunctionError('Invalid value for "spaces" parameter: must not be negative', 0);
      if (spaces > 100_000) throw new FunctionError('Invalid value for "spaces" parameter: keyform indents by at most 100000 spaces', 0);
      return (s as string).replaceAll('\n', `\n${' '.repeat(spaces)}`);
    },
  }),
];
