/** Exponential back-off with full jitter (a uniform wait in [0, min(max, base·2^(n−1)))). */

export interface BackoffSettings {
  baseMs: number;
  maxMs: number;
}

/** The wait before retry number `retry` (from 1). `random` returns a number in [0, 1). */
export function backoffDelay(retry: number, settings: BackoffSettings, random: () => number = Math.random): number {
  const ceiling = Math.min(settings.maxMs, settings.baseMs * 2 ** Math.max(0, retry - 1));
  return Math.floor(random() * ceiling);
}

export const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
