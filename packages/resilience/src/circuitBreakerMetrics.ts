import { FAST_SECONDS_BUCKETS, type Counter, type Gauge, type Histogram, type Metrics } from '@droas/runtime';
import type { CircuitState } from './errors.js';

/** How a call that went through to the dependency ended. */
export type CallOutcome = 'success' | 'failure' | 'timeout' | 'ignored';

/** The state gauge's values, ordered by how bad they are so `max()` over breakers reads naturally. */
export const CircuitStateValue = {
  closed: 0,
  'half-open': 1,
  open: 2,
} as const satisfies Record<CircuitState, number>;

export interface CircuitBreakerMetrics {
  /** `droas_circuit_breaker_state{breaker}`: 0 closed, 1 half-open, 2 open. */
  readonly state: Gauge<'breaker'>;
  /** `droas_circuit_breaker_transitions_total{breaker,from,to}`. */
  readonly transitions: Counter<'breaker' | 'from' | 'to'>;
  /**
   * `droas_circuit_breaker_rejections_total{breaker,state}`: calls refused without reaching the dependency.
   */
  readonly rejections: Counter<'breaker' | 'state'>;
  /**
   * `droas_circuit_breaker_call_duration_seconds{breaker,outcome}`: calls that reached the dependency; its
   * `_count` series counts outcomes.
   */
  readonly calls: Histogram<'breaker' | 'outcome'>;
}

// prom-client refuses a second metric of the same name in one registry, and a process has one breaker per
// dependency, all reporting into one Metrics; so the series are created once per Metrics and shared.
const byRegistry = new WeakMap<Metrics, CircuitBreakerMetrics>();

export function circuitBreakerMetrics(metrics: Metrics): CircuitBreakerMetrics {
  let found = byRegistry.get(metrics);
  if (found === undefined) {
    found = {
      state: metrics.gauge({
        name: 'circuit_breaker_state',
        help: 'Circuit breaker state: 0 closed, 1 half-open, 2 open.',
        labelNames: ['breaker'],
      }),
      transitions: metrics.counter({
        name: 'circuit_breaker_transitions_total',
        help: 'Circuit breaker state changes.',
        labelNames: ['breaker', 'from', 'to'],
      }),
      rejections: metrics.counter({
        name: 'circuit_breaker_rejections_total',
        help: 'Calls a circuit breaker refused without calling the dependency.',
        labelNames: ['breaker', 'state'],
      }),
      calls: metrics.histogram({
        name: 'circuit_breaker_call_duration_seconds',
        help: 'Calls through a circuit breaker that reached the dependency, by outcome.',
        labelNames: ['breaker', 'outcome'],
        buckets: FAST_SECONDS_BUCKETS,
      }),
    };
    byRegistry.set(metrics, found);
  }
  return found;
}
