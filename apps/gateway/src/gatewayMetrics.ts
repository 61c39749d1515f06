import { FAST_SECONDS_BUCKETS, type Metrics } from '@droas/runtime';

/** Every metric a gateway cluster process exports. */
export function createGatewayMetrics(metrics: Metrics) {
  return {
    eventsReceived: metrics.counter({
      name: 'gateway_events_received_total',
      help: 'Gateway dispatches received, by type and shard',
      labelNames: ['type', 'shard'],
    }),
    guardArmed: metrics.counter({
      name: 'gateway_guard_armed_total',
      help: 'Interactions the acknowledgement guard was armed for: at its fire time, or at once while the interactions queue was behind',
      labelNames: ['when'],
    }),
    queueBehind: metrics.gauge({
      name: 'gateway_interactions_queue_behind',
      help: '1 while the oldest waiting interaction job is older than ACK_DEFER_AT_ONCE_AFTER_MS (the guard defers at once), else 0',
    }),
    malformed: metrics.counter({
      name: 'gateway_malformed_events_total',
      help: 'Dispatches that broke the job contract and were skipped',
      labelNames: ['type'],
    }),
    unsupported: metrics.counter({
      name: 'gateway_unsupported_events_total',
      help: 'Well-formed dispatches the bot does not serve (components, autocomplete, context menus)',
      labelNames: ['type'],
    }),
    jobsEnqueued: metrics.counter({
      name: 'gateway_jobs_enqueued_total',
      help: 'Jobs now in Redis',
      labelNames: ['queue'],
    }),
    enqueueSeconds: metrics.histogram({
      name: 'gateway_enqueue_seconds',
      help: 'From receiving a dispatch to its job being in Redis',
      labelNames: ['queue'],
      buckets: FAST_SECONDS_BUCKETS,
    }),
    enqueueErrors: metrics.counter({
      name: 'gateway_enqueue_errors_total',
      help: 'Failed sends to Redis (the jobs stay buffered and are retried)',
      labelNames: ['queue'],
    }),
    unreplicatedBatches: metrics.counter({
      name: 'gateway_unreplicated_batches_total',
      help: 'Batches stored on a Redis Cluster primary that no replica confirmed in time (a failover now could lose them)',
      labelNames: ['queue'],
    }),
    bufferDepth: metrics.gauge({
      name: 'gateway_buffer_depth',
      help: 'Jobs waiting to reach Redis',
      labelNames: ['queue'],
    }),
    bufferRefused: metrics.counter({
      name: 'gateway_buffer_refused_total',
      help: 'Events refused because the enqueue buffer was full',
      labelNames: ['queue'],
    }),
    duplicateEvents: metrics.counter({
      name: 'gateway_duplicate_events_total',
      help: 'Events whose job id any gateway of the fleet had already submitted (within the delivery window)',
      labelNames: ['queue'],
    }),
    errorReplies: metrics.counter({
      name: 'gateway_error_replies_total',
      help: 'Malformed dispatches answered with a private error, by result (replied, not_needed, failed)',
      labelNames: ['result'],
    }),
    shardStatus: metrics.gauge({
      name: 'gateway_shard_up',
      help: '1 when the shard is connected and ready, 0 otherwise',
      labelNames: ['shard'],
    }),
    shardLatency: metrics.gauge({
      name: 'gateway_shard_latency_seconds',
      help: 'Heartbeat round trip of the shard',
      labelNames: ['shard'],
    }),
    reconnects: metrics.counter({
      name: 'gateway_shard_reconnects_total',
      help: 'Shard reconnect attempts',
      labelNames: ['shard'],
    }),
    resumes: metrics.counter({
      name: 'gateway_shard_resumes_total',
      help: 'Shard sessions resumed',
      labelNames: ['shard'],
    }),
    identifyWaitSeconds: metrics.histogram({
      name: 'gateway_identify_wait_seconds',
      help: 'Time a shard waited for its fleet-wide identify slot',
      buckets: [0.01, 0.1, 0.5, 1, 2, 5, 10, 20, 60],
    }),
  };
}

export type GatewayMetrics = ReturnType<typeof createGatewayMetrics>;
