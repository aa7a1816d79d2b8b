/** Hashes of a string's UTF-8 bytes, and name-based (version 5) UUIDs. */
import { Buffer } from 'node:buffer';
import { createHash } from 'node:crypto';
import { defineFunction, type FunctionDef } from './define.js';
import { FunctionError } from './function-error.js';

type Algorithm = 'md5' | 'sha1' | 'sha256' | 'sha512';

const digest = (name: string, algorithm: Algorithm, encoding: 'hex' | 'base64', summary: string): FunctionDef =>
  defineFunction({
    name,
    params: [{ name: 'str', type: 'string' }],
    returns: 'string',
    summary,
    impl: ([s]) => createHash(algorithm).update(s as string, 'utf8').digest(encoding),
  });

const NAMESPACES: Record<string, string> = {
  dns: '6ba7b810-9dad-11d1-80b4-00c04fd430c8',
  url: '6ba7b811-9dad-11d1-80b4-00c04fd430c8',
  oid: '6ba7b812-9dad-11d1-80b4-00c04fd430c8',
  x500: '6ba7b814-9dad-11d1-80b4-00c04fd430c8',
};

/** The 32 hex digits of a UUID in any form Go's uuid.Parse reads: plain, `urn:uuid:…`, `{…}`, or without dashes. */
function uuidHex(s: string): string | undefined {
  const m = /^(?:urn:uuid:)?([0-9a-f]{8})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{12})$/i.exec(s.replace(/^\{(.*)\}$/, '$1'));
  if (m) return m.slice(1).join('');
  return /^[0-9a-f]{32}$/i.test(s) ? s : undefined;
}

function uuidV5(namespace: string, name: string): string {
  const ns = uuidHex(NAMESPACES[namespace] ?? namespace);
  if (!ns) throw new FunctionError(`Invalid value for "namespace" parameter: not "dns", "url", "oid", "x500" or a UUID: ${JSON.stringify(namespace)}`, 0);
  const bytes = createHash('sha1').update(Buffer.from(ns, 'hex')).update(name, 'utf8').digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export const HASH_FUNCTIONS: readonly FunctionDef[] = [
  digest('md5', 'md5', 'hex', 'The MD5 hash of the string, in hexadecimal.'),
  digest('sha1', 'sha1', 'hex', 'The SHA-1 hash of the string, in hexadecimal.'),
  digest('sha256', 'sha256', 'hex', 'The SHA-256 hash of the string, in hexadecimal.'),
  digest('sha512', 'sha512', 'hex', 'The SHA-512 hash of the string, in hexadecimal.'),
  digest('base64sha256', 'sha256', 'base64', 'The SHA-256 hash of the string, in base64.'),
  digest('base64sha512', 'sha512', 'base64', 'The SHA-512 hash of the string, in base64.'),
  defineFunction({
    name: 'uuidv5',
    params: [
      { name: 'namespace', type: 'string' },
      { name: 'name', type: 'string' },
    ],
    returns: 'string',
    summary: 'The version 5 (SHA-1, name-based) UUID of name in the namespace ("dns", "url", "oid", "x500" or a UUID).',
    impl: ([ns, name]) => uuidV5(ns as string, name as string),
  }),
];
