import type { Logger } from '@droas/runtime';
import Opossum from 'opossum';
import {
  resolveCircuitBreakerOptions,
  type CircuitBreaker,
  type CircuitBreakerObservers,
  type CircuitBreakerOptions,
  type CircuitStateChange,
  type ResolvedCircuitBreakerOptions,
} from './circuitBreaker.js';
import { circuitBreakerMetrics, CircuitStateValue, type CallOutcome } from './circuitBreakerMetrics.js';
import {
  CallTimeoutError,
  CircuitOpenError,
  PermanentError,
  RateLimitedError,
  type CircuitState,
} from './errors.js';

/**
 * A circuit breaker over opossum 9, one per dependency per process. The function to guard is given per call,
 * so one breaker covers all of a dependency's operations and they open and close together.
 */
export function createCircuitBreaker(
  name: string,
  options: CircuitBreakerOptions = {},
  observers: CircuitBreakerObservers = {},
): CircuitBreaker {
  return new OpossumCircuitBreaker(name, options, observers);
}

type Call = (signal: AbortSignal) => Promise<unknown>;
type Listener = (change: CircuitStateChange) => void;

/** Errors that are verdicts on the request rather than on the dependency. */
function isNotAnOutage(error: unknown): boolean {
  return error instanceof PermanentError || error instanceof RateLimitedError;
}

/** The code of an error opossum made itself (open, timeout, shutdown), or undefined for the call's own. */
function opossumCode(error: unknown): string | undefined {
  if (!(error instanceof Error) || !Opossum.isOurError(error)) return undefined;
  const { code } = error as Error & { code?: unknown };
  return typeof code === 'string' ? code : undefined;
}

class OpossumCircuitBreaker implements CircuitBreaker {
  readonly name: string;
  readonly #options: ResolvedCircuitBreakerOptions;
  readonly #ignoreError: (error: unknown) => boolean;
  readonly #breaker: Opossum<[Call, AbortSignal], unknown>;
  readonly #metrics: ReturnType<typeof circuitBreakerMetrics> | undefined;
  readonly #logger: Logger | undefined;
  readonly #listeners = new Set<Listener>();
  #state: CircuitState = 'closed';
  #openedAtMs = 0;

  constructor(name: string, options: CircuitBreakerOptions, observers: CircuitBreakerObservers) {
    if (name.trim() === '') throw new TypeError('a circuit breaker needs a name');
    this.name = name;
    const o = resolveCircuitBreakerOptions(options);
    const callerIgnores = o.ignoreError ?? (() => false);
    // Opossum's own errors (a timeout above all) are never the caller's fault, whatever the predicate says.
    this.#ignoreError = (error) =>
      opossumCode(error) === undefined && (isNotAnOutage(error) || callerIgnores(error));
    this.#options = o;
    this.#breaker = new Opossum((call: Call, signal: AbortSignal) => call(signal), {
      name,
      timeout: o.timeoutMs,
      resetTimeout: o.resetTimeoutMs,
      errorThresholdPercentage: o.errorThresholdPercentage,
      volumeThreshold: o.volumeThreshold,
      rollingCountTimeout: o.rollingWindowMs,
      rollingCountBuckets: o.rollingWindowBuckets,
      errorFilter: this.#ignoreError,
      // Opossum's latency percentiles and snapshots feed nothing we read (our histogram has the latencies);
      // turning them off saves work per call and a timer per breaker.
      rollingPercentilesEnabled: false,
      enableSnapshots: false,
      // Not opossum's `abortController` option: that is one controller for the whole breaker, so one slow
      // call's timeout would abort every call in flight. Each call gets its own controller in execute().
    });
    this.#breaker.on('open', () => this.#transition('open'));
    this.#breaker.on('halfOpen', () => this.#transition('half-open'));
    this.#breaker.on('close', () => this.#transition('closed'));
    this.#metrics = observers.metrics && circuitBreakerMetrics(observers.metrics);
    this.#metrics?.state.set({ breaker: name }, CircuitStateValue.closed);
    this.#logger = observers.logger;
  }

  get state(): CircuitState {
    return this.#state;
  }

  async execute<T>(fn: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const controller = new AbortController();
    const startedAt = performance.now();
    try {
      // The breaker's action returns what `fn` returned; opossum's types cannot carry T through one breaker
      // shared by calls of many result types.
      const result = (await this.#breaker.fire(fn, controller.signal)) as T;
      this.#observe('success', startedAt);
      return result;
    } catch (error) {
      throw this.#translate(error, controller, startedAt);
    }
  }

  onStateChange(listener: Listener): () => void {
    // Wrapped so that subscribing the same function twice gives two independent subscriptions.
    const entry: Listener = (change) => listener(change);
    this.#listeners.add(entry);
    return () => void this.#listeners.delete(entry);
  }

  shutdown(): void {
    if (this.#breaker.isShutdown) return;
    this.#breaker.shutdown();
    this.#listeners.clear();
  }

  #translate(error: unknown, controller: AbortController, startedAt: number): unknown {
    switch (opossumCode(error)) {
      case 'EOPENBREAKER': {
        const state = this.#state === 'open' ? 'open' : 'half-open';
        this.#metrics?.rejections.inc({ breaker: this.name, state });
        return new CircuitOpenError({ breaker: this.name, state, retryAfterMs: this.#retryAfterMs() });
      }
      case 'ETIMEDOUT': {
        const timeout = new CallTimeoutError({ breaker: this.name, timeoutMs: this.#options.timeoutMs });
        // Opossum only stops waiting; aborting is what stops the work (and frees its connection).
        controller.abort(timeout);
        this.#observe('timeout', startedAt);
        return timeout;
      }
      case undefined:
        this.#observe(this.#ignoreError(error) ? 'ignored' : 'failure', startedAt);
        return error;
      default:
        return error; // ESHUTDOWN: the process is stopping; the job is retried elsewhere.
    }
  }

  #retryAfterMs(): number {
    const { resetTimeoutMs, timeoutMs } = this.#options;
    if (this.#state === 'open') return Math.max(0, this.#openedAtMs + resetTimeoutMs - Date.now());
    // Half-open: the trial call in flight settles within its timeout, and the breaker with it.
    return Math.min(timeoutMs, resetTimeoutMs);
  }

  #observe(outcome: CallOutcome, startedAt: number): void {
    this.#metrics?.calls.observe({ breaker: this.name, outcome }, (performance.now() - startedAt) / 1000);
  }

  #transition(to: CircuitState): void {
    const from = this.#state;
    if (from === to) return;
    this.#state = to;
    if (to === 'open') this.#openedAtMs = Date.now();
    this.#metrics?.state.set({ breaker: this.name }, CircuitStateValue[to]);
    this.#metrics?.transitions.inc({ breaker: this.name, from, to });
    const change: CircuitStateChange = { breaker: this.name, from, to };
    if (to === 'open') this.#logger?.warn(change, 'circuit breaker opened');
    else this.#logger?.info(change, `circuit breaker ${to}`);
    for (const listener of [...this.#listeners]) {
      try {
        listener(change);
      } catch (error) {
        this.#logger?.error({ err: error, ...change }, 'circuit breaker state listener threw');
      }
    }
  }
}
