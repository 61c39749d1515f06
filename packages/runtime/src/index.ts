export { cacheProbe, type CachedProbeOptions } from './cachedProbe.js';
export { ConfigError, env, loadConfig, parseConfig, type ConfigCheck } from './config.js';
export {
  createLogger,
  redactSecretKeys,
  scrubSecrets,
  traceIdsOfActiveSpan,
  type Logger,
  type LoggerOptions,
} from './logger.js';
export {
  FAST_SECONDS_BUCKETS,
  METRIC_PREFIX,
  Metrics,
  Registry,
  type Counter,
  type Gauge,
  type Histogram,
  type MetricsOptions,
  type MetricsSnapshot,
} from './metrics.js';
export { startOpsServer, type OpsServer, type OpsServerOptions, type ReadinessCheck } from './opsServer.js';
export { Shutdown, type ShutdownOptions } from './shutdown.js';
export {
  REQUIRED_EVICTION_POLICY,
  RedisEvictionPolicyError,
  RedisMemoryWatch,
  parseRedisMemory,
  watchRedisMemory,
  type RedisInfoSource,
  type RedisMemoryState,
  type RedisMemoryWatchOptions,
} from './redisMemoryWatch.js';
export { RedisNamespace } from './redisNamespace.js';
export {
  checkRedisConfig,
  connectRedis,
  parseClusterSeeds,
  redisEnvShape,
  redisInfoSource,
  redisPrimaries,
  redisTarget,
  type RedisConnectOptions,
  type RedisSeed,
  type RedisTarget,
} from './redisConnection.js';
export {
  QUEUE_STATES,
  RedisQueueDepth,
  parseQueueDepthReply,
  type QueueDepth,
  type QueueDepthSource,
  type QueueState,
  type ScriptDefiningRedis,
} from './queueDepth.js';
export {
  contextFromTraceCarrier,
  inChildSpan,
  recordFailure,
  samplerFor,
  startTracing,
  traceCarrierFrom,
  type TraceContextCarrier,
  type Tracing,
} from './tracing.js';
export type { Span } from '@opentelemetry/api';
export {
  TRACE_SAMPLERS,
  tracingEnvShape,
  tracingOptionsFromConfig,
  type TraceSamplerName,
  type TracingOptions,
} from './tracingConfig.js';
