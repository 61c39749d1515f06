// A worker replica: BullMQ workers for the interactions, member-events and greeting-flushes queues, wired to Postgres, Redis
// and Discord through breakers and rate limits. A composition root only.
import { randomBytes } from 'node:crypto';
import {
  AckHeartbeat,
  ackTimingsFromConfig,
  createAckMetrics,
  InteractionAdmission,
  InteractionAnswerer,
  interactionKeys,
  publishCommandVisibility,
  RedisAckStore,
  restAckDiscord,
} from '@droas/ack-protocol';
import {
  QUEUE_NAMES,
  queuePartitionPrefix,
  retentionFor,
  workerQueuePrefix,
  type QueueLayout,
} from '@droas/contracts';
import { Database } from '@droas/db';
import { DiscordRestClient } from '@droas/discord-rest';
import { createCircuitBreaker } from '@droas/resilience';
import {
  connectRedis,
  createLogger,
  loadConfig,
  Metrics,
  redisInfoSource,
  RedisMemoryWatch,
  RedisNamespace,
  RedisQueueDepth,
  redisTarget,
  Shutdown,
  startOpsServer,
  startTracing,
  tracingOptionsFromConfig,
  watchRedisMemory,
} from '@droas/runtime';
import { Queue, Worker, type Job } from 'bullmq';
import { isDatabaseOutage } from './classifyJobError.js';
import { workerConfigChecks, workerConfigShape } from './config.js';
import { createFeatures } from './features.js';
import { GreetingFlushes, GreetingFlushProcessor } from './greetingFlushes.js';
import { IntakeControl } from './intakeControl.js';
import { InteractionProcessor } from './interactionProcessor.js';
import { MemberNotices } from './memberNotices.js';
import { MemberEventProcessor } from './memberEventProcessor.js';
import { registerQueueGauges } from './queueGauges.js';
import { createWorkerMetrics } from './workerMetrics.js';
import { workerReadiness } from './workerReadiness.js';

