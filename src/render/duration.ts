/** Elapsed times as Terraform prints them, with a tenth of a second below a minute: `0.2s`, `12.3s`, `2m5s`. */
export function formatElapsed(ms: number): string {
  const safe = Number.isFinite(ms) && ms > 0 ? ms : 0;
  if (safe < 60_000) return `${(safe / 1000).toFixed(1)}s`;
  const seconds = Math.floor(safe / 1000);
  return `${Math.floor(seconds / 60)}m${seconds % 60}s`;
}

/** Seconds with one decimal, as a number (the `elapsed_seconds` of events). */
export const elapsedSeconds = (ms: number): number => (Number.isFinite(ms) && ms > 0 ? Math.round(ms / 100) / 10 : 0);
