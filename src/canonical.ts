/**
 * Canonicals (API-NOTES): 3–100 characters matching ^[a-z0-9]+[a-z0-9\-_]+[a-z0-9]+$. keyform always sends an
 * explicit canonical; when the configuration sets none it is derived from the name, deterministically, with the
 * same algorithm as the API.
 */

export const CANONICAL_PATTERN = /^[a-z0-9]+[a-z0-9\-_]+[a-z0-9]+$/;
export const CANONICAL_MAX = 100;

export function isCanonical(value: string): boolean {
  return value.length >= 3 && value.length <= CANONICAL_MAX && CANONICAL_PATTERN.test(value);
}

const trimSeparators = (s: string) => s.replace(/^[-_]+|[-_]+$/g, '');

/**
 * The API's derivation, valid or not: lower-case; each run of characters outside [a-z0-9_-] becomes one '-';
 * leading and trailing '-' and '_' trimmed; cut to 100 (and trimmed again, so the cut never ends on a separator).
 */
export function canonicalFromName(name: string): string {
  return trimSeparators(trimSeparators(name.toLowerCase().replace(/[^a-z0-9_-]+/g, '-')).slice(0, CANONICAL_MAX));
}

/** The canonical derived from `name`, or undefined when the derivation is not a valid canonical (set one). */
export function deriveCanonical(name: string): string | undefined {
  const c = canonicalFromName(name);
  return isCanonical(c) ? c : undefined;
}
