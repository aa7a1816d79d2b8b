/**
 * Counts the emulator's requests through its `log` callback (one line per request, written once the answer is
 * sent or the connection dropped), and calls a trigger on the n-th request after it was armed: the crash
 * scenario's "kill -9 after N API calls".
 */

export class RequestCounter {
  total = 0;
  private remaining = 0;
  private trigger: (() => void) | undefined;

  /** Give this to `startEmulator({ log })`. */
  readonly log = (_line: string): void => {
    this.total++;
    if (this.trigger && --this.remaining <= 0) {
      const fire = this.trigger;
      this.trigger = undefined;
      fire();
    }
  };

  /** Calls `fire` once `n` (≥ 1) more requests have been logged. */
  arm(n: number, fire: () => void): void {
    this.remaining = n;
    this.trigger = fire;
  }

  disarm(): void {
    this.trigger = undefined;
  }
}
