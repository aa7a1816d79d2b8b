/**
 * For tests only: every token this process's emulators issued, kept in memory (never logged, never persisted) so
 * a test can look for them where they must not be (keyform's output, state, journals, plan files). Off until an
 * emulator started as a library turns it on; `keyform emulator` keeps it off.
 */
const issued: string[] = [];
let recording = false;

export function recordIssuedTokens(): void {
  recording = true;
}

export function noteIssuedToken(token: string): void {
  if (recording) issued.push(token);
}

/** A copy: every token issued in this process since recording was turned on. */
export function issuedTokens(): string[] {
  return [...issued];
}
