import { CircuitOpenError, PermanentError, RateLimitedError } from './errors.js';

/** What to do after a failure. */
export type ErrorClassification =
  /** Transient: retry after an exponential backoff with jitter. */
  | { action: 'retry' }
  /** Come back after exactly `delayMs` (a rate limit or an open breaker said when). */
  | { action: 'retry-at'; delayMs: number }
  /** Retrying cannot help; fail the job with `reason`. */
  | { action: 'never'; reason: string };

/**
 * A caller's view of errors this package does not know (a PostgresError, an HTTP error): return a
 * classification, or `undefined` to fall back to the default (retry).
 */
export type ErrorClassifier = (error: unknown) => ErrorClassification | undefined;

/**
 * Decides what a worker does with `error`. This package's own errors decide first, because their meaning is
 * fixed; then `classifier` (say, SQLSTATE 23505 → never, 40001 → retry); anything left over is retried with
 * backoff, since an unknown failure is more often transient than not and the attempt limit bounds the cost.
 */
export function classifyError(error: unknown, classifier?: ErrorClassifier): ErrorClassification {
  if (error instanceof PermanentError) {
    return { action: 'never', reason: `${error.name}: ${error.message}` };
  }
  if (error instanceof RateLimitedError || error instanceof CircuitOpenError) {
    return { action: 'retry-at', delayMs: error.retryAfterMs };
  }
  return classifier?.(error) ?? { action: 'retry' };
}
