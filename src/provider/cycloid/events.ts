/**
 * Events the provider reports while it works, for the CLI's progress lines and the JSON event stream.
 * None of them carries a token or a header.
 */

/** A request failed in a way that may be retried; the client waits `waitMs` and sends it again. */
export interface RetryEvent {
  type: 'retry';
  method: string;
  /** The request path without the query string. */
  path: string;
  /** The attempt that just failed, from 1. */
  attempt: number;
  waitMs: number;
  /** Why: `429`, `503`, `ECONNRESET`, … */
  reason: string;
}

/** A create's answer was lost; keyform looks the canonical up before doing anything else. */
export interface AmbiguousCreateEvent {
  type: 'ambiguous-create';
  organization: string;
  canonical: string;
  attempt: number;
  reason: string;
}

/**
 * A create had been carried out but its answer (and the token, shown only once) was lost: keyform deleted that
 * key and created it again, so that no key lives without a holder of its token.
 */
export interface RecreatedEvent {
  type: 'recreated-after-lost-response';
  organization: string;
  canonical: string;
}

export type ProviderEvent = RetryEvent | AmbiguousCreateEvent | RecreatedEvent;

export type EventSink = (event: ProviderEvent) => void;
