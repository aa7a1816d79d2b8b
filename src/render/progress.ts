/**
 * Apply progress for people. On a terminal: one live status line, redrawn in place at most ten times a second
 * (`Applying: 350/1000 done · 10 in flight · 2 retries · 0 failed · 12.3 s`), with failures and replacements
 * printed as permanent lines above it. Elsewhere (CI logs): Terraform's lines (`ADDR: Creating...`,
 * `ADDR: Creation complete after 0.2s [canonical=ci]`) — or, for more than 20 changes, only failures and a
 * status line every 10%.
 */
import { hookWords, isReplaceStep, type HookAction } from './action-words.js';
import { palette } from './ansi.js';
import { formatElapsed } from './duration.js';
import { safeLine } from './safe-text.js';

export interface ProgressStream {
  write(chunk: string): unknown;
  /** Terminal width; the status line is cut to fit so it never wraps. */
  columns?: number;
}

/** Timers, injectable for tests. */
export interface Scheduler {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export interface ProgressOptions {
  /** Number of start/done pairs expected. */
  total: number;
  stream: ProgressStream;
  color: boolean;
  isTTY: boolean;
  /** Milliseconds clock (default `performance.now`). */
  now?: () => number;
  scheduler?: Scheduler;
}

export interface RetryInfo {
  attempt?: number;
  /** Why, e.g. `429 Too Many Requests`. */
  reason?: string;
  delayMs?: number;
}

export interface DoneInfo {
  /** The canonical of the key (never its token). */
  idValue?: string;
  error?: string;
}

export interface Progress {
  start(address: string, action: HookAction): void;
  done(address: string, action: HookAction, ok: boolean, elapsedMs: number, info?: DoneInfo): void;
  retry(address: string, info?: RetryInfo): void;
  finish(): void;
}

/** Up to this many changes, every step is printed (as Terraform does). */
export const VERBOSE_LIMIT = 20;
const REDRAW_MS = 100;
const TICK_MS = 1000;

const defaultScheduler: Scheduler = {
  set(fn, ms) {
    const t = setTimeout(fn, ms);
    t.unref();
    return t;
  },
  clear: (h) => clearTimeout(h as NodeJS.Timeout),
};

export function createProgress(opts: ProgressOptions): Progress {
  const pal = palette(opts.color);
  const now = opts.now ?? (() => performance.now());
  const scheduler = opts.scheduler ?? defaultScheduler;
  const total = Math.max(0, opts.total);
  const verbose = total <= VERBOSE_LIMIT;
  const began = now();
  let done = 0;
  let failed = 0;
  let retries = 0;
  let inFlight = 0;
  let lastDraw = -Infinity;
  let drawnWidth = 0;
  let timer: unknown;
  let timerDue = Infinity;
  let lastDecile = 0;
  let finished = false;

  const write = (s: string): void => void opts.stream.write(s);

  const status = (label: string): string => {
    const seconds = Math.max(0, now() - began) / 1000;
    const text = `${label}: ${done}/${total} done · ${inFlight} in flight · ${retries} ${retries === 1 ? 'retry' : 'retries'} · ${failed} failed · ${seconds.toFixed(1)} s`;
    const columns = opts.stream.columns;
    return columns !== undefined && columns > 1 && text.length > columns - 1 ? text.slice(0, columns - 1) : text;
  };

  /** Takes the live line away (an escape code with colour, spaces without: no escape codes when colour is off). */
  const clearLive = (): string => (opts.color ? '\r\x1b[2K' : drawnWidth > 0 ? `\r${' '.repeat(drawnWidth)}\r` : '\r');

  const disarm = (): void => {
    if (timer !== undefined) scheduler.clear(timer);
    timer = undefined;
    timerDue = Infinity;
  };

  const arm = (ms: number): void => {
    const due = now() + ms;
    if (timer !== undefined && timerDue <= due) return;
    disarm();
    timerDue = due;
    timer = scheduler.set(() => {
      timer = undefined;
      timerDue = Infinity;
      draw();
    }, ms);
  };

  function draw(): void {
    if (finished) return;
    disarm();
    const text = status('Applying');
    write(`${clearLive()}${text}`);
    drawnWidth = text.length;
    lastDraw = now();
    arm(TICK_MS);
  }

  const redraw = (): void => {
    if (finished) return;
    const since = now() - lastDraw;
    if (since >= REDRAW_MS) draw();
    else arm(REDRAW_MS - since);
  };

  /** A line that stays: above the live line on a terminal, as is elsewhere. */
  const permanent = (text: string): void => {
    if (opts.isTTY) {
      // The live line is gone until the next (throttled) redraw, which the caller requests.
      write(`${clearLive()}${text}\n`);
      drawnWidth = 0;
    } else {
      write(`${text}\n`);
    }
  };

  const addr = (address: string): string => pal.bold(safeLine(address));

  return {
    start(address, action) {
      if (finished) return;
      inFlight++;
      if (opts.isTTY) redraw();
      else if (verbose) permanent(`${addr(address)}: ${hookWords(action).progressive}...`);
    },

    done(address, action, ok, elapsedMs, info = {}) {
      if (finished) return;
      inFlight = Math.max(0, inFlight - 1);
      done++;
      const words = hookWords(action);
      if (!ok) {
        failed++;
        const why = info.error !== undefined ? `: ${safeLine(info.error)}` : '';
        permanent(`${addr(address)}: ${pal.red(`${words.noun} errored after ${formatElapsed(elapsedMs)}`)}${why}`);
      } else if (verbose || (opts.isTTY && isReplaceStep(action))) {
        const id = info.idValue !== undefined ? ` [canonical=${safeLine(info.idValue)}]` : '';
        permanent(`${addr(address)}: ${words.noun} complete after ${formatElapsed(elapsedMs)}${id}`);
      }
      if (opts.isTTY) redraw();
      else if (!verbose && total > 0) {
        const decile = Math.floor((done * 10) / total);
        if (decile > lastDecile && done < total) write(`${status('Applying')}\n`);
        lastDecile = Math.max(lastDecile, decile);
      }
    },

    retry(address, info = {}) {
      if (finished) return;
      retries++;
      if (opts.isTTY) redraw();
      else if (verbose) {
        const parts = [info.attempt !== undefined ? `attempt ${info.attempt}` : '', info.reason !== undefined ? safeLine(info.reason) : '', info.delayMs !== undefined ? `in ${formatElapsed(info.delayMs)}` : ''].filter((p) => p !== '');
        permanent(`${addr(address)}: ${pal.yellow('Retrying')}${parts.length > 0 ? ` (${parts.join(', ')})` : ''}...`);
      }
    },

    finish() {
      if (finished) return;
      const text = status('Applied');
      finished = true;
      disarm();
      if (opts.isTTY) write(`${clearLive()}${text}\n`);
      else if (!verbose) write(`${text}\n`);
    },
  };
}
