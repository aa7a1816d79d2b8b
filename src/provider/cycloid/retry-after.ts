/** The `Retry-After` header (seconds or an HTTP date) as milliseconds, capped; undefined when absent or unreadable. */

export const RETRY_AFTER_CAP_MS = 60_000;

export function parseRetryAfter(value: string | string[] | undefined, now = Date.now(), capMs = RETRY_AFTER_CAP_MS): number | undefined {
  const raw = (Array.isArray(value) ? value[0] : value)?.trim();
  if (!raw) return undefined;
  if (/^\d+$/.test(raw)) return Math.min(Number(raw) * 1000, capMs);
  const at = Date.parse(raw);
  if (Number.isNaN(at)) return undefined;
  return Math.min(Math.max(0, at - now), capMs);
}
