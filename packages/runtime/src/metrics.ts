import {
  AggregatorRegistry,
  Counter,
  Gauge,
  Histogram,
  Registry,
  collectDefaultMetrics,
  type CounterConfiguration,
  type GaugeConfiguration,
  type HistogramConfiguration,
  type MetricObjectWithValues,
  type MetricValue,
} from 'prom-client';

/** One process's metrics as data, to be merged with other processes' into one exposition. */
export type MetricsSnapshot = MetricObjectWithValues<MetricValue<string>>[];

export { Registry } from 'prom-client';
export type { Counter, Gauge, Histogram } from 'prom-client';

export const METRIC_PREFIX = 'droas_';

/** Histogram buckets in seconds for operations that should take milliseconds (queue hops, queries). */
export const FAST_SECONDS_BUCKETS = [
  0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5,
];

export interface MetricsOptions {
  /** Labels on every series of this process, e.g. `{ service: 'worker', cluster: '0' }`. */
  defaultLabels?: Record<string, string>;
  /** Process metrics (CPU, memory, event loop lag, GC). @defaultValue true */
  collectDefaults?: boolean;
}

/**
 * A prom-client registry for one process in which every metric name starts with `droas_`. Each process serves
 * its own `/metrics`; Prometheus sums across processes, so there is no aggregation here.
 */
export class Metrics {
  readonly registry = new Registry();

  constructor(options: MetricsOptions = {}) {
    if (options.defaultLabels) this.registry.setDefaultLabels(options.defaultLabels);
    if (options.collectDefaults ?? true)
      collectDefaultMetrics({ register: this.registry, prefix: METRIC_PREFIX });
  }

  counter<L extends string = string>(config: Omit<CounterConfiguration<L>, 'registers'>): Counter<L> {
    return new Counter({ ...config, name: prefixed(config.name), registers: [this.registry] });
  }

  gauge<L extends string = string>(config: Omit<GaugeConfiguration<L>, 'registers'>): Gauge<L> {
    return new Gauge({ ...config, name: prefixed(config.name), registers: [this.registry] });
  }

  histogram<L extends string = string>(config: Omit<HistogramConfiguration<L>, 'registers'>): Histogram<L> {
    return new Histogram({ ...config, name: prefixed(config.name), registers: [this.registry] });
  }

  /** The text exposition format, for `/metrics`. */
  expose(): Promise<string> {
    return this.registry.metrics();
  }

  /** The metrics as data, for a parent process that serves several processes' metrics at once. */
  snapshot(): Promise<MetricsSnapshot> {
    return this.registry.getMetricsAsJSON();
  }

  /**
   * One exposition of several processes' snapshots: one HELP and TYPE per metric, every process's series kept
   * apart by its default labels (`cluster`, `service`), so a host is one scrape target.
   */
  static merge(snapshots: readonly MetricsSnapshot[]): Promise<string> {
    return AggregatorRegistry.aggregate(snapshots as MetricsSnapshot[]).metrics();
  }
}

function prefixed(name: string): string {
  return name.startsWith(METRIC_PREFIX) ? name : `${METRIC_PREFIX}${name}`;
}
