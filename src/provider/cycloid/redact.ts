/** Keeps secrets out of error messages: tokens (JWT-shaped), `token` fields and bearer credentials. */

const JWT_LIKE = /[A-Za-z0-9_-]{6,}\.[A-Za-z0-9_-]{6,}\.[A-Za-z0-9_-]{6,}/g;
const TOKEN_FIELD = /("token"\s*:\s*)"(?:[^"\\]|\\.)*"/gi;
const BEARER = /(bearer\s+)\S+/gi;

/** `text` with the given secrets replaced by `[redacted]` (for transport messages: host names stay readable). */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= 4) out = out.split(secret).join('[redacted]');
  }
  return out;
}

/** `text` with every known secret and anything shaped like a token replaced by `[redacted]` (for server text). */
export function redact(text: string, secrets: readonly string[] = []): string {
  return redactSecrets(text, secrets).replace(TOKEN_FIELD, '$1"[redacted]"').replace(BEARER, '$1[redacted]').replace(JWT_LIKE, '[redacted]');
}

/** A short, single-line, redacted excerpt of a response body for an error message. */
export function excerpt(text: string, secrets: readonly string[] = [], max = 160): string {
  const flat = redact(text, secrets).replace(/\s+/g, ' ').trim();
  if (flat === '') return '(empty body)';
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}
