import { FAST_SECONDS_BUCKETS, type Metrics } from '@droas/runtime';

/** Every metric of the worker process itself (packages register their own: REST, breakers, economy). */
export function createWorkerMetrics(metrics: Metrics) {
  return {
    jobs: metrics.counter({
      name: 'worker_jobs_total',
      help: 'Jobs finished, by queue and outcome',
      labelNames: ['queue', 'outcome'],
    }),
    processingSeconds: metrics.histogram({
      name: 'worker_job_processing_seconds',
      help: 'From the worker taking a job to finishing it',
      labelNames: ['queue'],
      buckets: FAST_SECONDS_BUCKETS,
    }),
    queueWaitSeconds: metrics.histogram({
      name: 'worker_job_queue_wait_seconds',
      help: 'From a job being added to a worker taking it',
      labelNames: ['queue'],
      buckets: FAST_SECONDS_BUCKETS,
    }),
    interactionAgeSeconds: metrics.histogram({
      name: 'worker_interaction_answer_age_seconds',
      help: "From the interaction's creation (its snowflake) to its answer reaching Discord",
      labelNames: ['via'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 1.5, 2, 3, 5, 10, 30, 60],
    }),
    rateLimited: metrics.counter({
      name: 'worker_rate_limited_total',
      help: 'Commands refused by a token bucket',
      labelNames: ['scope'],
    }),
    dedupeHits: metrics.counter({
      name: 'worker_dedupe_hits_total',
      help: 'Jobs skipped because their work was already done',
      labelNames: ['queue'],
    }),
    stalled: metrics.counter({
      name: 'worker_jobs_stalled_total',
      help: 'Jobs whose worker lost them',
      labelNames: ['queue'],
    }),
    paused: metrics.gauge({ name: 'worker_paused', help: '1 while intake is paused by an open breaker' }),
  };
}

export type WorkerMetrics = ReturnType<typeof createWorkerMetrics>;
