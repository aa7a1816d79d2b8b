/**
 * Terraform's printf-like `format` (cty's formatter over Go's fmt): verbs %v %#v %t %s %q %d %b %o %x %X %e %E
 * %f %g %G and %%, flags `0 # - + space`, a width, a precision and an explicit argument index `%[2]s`. Width and
 * precision count grapheme clusters for strings. Errors are worded as Terraform's.
 */
import type { Value } from '../../../values.js';
import { ConversionError, toBoolValue, toNumberValue, toStringValue } from './convert.js';
import { floatText } from './decimal.js';
import { FunctionError } from './function-error.js';
import { graphemeCount, graphemes } from './graphemes.js';
import { jsonEncode, jsonString } from './json-text.js';

interface Verb {
  raw: string;
  offset: number;
  argNum: number;
  mode: string;
  zero: boolean;
  sharp: boolean;
  minus: boolean;
  plus: boolean;
  space: boolean;
  width: number; // -1: none
  prec: number; // -1: none
}

/** Widths and precisions beyond this are refused rather than padded out to a huge string. */
const MAX_FIELD = 100_000;

function pad(verb: Verb, text: string): string {
  if (verb.width < 0) return text;
  const missing = verb.width - graphemeCount(text);
  if (missing <= 0) return text;
  const fill = (verb.zero ? '0' : ' ').repeat(missing);
  return verb.minus ? text + fill : fill + text;
}

/** Go's big.Int formatting: [spaces][sign][prefix][zeros][digits][spaces]. */
function formatInteger(verb: Verb, n: number): string {
  const big = BigInt(n);
  const negative = big < 0n;
  const base = { b: 2, o: 8, x: 16, X: 16, d: 10 }[verb.mode as 'b' | 'o' | 'x' | 'X' | 'd'];
  let digits = (negative ? -big : big).toString(base);
  if (verb.mode === 'X') digits = digits.toUpperCase();
  const prefix = verb.sharp ? ({ b: '0b', o: '0', x: '0x', X: '0X' } as Record<string, string>)[verb.mode] ?? '' : '';
  const sign = negative ? '-' : verb.plus ? '+' : verb.space ? ' ' : '';
  let zeros = 0;
  if (verb.prec >= 0) {
    if (digits.length < verb.prec) zeros = verb.prec - digits.length;
    else if (digits === '0' && verb.prec === 0) return '';
  }
  const length = sign.length + prefix.length + zeros + digits.length;
  let left = 0;
  let right = 0;
  if (verb.width > length) {
    const d = verb.width - length;
    if (verb.minus) right = d;
    else if (verb.zero && verb.prec < 0) zeros = d;
    else left = d;
  }
  return ' '.repeat(left) + sign + prefix + '0'.repeat(zeros) + digits + ' '.repeat(right);
}

/** Go's big.Float formatting: sign from the number or the `+`/space flag, then zero or space padding. */
function formatFloat(verb: Verb, n: number): string {
  const text = floatText(Math.abs(n), verb.mode as 'e' | 'E' | 'f' | 'g' | 'G', verb.prec);
  const sign = n < 0 || Object.is(n, -0) ? '-' : verb.plus ? '+' : verb.space ? ' ' : '';
  const padding = Math.max(0, verb.width - sign.length - text.length);
  if (verb.zero) return sign + '0'.repeat(padding) + text;
  if (verb.minus) return sign + text + ' '.repeat(padding);
  return ' '.repeat(padding) + sign + text;
}

