/**
 * Credentials: random, JWT-shaped tokens (`header.payload.signature`, base64url). The payload carries only a
 * random selector used to find the credential; the server stores the SHA-256 of the whole token and compares
 * hashes in constant time. The token itself is never stored.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { noteIssuedToken } from './issued-tokens.js';

const HEADER = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');
const MAX_TOKEN_LENGTH = 4096;

export interface IssuedToken {
  token: string;
  selector: string;
  hash: string;
}

export function issueToken(organization: string, kind: 'api_key' | 'user', expiresAt?: number): IssuedToken {
  const selector = randomBytes(12).toString('hex');
  const claims = { iss: 'keyform-emulator', org: organization, typ: kind, kid: selector, iat: Math.floor(Date.now() / 1000), ...(expiresAt !== undefined ? { exp: expiresAt } : {}) };
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
  const signature = randomBytes(32).toString('base64url');
  const token = `${HEADER}.${payload}.${signature}`;
  noteIssuedToken(token);
  return { token, selector, hash: hashToken(token) };
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** The selector of a JWT-shaped token, or undefined when the token is malformed. Never throws. */
export function tokenSelector(token: string): string | undefined {
  if (token.length === 0 || token.length > MAX_TOKEN_LENGTH) return undefined;
  const parts = token.split('.');
  if (parts.length !== 3 || parts.some((p) => !/^[A-Za-z0-9_-]+$/.test(p))) return undefined;
  try {
    const payload = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as unknown;
    if (typeof payload !== 'object' || payload === null) return undefined;
    const kid = (payload as Record<string, unknown>)['kid'];
    return typeof kid === 'string' && /^[0-9a-f]{24}$/.test(kid) ? kid : undefined;
  } catch {
    return undefined;
  }
}

/** Constant-time comparison of a presented token against a stored hash. */
export function tokenMatches(token: string, storedHash: string): boolean {
  const presented = Buffer.from(hashToken(token), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}
