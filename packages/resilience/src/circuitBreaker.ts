import type { Logger, Metrics } from '@droas/runtime';
import type { CircuitState } from './errors.js';

export interface CircuitBreakerOptions {
  /** How long one call may run before its signal aborts and it counts as a failure. @defaultValue 10000 */
  timeoutMs?: number;
  /**
   * How long the breaker stays open before letting one trial call through. Keep it above `rollingWindowMs`:
   * opossum keeps the window's counts when the breaker closes, so the failures that opened it would otherwise
   * still weigh on the calls after it closes. @defaultValue 30000
   */
  resetTimeoutMs?: number;
  /**
   * The share of failed calls in the rolling window, in percent, above which the breaker opens.
   * @defaultValue 50
   */
  errorThresholdPercentage?: number;
  /**
   * Calls in the rolling window before the breaker may open at all, so that the first failure after a quiet
   * spell does not open it. @defaultValue 10
   */
  volumeThreshold?: number;
  /** The rolling window over which failures are counted. @defaultValue 10000 */
  rollingWindowMs?: number;
  /** Buckets the window is counted in; it slides one bucket at a time. @defaultValue 10 */
  rollingWindowBuckets?: number;
  /**
   * True for errors that say nothing about the dependency's health: the caller's own fault, such as a
   * Postgres constraint violation or an HTTP 4xx. They still reach the caller but count as successes of the
   * dependency. `PermanentError` and `RateLimitedError` are always ignored; timeouts never.
   */
  ignoreError?: (error: unknown) => boolean;
}

export const DefaultCircuitBreakerOptions = {
  timeoutMs: 10_000,
  resetTimeoutMs: 30_000,
  errorThresholdPercentage: 50,
  volumeThreshold: 10,
  rollingWindowMs: 10_000,
  rollingWindowBuckets: 10,
} as const satisfies Required<Omit<CircuitBreakerOptions, 'ignoreError'>>;

export interface CircuitStateChange {
  breaker: string;
  from: CircuitState;
  to: CircuitState;
}

/** Guards calls to one dependency (Postgres, Discord REST) in one process. */
export interface CircuitBreaker {
  /** The dependency's name, as it appears in metrics, logs and `CircuitOpenError`. */
  readonly name: string;
  readonly state: CircuitState;
  /**
   * Calls `fn` unless the breaker is open. `fn` must stop its work when `signal` aborts: the signal aborts
   * when the call times out, with the `CallTimeoutError` the caller receives as its reason.
   * @throws `CircuitOpenError` when open, or half-open with its one trial call in flight.
   * @throws `CallTimeoutError` when `fn` ran past `timeoutMs`.
   */
  execute<T>(fn: (signal: AbortSignal) => Promise<T>): Promise<T>;
  /**
   * Calls `listener` on every change of state, synchronously: a worker pauses its queues on `open` and
   * resumes them on `closed`. A listener that throws is logged and otherwise ignored. Returns the unsubscribe
   * function.
   */
  onStateChange(listener: (change: CircuitStateChange) => void): () => void;
  /** Stops the breaker's timers; calls made afterwards fail. Idempotent. */
  shutdown(): void;
}

export interface CircuitBreakerObservers {
  metrics?: Metrics;
  logger?: Logger;
}

export type ResolvedCircuitBreakerOptions = Required<Omit<CircuitBreakerOptions, 'ignoreError'>> &
  Pick<CircuitBreakerOptions, 'ignoreError'>;

/** Merges the defaults once and rejects settings opossum would silently misread. */
export function resolveCircuitBreakerOptions(options: CircuitBreakerOptions): ResolvedCircuitBreakerOptions {
  const o = { ...DefaultCircuitBreakerOptions, ...options };
  const positive = ['timeoutMs', 'resetTimeoutMs', 'rollingWindowMs', 'rollingWindowBuckets'] as const;
  for (const key of positive) {
    if (!Number.isInteger(o[key]) || o[key] < 1) throw new RangeError(`${key} must be a positive integer`);
  }
  if (!Number.isInteger(o.volumeThreshold) || o.volumeThreshold < 0) {
    throw new RangeError('volumeThreshold must be a non-negative integer');
  }
  if (!(o.errorThresholdPercentage >= 0 && o.errorThresholdPercentage <= 100)) {
    throw new RangeError('errorThresholdPercentage must be between 0 and 100');
  }
  return o;
}
