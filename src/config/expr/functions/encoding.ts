/** Encodings: JSON, base64 and URL query escaping, with Go's (and so Terraform's) exact output. */
import { Buffer } from 'node:buffer';
import type { Value } from '../../../values.js';
import { defineFunction, type FunctionDef } from './define.js';
import { FunctionError } from './function-error.js';
import { jsonEncode } from './json-text.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Go's base64.StdEncoding: padding required, line breaks ignored, nothing else outside the alphabet. */
function decodeBase64(s: string): string {
  const text = s.replace(/[\r\n]/g, '');
  if (text.length % 4 !== 0 || !/^[A-Za-z0-9+/]*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(text)) {
    throw new FunctionError(`Invalid value for "str" parameter: failed to decode base64 data ${JSON.stringify(s)}`, 0);
  }
  try {
    return utf8.decode(Buffer.from(text, 'base64'));
  } catch {
    throw new FunctionError('Invalid value for "str" parameter: the result of decoding the provided string is not valid UTF-8', 0);
  }
}

/** Go's url.QueryEscape: letters, digits and -_.~ stay, a space becomes +, every other byte %XX. */
function queryEscape(s: string): string {
  let out = '';
  for (const byte of Buffer.from(s, 'utf8')) {
    const c = String.fromCharCode(byte);
    if (/[A-Za-z0-9\-_.~]/.test(c)) out += c;
    else if (c === ' ') out += '+';
    else out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** JSON text as a value; numbers become doubles, an escaped lone surrogate (not Unicode) U+FFFD as in Go. */
function decodeJson(s: string): Value {
  try {
    return JSON.parse(s, (_, v: unknown) => (typeof v === 'string' ? v.replace(LONE_SURROGATE, '\ufffd') : v)) as Value;
  } catch (e) {
    throw new FunctionError(`Invalid value for "str" parameter: not valid JSON: ${(e as Error).message}`, 0);
  }
}

export const ENCODING_FUNCTIONS: readonly FunctionDef[] = [
  defineFunction({
    name: 'jsonencode',
    params: [{ name: 'val', type: 'any', allowNull: true }],
    returns: 'string',
    summary: 'The value as compact JSON, object keys sorted, <, > and & escaped as \\u003c, \\u003e, \\u0026.',
    impl: ([v]) => jsonEncode(v!),
  }),
  defineFunction({
    name: 'jsondecode',
    params: [{ name: 'str', type: 'string' }],
    returns: 'any',
    summary: 'The value the JSON text describes.',
    impl: ([s]) => decodeJson(s as string),
  }),
  defineFunction({
    name: 'base64encode',
    params: [{ name: 'str', type: 'string' }],
    returns: 'string',
    summary: 'The UTF-8 bytes of the string in base64 (standard alphabet, padded).',
    impl: ([s]) => Buffer.from(s as string, 'utf8').toString('base64'),
  }),
  defineFunction({
    name: 'base64decode',
    params: [{ name: 'str', type: 'string' }],
    returns: 'string',
    summary: 'The string whose UTF-8 bytes the base64 text encodes; bytes that are not UTF-8 are an error.',
    impl: ([s]) => decodeBase64(s as string),
  }),
  defineFunction({
    name: 'urlencode',
    params: [{ name: 'str', type: 'string' }],
    returns: 'string',
    summary: 'The string escaped for a URL query (space as +, other reserved bytes as %XX).',
    impl: ([s]) => queryEscape(s as string),
  }),
];
