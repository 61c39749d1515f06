import { systemClock, type Clock } from '@droas/resilience';
import type { BucketHeaders } from './rateLimitHeaders.js';

interface BucketState {
  remaining: number;
  resetAtMs: number;
  /** Set while one request finds out the window's state; the others wait for its answer. */
  probe: { settled: Promise<void>; resolve: () => void } | undefined;
}

/** A place taken in a bucket; give it back with `settle` once the request is answered (or not sent). */
export interface BucketTicket {
  readonly routeKey: string;
  readonly majorParameter: string;
  readonly key: string;
  readonly state: BucketState;
  readonly isProbe: boolean;
  /** The window the place was taken in, so a place from an old window is never given back to a new one. */
  readonly resetAtMs: number;
}

/** What `reserve` says: go, come back in `waitMs`, or wait until another request's answer is in. */
export type BucketReservation =
  | { readonly kind: 'go'; readonly ticket: BucketTicket }
  | { readonly kind: 'wait'; readonly waitMs: number }
  | { readonly kind: 'probing'; readonly settled: Promise<void> };

/** What an answer taught about the bucket. */
export type BucketAnswer =
  | { readonly kind: 'headers'; readonly headers: BucketHeaders }
  | {
      readonly kind: 'rateLimited';
      readonly retryAfterMs: number;
      readonly headers: BucketHeaders | undefined;
    }
  /** No answer, or one without bucket headers (a 5xx, a network error), or the request was never sent. */
  | { readonly kind: 'none'; readonly sent: boolean };

const SWEEP_INTERVAL_MS = 10_000;

/**
 * Discord's per-route buckets as this process has learned them from `X-RateLimit-*` headers, keyed like
 * Discord's: the bucket id (`X-RateLimit-Bucket`, or the route until one is learned) and the major
 * parameter. Pure bookkeeping with an injected clock; the client does the waiting.
 *
 * - A bucket not yet seen, or whose window is over, lets one request through and holds the rest until its
 *   headers say how many remain: a burst on a fresh channel cannot overrun a limit nobody knows yet.
 * - Places are taken before sending, so concurrent requests share `remaining` rather than each reading it.
 * - Answers only ever lower `remaining` and push the reset later: headers that raced our own requests in
 *   flight describe the bucket as it was, not as it is.
 *
 * Buckets are per process, as in discord.js. The limits that matter across replicas (the global 50/s and
 * per-channel welcome rates) are Redis token buckets; a 429 from a bucket another replica drained is
 * recorded here and turned into `RateLimitedError`.
 */
export class RouteBuckets {
  readonly #clock: Clock;
  /** Route key (`POST /channels/:id/messages`) → Discord's bucket id, learned from headers. */
  readonly #bucketIds = new Map<string, string>();
  readonly #states = new Map<string, BucketState>();
  #nextSweepMs = 0;

  constructor(clock: Clock = systemClock) {
    this.#clock = clock;
  }

  /** Buckets held; for tests and a gauge. */
  get size(): number {
    return this.#states.size;
  }

  reserve(routeKey: string, majorParameter: string): BucketReservation {
    const nowMs = this.#clock();
    this.#sweep(nowMs);
    const key = this.#keyOf(routeKey, majorParameter);
    const state = this.#states.get(key);
    if (state?.probe !== undefined) return { kind: 'probing', settled: state.probe.settled };
    if (state === undefined || nowMs >= state.resetAtMs) {
      let resolve = (): void => undefined;
      const settled = new Promise<void>((r) => (resolve = r));
      const probing: BucketState = { remaining: 0, resetAtMs: 0, probe: { settled, resolve } };
      this.#states.set(key, probing);
      return {
        kind: 'go',
        ticket: { routeKey, majorParameter, key, state: probing, isProbe: true, resetAtMs: 0 },
      };
    }
    if (state.remaining > 0) {
      state.remaining -= 1;
      const ticket = { routeKey, majorParameter, key, state, isProbe: false, resetAtMs: state.resetAtMs };
      return { kind: 'go', ticket };
    }
    return { kind: 'wait', waitMs: Math.max(1, state.resetAtMs - nowMs) };
  }

  settle(ticket: BucketTicket, answer: BucketAnswer): void {
    const { state } = ticket;
    const nowMs = this.#clock();
    if (answer.kind === 'none') {
      if (ticket.isProbe) {
        // Nothing learned: the next request probes again.
        if (this.#states.get(ticket.key) === state) this.#states.delete(ticket.key);
      } else if (!answer.sent && state.resetAtMs === ticket.resetAtMs) {
        state.remaining += 1;
      }
    } else {
      const headers = answer.headers;
      let remaining = headers?.remaining;
      let resetAtMs = headers === undefined ? 0 : nowMs + headers.resetAfterMs;
      if (answer.kind === 'rateLimited') {
        remaining = 0;
        resetAtMs = Math.max(resetAtMs, nowMs + answer.retryAfterMs);
      }
      if (remaining !== undefined) {
        state.remaining = ticket.isProbe ? remaining : Math.min(state.remaining, remaining);
        state.resetAtMs = ticket.isProbe ? resetAtMs : Math.max(state.resetAtMs, resetAtMs);
      }
      if (headers?.bucket !== undefined) this.#learnBucketId(ticket, headers.bucket);
    }
    if (ticket.isProbe && state.probe !== undefined) {
      const { resolve } = state.probe;
      state.probe = undefined;
      resolve();
    }
  }

  #keyOf(routeKey: string, majorParameter: string): string {
    return `${this.#bucketIds.get(routeKey) ?? routeKey}\n${majorParameter}`;
  }

  // Routes that share a bucket (an interaction's edit and its follow-ups) then share one state per major
  // parameter. The state moves before any probe is resolved, so waiters find it under its new key.
  #learnBucketId(ticket: BucketTicket, bucketId: string): void {
    this.#bucketIds.set(ticket.routeKey, bucketId);
    const key = this.#keyOf(ticket.routeKey, ticket.majorParameter);
    // A state already replaced (its window ended while this request was in flight) has nothing to add.
    if (key === ticket.key || this.#states.get(ticket.key) !== ticket.state) return;
    this.#states.delete(ticket.key);
    const existing = this.#states.get(key);
    if (existing === undefined) {
      this.#states.set(key, ticket.state);
    } else if (existing.probe === undefined) {
      existing.remaining = Math.min(existing.remaining, ticket.state.remaining);
      existing.resetAtMs = Math.max(existing.resetAtMs, ticket.state.resetAtMs);
    }
  }

  // One state per channel ever written to would pile up; a state past its reset says nothing a missing one
  // would not, so it goes. At most one pass per interval keeps the cost amortised O(1) per request.
  #sweep(nowMs: number): void {
    if (nowMs < this.#nextSweepMs) return;
    this.#nextSweepMs = nowMs + SWEEP_INTERVAL_MS;
    for (const [key, state] of this.#states) {
      if (state.probe === undefined && state.resetAtMs <= nowMs) this.#states.delete(key);
    }
  }
}
