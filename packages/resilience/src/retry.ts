import { setTimeout as delay } from 'node:timers/promises';
import { computeBackoffMs, type RandomSource } from './backoff.js';
import { classifyError, type ErrorClassification, type ErrorClassifier } from './classifyError.js';

/** Waits `ms`; rejects early if `signal` aborts. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export interface RetryEvent {
  /** The attempt that just failed (1 for the first call). */
  attempt: number;
  error: unknown;
  classification: Exclude<ErrorClassification, { action: 'never' }>;
  /** How long until the next attempt. */
  delayMs: number;
}

export interface RetryOptions {
  /** Attempts in all, the first call included. @defaultValue 5 */
  maxAttempts?: number;
  /** Ceiling of the first backoff delay (see {@link computeBackoffMs}). @defaultValue 100 */
  baseMs?: number;
  /** Ceiling of any backoff delay. @defaultValue 10000 */
  maxMs?: number;
  /**
   * The longest `retry-at` delay (a rate limit's or an open breaker's `retryAfterMs`) waited for in-process.
   * A longer one is rethrown at once, so the queue can delay the job instead of a worker slot sitting idle.
   * @defaultValue 30000
   */
  maxRetryAtMs?: number;
  /** Classifies errors this package does not know; see {@link classifyError}. */
  classify?: ErrorClassifier;
  /** Called before each wait, for logs and metrics. */
  onRetry?: (event: RetryEvent) => void;
  /** Stops retrying (on shutdown): the wait ends and the last error is rethrown. */
  signal?: AbortSignal;
  /** @defaultValue a timer (node:timers/promises) */
  sleep?: Sleep;
  /** @defaultValue Math.random */
  random?: RandomSource;
}

export const DefaultRetryOptions = {
  maxAttempts: 5,
  baseMs: 100,
  maxMs: 10_000,
  maxRetryAtMs: 30_000,
} as const satisfies Partial<RetryOptions>;

// The timer stays ref'd: someone awaits this promise, and an unref'd timer would let the process exit with
// the retry silently unfinished. Shutdown ends it through `signal` instead.
const sleepWithTimer: Sleep = (ms, signal) => delay(ms, undefined, signal ? { signal } : {});

/**
 * Calls `fn` until it succeeds, an error is classified `never`, or `maxAttempts` calls have failed; then
 * rethrows the last error unchanged, so whoever catches it can classify it again (a worker deciding between
 * its queue's backoff, a delayed retry, and the failed set). `retry` waits exactly the `retryAfterMs` of a
 * `RateLimitedError` or `CircuitOpenError`, and a backoff with full jitter otherwise. Each wait uses up an
 * attempt, including `retry-at` waits, so a limit that never lifts cannot hold a caller forever.
 */
export async function retry<T>(fn: (attempt: number) => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const o = { ...DefaultRetryOptions, ...options };
  if (!Number.isInteger(o.maxAttempts) || o.maxAttempts < 1) {
    throw new RangeError(`maxAttempts must be an integer from 1, got ${o.maxAttempts}`);
  }
  const sleep = o.sleep ?? sleepWithTimer;
  o.signal?.throwIfAborted();
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (error) {
      const classification = classifyError(error, o.classify);
      if (classification.action === 'never' || attempt >= o.maxAttempts || o.signal?.aborted) throw error;
      let delayMs: number;
      if (classification.action === 'retry-at') {
        if (classification.delayMs > o.maxRetryAtMs) throw error;
        delayMs = classification.delayMs;
      } else {
        delayMs = computeBackoffMs(attempt, o, o.random);
      }
      o.onRetry?.({ attempt, error, classification, delayMs });
      try {
        await sleep(delayMs, o.signal);
      } catch (sleepError) {
        // Aborted mid-wait: the caller learns why the work failed, not that the wait was cut short.
        if (o.signal?.aborted) throw error;
        throw sleepError;
      }
    }
  }
}