function formatValue(verb: Verb, arg: Value): string {
  const where = `"${verb.raw}" at ${verb.offset}`;
  const convert = <T>(f: (v: Value) => T): T => {
    try {
      return f(arg);
    } catch (e) {
      if (e instanceof ConversionError) throw new FunctionError(`unsupported value for ${where}: ${e.message}`, verb.argNum);
      throw e;
    }
  };
  if (verb.mode !== 'v' && arg === null) throw new FunctionError(`unsupported value for ${where}: null value cannot be formatted`, verb.argNum);
  switch (verb.mode) {
    case 'v':
      if (!verb.sharp && typeof arg === 'string') return pad(verb, arg);
      if (!verb.sharp && typeof arg === 'number') return pad(verb, (arg < 0 ? '-' : '') + floatText(Math.abs(arg), 'g', -1));
      return pad(verb, jsonEncode(arg));
    case 't':
      return convert(toBoolValue) ? 'true' : 'false';
    case 'b':
    case 'd':
    case 'o':
    case 'x':
    case 'X': {
      const n = convert(toNumberValue);
      if (!Number.isInteger(n)) throw new FunctionError(`unsupported value for ${where}: an integer is required`, verb.argNum);
      return formatInteger(verb, n);
    }
    case 'e':
    case 'E':
    case 'f':
    case 'g':
    case 'G':
      return formatFloat(verb, convert(toNumberValue));
    case 's':
    case 'q': {
      let s = convert(toStringValue);
      if (verb.prec > 0) s = graphemes(s).slice(0, verb.prec).join('');
      return pad(verb, verb.mode === 'q' ? jsonString(s) : s);
    }
    default:
      throw new FunctionError(`unsupported format verb '${verb.mode}' in "${verb.raw}" at offset ${verb.offset}`, 0);
  }
}

/** Reads the verb starting at `start` (the `%`); returns it and the offset after it. */
function parseVerb(spec: string, start: number, nextArg: number): [Verb, number] {
  const verb: Verb = { raw: '', offset: start, argNum: nextArg, mode: '', zero: false, sharp: false, minus: false, plus: false, space: false, width: -1, prec: -1 };
  let p = start + 1;
  const flags: Record<string, keyof Verb> = { '0': 'zero', '#': 'sharp', '-': 'minus', '+': 'plus', ' ': 'space' };
  while (p < spec.length && flags[spec[p]!]) (verb as unknown as Record<string, boolean>)[flags[spec[p++]!]!] = true;
  const index = /^\[([1-9]\d*)\]/.exec(spec.slice(p));
  if (index) {
    verb.argNum = Number(index[1]);
    p += index[0].length;
  }
  const width = /^[1-9]\d*/.exec(spec.slice(p));
  if (width) {
    verb.width = Number(width[0]);
    p += width[0].length;
  }
  if (spec[p] === '.') {
    const prec = /^\d*/.exec(spec.slice(p + 1))![0];
    verb.prec = prec === '' ? 0 : Number(prec);
    p += 1 + prec.length;
  }
  if (p >= spec.length) throw new FunctionError(`invalid format string starting at offset ${p}`, 0);
  const c = String.fromCodePoint(spec.codePointAt(p)!);
  if (!/^[A-Za-z]$/.test(c)) throw new FunctionError(`unrecognized format character '${c}' at offset ${p}`, 0);
  if (verb.width > MAX_FIELD || verb.prec > MAX_FIELD) throw new FunctionError(`width or precision too large in "${spec.slice(start, p + 1)}" at offset ${start}`, 0);
  verb.mode = c;
  verb.raw = spec.slice(start, p + 1);
  return [verb, p + 1];
}

/** `spec` with its verbs replaced by the formatted `args` (all known). */
export function formatSpec(spec: string, args: readonly Value[]): string {
  let out = '';
  let nextArg = 1;
  let used = 0;
  let verbs = 0;
  for (let p = 0; p < spec.length; ) {
    const c = spec[p]!;
    if (c !== '%') {
      out += c;
      p++;
      continue;
    }
    if (spec[p + 1] === '%') {
      out += '%';
      p += 2;
      continue;
    }
    const [verb, after] = parseVerb(spec, p, nextArg);
    if (verb.argNum > args.length) {
      throw new FunctionError(`not enough arguments for "${verb.raw}" at ${verb.offset}: need index ${verb.argNum} but have ${args.length} total`, 0);
    }
    out += formatValue(verb, args[verb.argNum - 1]!);
    nextArg = verb.argNum + 1;
    used = Math.max(used, verb.argNum);
    verbs++;
    p = after;
  }
  if (used < args.length) {
    throw new FunctionError(verbs === 0 ? 'too many arguments; no verbs in format string' : `too many arguments; only ${used} used by format string`, used + 1);
  }
  return out;
}
