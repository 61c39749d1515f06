import { FAST_SECONDS_BUCKETS, type Counter, type Histogram, type Metrics } from '@droas/runtime';

/** The economy's metrics, created once per registry. */
export interface EconomyMetrics {
  /** Cache look-ups by cache and result (`hit`, `miss`, `error`); hit rate = hit / (hit + miss). */
  cacheRequests: Counter<'cache' | 'result'>;
  /** Postgres reads and operations by name. */
  queryDuration: Histogram<'query'>;
  /** Commands handled by command and result (`ok`, `refused`, `replayed`, `error`). */
  commands: Counter<'command' | 'result'>;
  commandDuration: Histogram<'command'>;
}

/** Registers the economy's metrics on `metrics`. Call once per registry: names must be unique in it. */
export function createEconomyMetrics(metrics: Metrics): EconomyMetrics {
  return {
    cacheRequests: metrics.counter({
      name: 'economy_cache_requests_total',
      help: 'Economy cache look-ups by cache (balance, rank, settings, leaderboard) and result (hit, miss, error)',
      labelNames: ['cache', 'result'],
    }),
    queryDuration: metrics.histogram({
      name: 'economy_query_seconds',
      help: 'Postgres reads and money operations of the economy, by query',
      labelNames: ['query'],
      buckets: FAST_SECONDS_BUCKETS,
    }),
    commands: metrics.counter({
      name: 'economy_commands_total',
      help: 'Economy commands by command and result (ok, refused, replayed, error)',
      labelNames: ['command', 'result'],
    }),
    commandDuration: metrics.histogram({
      name: 'economy_command_seconds',
      help: 'Time to compute an economy command reply, by command',
      labelNames: ['command'],
      buckets: FAST_SECONDS_BUCKETS,
    }),
  };
}

/** Runs `query` and records its duration under `name`, failed or not. */
export async function timeQuery<T>(
  metrics: EconomyMetrics,
  name: string,
  query: () => Promise<T>,
): Promise<T> {
  const end = metrics.queryDuration.startTimer({ query: name });
  try {
    return await query();
  } finally {
    end();
  }
}
