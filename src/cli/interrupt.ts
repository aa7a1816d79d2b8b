/**
 * What stops a command early: SIGINT (Ctrl-C), SIGTERM (what CI systems and `kill` send on cancel — Terraform treats
 * both as an interrupt), or its standard output or error failing — a reader that went away (`keyform plan | head`,
 * EPIPE) or a full disk (ENOSPC). A failed output stream is never an unhandled 'error' event with a stack: once
 * watched (watchOutput, at start), its failure is remembered, interrupts an apply like a signal (no new change
 * starts; the calls in flight finish and are recorded), and the command's exit code becomes 1 (outputFailure).
 */
import { systemReason } from '../system-reason.js';

export interface OutputFailure {
  stream: 'standard output' | 'standard error';
  code: string;
}

let failure: OutputFailure | undefined;
/** onInterrupt listeners in place: while there is one, the work in progress stops itself on a signal. */
let graceful = 0;
const onFailure = new Set<() => void>();

/** Watches stdout and stderr for write errors (once per process). */
export function watchOutput(): void {
  for (const [stream, name] of [[process.stdout, 'standard output'], [process.stderr, 'standard error']] as const) {
    if (stream.listenerCount('error') > 0) continue;
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (failure) return;
      failure = { stream: name, code: err.code ?? 'EIO' };
      for (const listener of onFailure) listener();
    });
  }
}

/** The first failure of stdout or stderr, if one failed. */
export function outputFailure(): OutputFailure | undefined {
  return failure;
}

/** `could not write to standard output: the reading end was closed (EPIPE)`. */
export function outputFailureText(f: OutputFailure): string {
  return `could not write to ${f.stream}: ${f.code === 'EPIPE' ? 'the reading end was closed' : (systemReason(f.code) ?? 'the write failed')} (${f.code})`;
}

/** Calls `handler` with the signal's name on SIGINT or SIGTERM (which then no longer end the process); returns the function that stops listening. */
function onSignals(handler: (name: 'SIGINT' | 'SIGTERM') => void): () => void {
  const onInt = () => handler('SIGINT');
  const onTerm = () => handler('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  return () => {
    process.off('SIGINT', onInt);
    process.off('SIGTERM', onTerm);
  };
}

/**
 * Calls `listener` on SIGINT, SIGTERM or a failed output stream — at once when an output stream already failed —
 * with what happened, in words; returns the function that stops listening. While listening, the signals no longer
 * end the process: the caller stops its work. A second signal (as Terraform's second Ctrl-C) does not wait for that:
 * `force` runs (releasing the lock) and the process exits 1 — what the calls in flight did is found out by the next
 * run, as after a kill (their creates were journaled as pending before they were sent); the token of a key whose
 * create answer never came back is lost, which is what waiting for the calls avoids.
 */
export function onInterrupt(listener: (why: string) => void, force: () => Promise<void>): () => void {
  graceful++;
  let signals = 0;
  const stopSignals = onSignals((name) => {
    if (++signals === 1) return listener(`Interrupt received (${name})`);
    if (signals > 2) return;
    process.stderr.write(`\nSecond interrupt (${name}): exiting now, without waiting for the calls in flight; the next run finds out what they did (a key created meanwhile is recorded without its token, and the next plan says so).\n`);
    force()
      .catch(() => undefined)
      .finally(() => process.exit(1));
  });
  const onOutput = () => {
    const text = outputFailureText(failure!);
    listener(text[0]!.toUpperCase() + text.slice(1));
  };
  onFailure.add(onOutput);
  if (failure) onOutput();
  return () => {
    graceful--;
    stopSignals();
    onFailure.delete(onOutput);
  };
}

/**
 * While a command holds the state lock: SIGINT or SIGTERM outside an apply's changes (during a refresh, a plan, a
 * state command) stops the process at once, as the signal would, but with the lock released first (`release`) and
 * a line that says so — the signal alone left the lock behind. Nothing is lost: state writes are atomic, and an
 * apply's steps are journaled as they finish. During an apply's changes (an onInterrupt listener in place) the
 * apply stops itself instead. `release` says whether it released a lock. Returns the function that stops listening.
 */
export function releaseOnSignal(release: () => Promise<boolean>): () => void {
  let stopping = false;
  return onSignals((name) => {
    if (graceful > 0) return;
    if (stopping) {
      // A second signal while the first still releases (the open it waits for may hang on a stuck disk): stop now.
      process.stderr.write(`\nSecond interrupt (${name}): exiting now.\n`);
      process.exit(1);
    }
    stopping = true;
    release()
      .catch(() => false)
      .then((released) => {
        process.stderr.write(`\nInterrupt received (${name}): stopped${released ? ', the state lock released' : ''}.\n`);
        process.exit(1);
      });
  });
}
