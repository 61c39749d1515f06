/**
 * The errors that tell a worker what to do with a failed job:
 *
 * - {@link PermanentError}: never retry; the job goes to the failed set with its reason. (A malformed job is
 *   `@droas/contracts`'s `ContractError`, which the worker's classifier marks never-retry the same way.)
 * - {@link RateLimitedError}, {@link CircuitOpenError}: come back after `retryAfterMs`, without burning an
 *   attempt on backoff.
 * - anything else: retry with exponential backoff.
 *
 * Each error's `name` carries its code (`PermanentError[50013]`, `RateLimitedError[global]`), so a grep over
 * the logs finds every occurrence of one cause. Context (status, route) rides on the error, not in the
 * message.
 */

/** What an HTTP or database failure can tell about itself. */
export interface ErrorContext {
  /** HTTP status, when the error came from an HTTP response. */
  status?: number;
  /** The route template (`POST /channels/:id/messages`), never a URL with ids or tokens in it. */
  route?: string;
  cause?: unknown;
}

/** The base of the errors this package classifies; not thrown itself. */
export abstract class ResilienceError extends Error {
  /** A short, stable, greppable cause: a Discord code, a SQLSTATE, a zod issue code, a scope. */
  readonly code: string;
  readonly status: number | undefined;
  readonly route: string | undefined;

  protected constructor(kind: string, code: string, message: string, context: ErrorContext) {
    super(message, context.cause === undefined ? undefined : { cause: context.cause });
    this.name = `${kind}[${code}]`;
    this.code = code;
    this.status = context.status;
    this.route = context.route;
  }
}

export interface PermanentErrorOptions extends ErrorContext {
  /** Why retrying cannot help: a Discord error code (`50013`), a SQLSTATE (`23514`). */
  code: string;
  message: string;
}

/**
 * The dependency answered, and the answer will not change on a retry (Discord 403 Missing Permissions, a
 * check constraint). Never retried.
 */
export class PermanentError extends ResilienceError {
  constructor(options: PermanentErrorOptions) {
    super('PermanentError', options.code, options.message, options);
  }
}

export interface RateLimitedErrorOptions extends ErrorContext {
  /** How long until the limit lets this work through. */
  retryAfterMs: number;
  /** Which limit: `global`, `user`, `guild`, a Discord bucket… @defaultValue 'RATE_LIMITED' */
  code?: string;
  message?: string;
}

/** A rate limit (ours or Discord's) said no for now. Retried after exactly `retryAfterMs`. */
export class RateLimitedError extends ResilienceError {
  readonly retryAfterMs: number;

  constructor(options: RateLimitedErrorOptions) {
    const retryAfterMs = nonNegativeMs(options.retryAfterMs);
    super(
      'RateLimitedError',
      options.code ?? 'RATE_LIMITED',
      options.message ?? `rate limited; retry in ${retryAfterMs} ms`,
      options,
    );
    this.retryAfterMs = retryAfterMs;
  }
}

export type CircuitState = 'closed' | 'half-open' | 'open';

export interface CircuitOpenErrorOptions {
  /** The breaker's name, which is the dependency's (`postgres`, `discord-rest`). */
  breaker: string;
  /** `open`, or `half-open` while the one trial call is in flight. */
  state: Exclude<CircuitState, 'closed'>;
  /** About how long until the breaker lets a call through again. */
  retryAfterMs: number;
}

/**
 * A circuit breaker is refusing calls because its dependency looks down. The call was not attempted. Retried
 * after `retryAfterMs`; a worker seeing these should pause intake rather than burn its jobs' attempts.
 */
export class CircuitOpenError extends ResilienceError {
  readonly breaker: string;
  readonly state: Exclude<CircuitState, 'closed'>;
  readonly retryAfterMs: number;

  constructor(options: CircuitOpenErrorOptions) {
    const retryAfterMs = nonNegativeMs(options.retryAfterMs);
    super(
      'CircuitOpenError',
      options.breaker,
      `circuit breaker ${options.breaker} is ${options.state}; retry in ${retryAfterMs} ms`,
      {},
    );
    this.breaker = options.breaker;
    this.state = options.state;
    this.retryAfterMs = retryAfterMs;
  }
}

export interface CallTimeoutErrorOptions {
  breaker: string;
  timeoutMs: number;
}

/**
 * A call through a circuit breaker ran past its timeout and was aborted (this error is also the abort
 * signal's `reason`). It counts as a failure of the dependency and is retried with backoff.
 */
export class CallTimeoutError extends ResilienceError {
  readonly breaker: string;
  readonly timeoutMs: number;

  constructor(options: CallTimeoutErrorOptions) {
    super(
      'CallTimeoutError',
      options.breaker,
      `call through circuit breaker ${options.breaker} timed out after ${options.timeoutMs} ms`,
      {},
    );
    this.breaker = options.breaker;
    this.timeoutMs = options.timeoutMs;
  }
}

function nonNegativeMs(ms: number): number {
  if (!Number.isFinite(ms)) throw new RangeError(`retryAfterMs must be a finite number, got ${ms}`);
  return Math.max(0, Math.ceil(ms));
}
