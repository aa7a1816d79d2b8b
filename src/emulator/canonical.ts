/** Canonicals: the pattern the API enforces, and the one the emulator derives from a name (API-NOTES). */

export const CANONICAL_PATTERN = /^[a-z0-9]+[a-z0-9\-_]+[a-z0-9]+$/;

export function isCanonical(value: string): boolean {
  return value.length >= 3 && value.length <= 100 && CANONICAL_PATTERN.test(value);
}

/**
 * Lower-case; every run of characters outside [a-z0-9_-] becomes one '-'; leading and trailing '-' and '_'
 * trimmed; cut to 100 (and trimmed again so the cut never ends on a separator).
 */
export function deriveCanonical(name: string): string {
  const trim = (s: string) => s.replace(/^[-_]+|[-_]+$/g, '');
  return trim(trim(name.toLowerCase().replace(/[^a-z0-9_-]+/g, '-')).slice(0, 100));
}