async function main(): Promise<void> {
  const config = loadConfig(workerConfigShape, process.env, workerConfigChecks);
  // Every key and queue of this process lives under REDIS_PREFIX, each component in its own child.
  const ns = new RedisNamespace(config.REDIS_PREFIX);
  const logger = createLogger({ name: 'worker', level: config.LOG_LEVEL, secrets: [config.DISCORD_TOKEN] });
  const shutdown = new Shutdown({ logger, deadlineMs: config.SHUTDOWN_DEADLINE_MS }).listen();
  // Registered first, so it stops last: the spans of the jobs drained at shutdown are exported too.
  const tracing = startTracing(tracingOptionsFromConfig(config, 'droas-worker'), logger);
  shutdown.register('tracing', () => tracing.stop());
  const tracer = tracing.tracer && { tracer: tracing.tracer };
  const metrics = new Metrics({ defaultLabels: { service: 'worker' } });
  const m = createWorkerMetrics(metrics);

  // Commands (caches, rate limits, REST budgets) fail fast when Redis is slow; BullMQ's own connections
  // must wait forever instead (maxRetriesPerRequest: null), or a blip would fail the worker's loop.
  const target = redisTarget(config);
  const redis = connectRedis(target, {
    maxRetriesPerRequest: 1,
    commandTimeout: 2_000,
    enableOfflineQueue: false,
  });
  const bullRedis = connectRedis(target, { maxRetriesPerRequest: null });
  for (const r of [redis, bullRedis])
    r.on('error', (error: Error) => logger.debug({ err: error }, 'redis connection error'));
  shutdown.register('redis', () => {
    redis.disconnect();
    bullRedis.disconnect();
  });
  // An evicting Redis loses jobs without a trace: refuse to start on one, and stop being ready if it becomes one.
  const redisMemory = new RedisMemoryWatch({
    redis: redisInfoSource(redis),
    metrics,
    logger,
    intervalMs: config.REDIS_MEMORY_CHECK_MS,
  });
  await watchRedisMemory(redisMemory);
  shutdown.register('redis memory watch', () => redisMemory.stop());

  const db = new Database({
    url: config.DATABASE_URL,
    maxConnections: config.DB_POOL_MAX,
    metrics,
    logger,
    applicationName: 'droas-worker',
  });
  shutdown.register('database', () => db.close());

  const breakerOptions = { resetTimeoutMs: config.BREAKER_RESET_MS, volumeThreshold: 5 };
  const rest = new DiscordRestClient({
    token: config.DISCORD_TOKEN,
    apiUrl: config.DISCORD_API_URL,
    redis,
    namespace: ns.child('discord'),
    globalPerSecond: config.DISCORD_GLOBAL_PER_SECOND,
    globalBurst: config.DISCORD_GLOBAL_BURST,
    breaker: breakerOptions,
    metrics,
    logger,
  });
  const databaseBreaker = createCircuitBreaker(
    'postgres',
    { ...breakerOptions, timeoutMs: 10_000, ignoreError: (error) => !isDatabaseOutage(error) },
    { metrics, logger },
  );
  shutdown.register('breakers and REST', () => {
    databaseBreaker.shutdown();
    rest.close();
  });

  // Greeting flushes a spent channel budget asks for: delayed jobs any replica may run.
  const layout: QueueLayout = { partitions: config.QUEUE_PARTITIONS, cluster: config.REDIS_CLUSTER };
  const ownPrefix = workerQueuePrefix(ns.prefix, layout);
  const flushQueue = new Queue(QUEUE_NAMES.greetingFlushes, { connection: bullRedis, prefix: ownPrefix });
  shutdown.register('greeting flush queue', () => flushQueue.close());
  const flushes = new GreetingFlushes({ queue: flushQueue, logger, sweepMs: config.WELCOME_SWEEP_MS });
  const { registry, welcome } = createFeatures({
    db,
    redis,
    rest,
    namespace: ns,
    metrics,
    logger,
    scheduleFlush: flushes.schedule,
    welcome: {
      channelPerSecond: config.WELCOME_CHANNEL_PER_SECOND,
      channelBurst: config.WELCOME_CHANNEL_BURST,
      dedupeMs: config.WELCOME_DEDUPE_MS,
      raidMs: config.WELCOME_RAID_MS,
    },
  });
  const keys = interactionKeys(ns);
  // The guard defers each command as privately as this registry answers it.
  await publishCommandVisibility(redis, keys, registry.visibility());
  const admission = new InteractionAdmission(redis, keys, {
    member: { capacity: config.USER_COMMAND_BURST, refillPerSecond: config.USER_COMMANDS_PER_SECOND },
    guild: { capacity: config.GUILD_COMMAND_BURST, refillPerSecond: config.GUILD_COMMANDS_PER_SECOND },
  });
  const notices = new MemberNotices({ db, admission, logger });
  // This replica, as named in the claims it takes; its heartbeat tells the guard it is still alive.
  const holder = `w-${randomBytes(6).toString('hex')}`;
  const ackStore = new RedisAckStore(redis, keys);
  const timings = ackTimingsFromConfig(config);
  const heartbeat = new AckHeartbeat({ store: ackStore, holder, timings, logger });
  await heartbeat.beat();
  shutdown.register('acknowledgement heartbeat', () => heartbeat.stop());
  const interactions = new InteractionProcessor({
    registry,
    admission,
    answerer: new InteractionAnswerer({
      store: ackStore,
      holder,
      discord: restAckDiscord(rest),
      timings,
      metrics: createAckMetrics(metrics),
      logger,
    }),
    notices,
    databaseBreaker,
    metrics: m,
    logger,
    ...tracer,
  });
  const memberEvents = new MemberEventProcessor({
    handle: (event) => welcome.handleMemberEvent(event),
    databaseBreaker,
    metrics: m,
    logger,
    ...tracer,
  });
  const greetingFlushes = new GreetingFlushProcessor({
    flush: (request) => welcome.flush(request),
    databaseBreaker,
    metrics: m,
    logger,
  });

  // Stalled-job detection tuned for seconds, not BullMQ's 30 s default: a killed worker's interactions must
  // come back while their tokens are young. A job runs in milliseconds, so a 5 s lock is ample.
  const workerOptions = {
    connection: bullRedis,
    lockDuration: config.LOCK_DURATION_MS,
    stalledInterval: config.STALLED_INTERVAL_MS,
    maxStalledCount: 3,
  };
  // One BullMQ worker per queue per partition consumed: a partition is its own set of keys (its own hash slot
  // on a cluster), and BullMQ's worker serves one queue under one prefix.
  const partitions = config.WORKER_PARTITIONS ?? Array.from({ length: config.QUEUE_PARTITIONS }, (_, i) => i);
  const consume = (
    queue: (typeof QUEUE_NAMES)[keyof typeof QUEUE_NAMES],
    processor: (job: Job) => Promise<unknown>,
    concurrency: number,
    partition: number,
    prefix: string,
  ) => ({
    partition,
    prefix,
    worker: new Worker(queue, processor, { ...workerOptions, prefix, ...retentionFor(queue), concurrency }),
  });
  const consumed = [
    ...partitions.flatMap((partition) => {
      const prefix = queuePartitionPrefix(ns.prefix, partition, layout);
      return [
        consume(
          QUEUE_NAMES.interactions,
          interactions.process,
          config.INTERACTION_CONCURRENCY,
          partition,
          prefix,
        ),
        consume(
          QUEUE_NAMES.memberEvents,
          memberEvents.process,
          config.MEMBER_EVENT_CONCURRENCY,
          partition,
          prefix,
        ),
      ];
    }),
    consume(
      QUEUE_NAMES.greetingFlushes,
      greetingFlushes.process,
      config.GREETING_FLUSH_CONCURRENCY,
      0,
      ownPrefix,
    ),
  ];
  const workers = consumed.map((c) => c.worker);
  for (const w of workers) {
    w.on('stalled', (jobId) => {
      m.stalled.inc({ queue: w.name });
      logger.warn({ queue: w.name, jobId }, 'job stalled: its worker lost it; it runs again');
    });
    w.on('error', (error) => logger.error({ err: error, queue: w.name }, 'worker error'));
  }
  // Pauses the workers while a dependency's breaker is open: shown by droas_worker_paused, not by /readyz
  // (workerReadiness says why).
  new IntakeControl({
    workers,
    breakers: [databaseBreaker, rest.breaker],
    metrics: m,
    logger,
  });
  // What the autoscaler and the backlog alerts read, from Redis at each scrape.
  const depthByPrefix = new Map<string, RedisQueueDepth>();
  registerQueueGauges({
    metrics,
    queues: consumed.map(({ worker, partition, prefix }) => {
      const source = depthByPrefix.get(prefix) ?? new RedisQueueDepth(redis, prefix);
      depthByPrefix.set(prefix, source);
      return { queue: worker.name, partition, source };
    }),
    logger,
  });

  const ops = await startOpsServer({
    port: config.OPS_PORT,
    host: config.OPS_HOST,
    metrics,
    logger,
    readiness: workerReadiness({
      probePostgres: () => db.probe(),
      pingRedis: () => redis.ping(),
      bullmqConnectionStatus: () => bullRedis.status,
      redisNoEviction: () => redisMemory.ok,
      workersRunning: () => workers.every((w) => w.isRunning()),
    }),
  });
  shutdown.register('ops server', () => ops.close());
  // Registered last, so it runs first: stop taking jobs and let the ones in flight finish.
  shutdown.register('workers', async () => {
    ops.markNotReady('shutting down');
    await Promise.all(workers.map((w) => w.close()));
  });

  const sweep = flushes.startSweep(welcome);
  shutdown.register('greeting sweep', () => sweep.stop());

  // Members owed a notice whose flag Redis lost (a flush, a failover) get it back.
  notices
    .reflagAll()
    .then((members) => {
      if (members > 0) logger.info({ members }, 'members with undelivered answers flagged');
    })
    .catch((error: unknown) => logger.warn({ err: error }, 'could not flag members owed a notice'));

  logger.info(
    {
      ops: ops.url,
      commands: registry.definitions().map((d) => d.name),
      ephemeral: registry
        .visibility()
        .filter((c) => c.ephemeral)
        .map((c) => c.name),
    },
    'worker started',
  );
}

main().catch((error: unknown) => {
  process.stderr.write(
    `worker failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
