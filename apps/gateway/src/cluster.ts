// One gateway cluster process, forked by the manager: a discord.js Client for its shards that forwards raw
// INTERACTION_CREATE, GUILD_MEMBER_ADD, GUILD_MEMBER_REMOVE and screening GUILD_MEMBER_UPDATE dispatches as
// jobs, and keeps each guild's name and member count for them. A composition root only.
import {
  AckGuard,
  ackTimingsFromConfig,
  DeferralVisibility,
  createAckMetrics,
  interactionKeys,
  RedisAckStore,
  restAckDiscord,
} from '@droas/ack-protocol';
import {
  jobOptionsFor,
  partitionForShard,
  QUEUE_NAMES,
  queuePartitionPrefix,
  type QueueLayout,
} from '@droas/contracts';
import { DiscordRestClient } from '@droas/discord-rest';
import {
  connectRedis,
  createLogger,
  loadConfig,
  Metrics,
  redisInfoSource,
  RedisMemoryWatch,
  RedisNamespace,
  redisTarget,
  Shutdown,
  startOpsServer,
} from '@droas/runtime';
import { Queue } from 'bullmq';
import { ClusterClient, getInfo } from 'discord-hybrid-sharding';
import {
  Client,
  ClientUser,
  GatewayDispatchEvents,
  GatewayIntentBits,
  LimitedCollection,
  Status,
} from 'discord.js';
import { Cluster, type Redis } from 'ioredis';
import { gatewayConfigChecks, gatewayConfigShape } from './config.js';
import { DispatchForwarder } from './dispatchForwarder.js';
import { QueueLag } from './queueLag.js';
import { GuildDirectory } from './guildDirectory.js';
import { isMetricsRequest, type MetricsReply } from './hostMetrics.js';
import { createGatewayMetrics } from './gatewayMetrics.js';
import { OrderedProducer } from './orderedProducer.js';
import { RedisDeliveryWindow } from './redisDeliveryWindow.js';
import { RedisIdentifyThrottler } from './redisIdentifyThrottler.js';
import { replicaConfirmation } from './replicaConfirmation.js';
import { fetchBotUser, fetchGatewayBot } from './gatewayBot.js';
import { GatewaySessions, sessionKeySpaces } from './gatewaySessions.js';

async function main(): Promise<void> {
  const config = loadConfig(gatewayConfigShape, process.env, gatewayConfigChecks);
  const info = getInfo();
  const clusterId = info.CLUSTER;
  const logger = createLogger({
    name: 'gateway-cluster',
    level: config.LOG_LEVEL,
    secrets: [config.DISCORD_TOKEN],
    base: { cluster: clusterId, shards: info.SHARD_LIST },
  });
  const shutdown = new Shutdown({ logger, deadlineMs: config.SHUTDOWN_DEADLINE_MS }).listen();
  const metrics = new Metrics({ defaultLabels: { service: 'gateway', cluster: String(clusterId) } });
  const m = createGatewayMetrics(metrics);

  // Producers fail fast while Redis is away (no offline queue, one try per command): the ordered producer
  // holds jobs itself, bounded and measured, rather than ioredis holding them invisibly.
  const redis = connectRedis(redisTarget(config), {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 2_000,
    retryStrategy: (times) => Math.min(times * 100, 1_000),
  });
  redis.on('error', () => {}); // reconnects are logged by the producers; ioredis would print every attempt
  shutdown.register('redis', () => void redis.disconnect());

  // The manager refused to start on an evicting Redis; a policy changed since makes this cluster not ready.
  const redisMemory = new RedisMemoryWatch({
    redis: redisInfoSource(redis),
    metrics,
    logger,
    intervalMs: config.REDIS_MEMORY_CHECK_MS,
  });
  redisMemory.start();
  shutdown.register('redis memory watch', () => redisMemory.stop());

  // Identify slots and stored sessions come from Redis: give it a moment to connect before the shards ask (a
  // shard that asks while it is down waits a whole identify window, or identifies instead of resuming).
  await waitForReady(redis, 5_000);
  const gateway = await fetchGatewayBot(config.DISCORD_API_URL, config.DISCORD_TOKEN);
  const botUser = await fetchBotUser(config.DISCORD_API_URL, config.DISCORD_TOKEN);

  const ns = new RedisNamespace(config.REDIS_PREFIX);
  const keys = interactionKeys(ns);
  // Each shard's events go to its partition's queues (shard mod QUEUE_PARTITIONS), so a guild's events keep
  // their order; this cluster builds the lanes of the partitions its shards map to, and nothing else.
  const layout: QueueLayout = { partitions: config.QUEUE_PARTITIONS, cluster: config.REDIS_CLUSTER };
  const lanes = new Map<number, PartitionLane>();
  for (const partition of new Set(info.SHARD_LIST.map((shardId) => partitionForShard(shardId, layout)))) {
    lanes.set(partition, openLane(partition));
  }
  function openLane(partition: number): PartitionLane {
    const prefix = queuePartitionPrefix(ns.prefix, partition, layout);
    const queueOptions = { connection: redis, prefix };
    const interactionsQueue = new Queue(QUEUE_NAMES.interactions, queueOptions);
    const memberEventsQueue = new Queue(QUEUE_NAMES.memberEvents, queueOptions);
    const producerOptions = { logger, metrics: m, maxBufferedJobs: config.BUFFER_MAX_JOBS };
    // On the queues' connection and in the partition's hash slot, so each batch's record shares its round trip.
    const delivered = new RedisNamespace(prefix).child('delivered');
    const deliveries = (queue: string) => new RedisDeliveryWindow({ redis, namespace: delivered, queue });
    // On a cluster, a batch counts as stored (and its sequence may be checkpointed) once a replica has it.
    const replicated =
      redis instanceof Cluster && config.REDIS_REPLICA_WAIT_MS > 0
        ? replicaConfirmation(redis, `${prefix}:${QUEUE_NAMES.interactions}:id`, config.REDIS_REPLICA_WAIT_MS)
        : undefined;
    return {
      queues: [interactionsQueue, memberEventsQueue],
      interactions: new OrderedProducer({
        queue: interactionsQueue,
        jobOptions: jobOptionsFor(QUEUE_NAMES.interactions),
        deliveries: deliveries(QUEUE_NAMES.interactions),
        ...(replicated && { replicated }),
        ...producerOptions,
      }),
      memberEvents: new OrderedProducer({
        queue: memberEventsQueue,
        jobOptions: jobOptionsFor(QUEUE_NAMES.memberEvents),
        deliveries: deliveries(QUEUE_NAMES.memberEvents),
        ...(replicated && { replicated }),
        ...producerOptions,
      }),
      // While a partition's interactions queue is behind, the guard defers its new interactions at once.
      lag:
        config.ACK_DEFER_AT_ONCE_AFTER_MS > 0
          ? new QueueLag({
              redis,
              prefix,
              queue: QUEUE_NAMES.interactions,
              behindAfterMs: config.ACK_DEFER_AT_ONCE_AFTER_MS,
              logger,
              onChange: () => m.queueBehind.set([...lanes.values()].some((l) => l.lag?.behind) ? 1 : 0),
            })
          : undefined,
    };
  }
  const laneOf = (shardId: number): PartitionLane => {
    const lane = lanes.get(partitionForShard(shardId, layout));
    if (lane === undefined) throw new RangeError(`shard ${shardId} is not one of this cluster's shards`);
    return lane;
  };
  const producers = [...lanes.values()].flatMap((lane) => [lane.interactions, lane.memberEvents]);
  shutdown.register('queues', async () => {
    await Promise.all([...lanes.values()].flatMap((lane) => lane.queues.map((queue) => queue.close())));
  });
  const keySpaces = sessionKeySpaces(ns, config.GATEWAY_REPLICA);
  // The sequence saved for a shard is the last one whose jobs (and every earlier dispatch's) Redis holds.
  const sessions = new GatewaySessions({
    redis,
    namespace: keySpaces.sessions,
    applicationId: botUser.id,
    shardCount: info.TOTAL_SHARDS,
    producers,
    logger,
    ttlMs: config.GATEWAY_SESSION_TTL_MS,
    saveIntervalMs: config.GATEWAY_SESSION_SAVE_MS,
    leases: {
      namespace: keySpaces.leases,
      ttlMs: config.GATEWAY_SHARD_LEASE_MS,
      onWaiting: (holders) => {
        logger.info({ holders }, 'waiting for the processes holding these shards to hand them over');
        // The manager, in a rolling restart, stops the predecessor once its successor has come this far.
        process.send?.({ droas: 'awaiting-handover' });
      },
      onLost: (shardIds) => {
        logger.error({ shardIds }, 'another process took over shards of this cluster; stopping');
        void shutdown.run('shards taken over');
      },
    },
  });
  for (const producer of producers) producer.onStored(() => sessions.jobsStored());
  const client = new Client({
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMembers],
    shards: info.SHARD_LIST,
    shardCount: info.TOTAL_SHARDS,
    // The gateway keeps nothing: it forwards raw dispatches and never reads a discord.js structure, so every
    // cache is empty. Structures are still built per packet by discord.js, then dropped.
    makeCache: () => new LimitedCollection({ maxSize: 0 }),
    rest: { api: config.DISCORD_API_URL },
    ws: {
      buildStrategy: sessions.buildStrategy,
      buildIdentifyThrottler: () =>
        new RedisIdentifyThrottler({
          redis,
          maxConcurrency: gateway.sessionStartLimit.maxConcurrency,
          namespace: ns.child('identify'),
          token: config.DISCORD_TOKEN,
          logger,
          metrics: m,
        }),
    },
  });
  client.cluster = new ClusterClient(client);
  // The manager serves the host's metrics on its port: it asks each cluster for its own over IPC.
  client.cluster.on('message', (message: unknown) => {
    if (!isMetricsRequest(message)) return;
    void metrics
      .snapshot()
      .then((snapshot) =>
        (message as { reply(reply: MetricsReply): Promise<void> }).reply({ metrics: snapshot }),
      )
      .catch((error: unknown) => logger.warn({ err: error }, 'could not send metrics to the manager'));
  });

  // Deferrals and error replies go through the workers' REST client, not discord.js's: it never waits out a
  // 429 (discord.js would, past the 3 s deadline), and each acknowledgement gets the time it has left.
  const rest = new DiscordRestClient({
    token: config.DISCORD_TOKEN,
    apiUrl: config.DISCORD_API_URL,
    redis,
    namespace: ns.child('discord'),
    metrics,
    logger,
  });
  shutdown.register('rest', () => rest.close());
  // Which commands answer privately: the workers publish it from their registry (or EPHEMERAL_COMMANDS fixes it).
  const visibility = new DeferralVisibility({
    redis,
    keys,
    logger,
    refreshMs: config.COMMAND_VISIBILITY_REFRESH_MS,
    ...(config.EPHEMERAL_COMMANDS && { override: config.EPHEMERAL_COMMANDS }),
  });
  visibility.start();
  shutdown.register('command visibility', () => visibility.stop());
  const ackGuard = new AckGuard({
    store: new RedisAckStore(redis, keys),
    discord: restAckDiscord(rest),
    timings: ackTimingsFromConfig(config),
    isEphemeral: (name) => visibility.isEphemeral(name),
    logger,
    metrics: createAckMetrics(metrics),
  });
  // Runs after the sessions are handed on: the looks already scheduled end within 3 s of their interactions.
  shutdown.register('ack guard', async () => {
    await ackGuard.drain();
    ackGuard.close();
  });
  // Runs after the buffers are flushed, so the saved sequences cover every job this process took; then the
  // shards are free for the next process, which resumes from there.
  shutdown.register('save gateway sessions', async () => {
    sessions.stop();
    await sessions.save();
    await sessions.release();
  });
  shutdown.register('flush buffers', async () => {
    for (const producer of producers) producer.close();
    await Promise.all(producers.map((producer) => producer.drain(config.SHUTDOWN_DEADLINE_MS / 2)));
  });

  for (const lane of lanes.values()) lane.lag?.start();
  shutdown.register('queue lag', () => {
    for (const lane of lanes.values()) lane.lag?.stop();
  });

  const guilds = new GuildDirectory();
  const forwarder = new DispatchForwarder({
    interactions: (shardId) => laneOf(shardId).interactions,
    memberEvents: (shardId) => laneOf(shardId).memberEvents,
    guilds,
    ackGuard,
    queueBehind: (shardId) => laneOf(shardId).lag?.behind === true,
    logger,
    metrics: m,
  });
  // One listener for the whole payload: its sequence is marked handled right after its jobs are submitted.
  client.on('raw', (packet: { t?: unknown; s?: unknown; d?: unknown }, shardId: number) => {
    switch (packet.t) {
      case GatewayDispatchEvents.InteractionCreate:
        forwarder.interactionCreate(packet.d, shardId);
        break;
      case GatewayDispatchEvents.GuildCreate:
        forwarder.guildCreate(packet.d);
        break;
      case GatewayDispatchEvents.GuildDelete:
        guilds.forget(packet.d);
        break;
      case GatewayDispatchEvents.GuildMemberAdd:
        forwarder.guildMemberAdd(packet.d, shardId);
        break;
      case GatewayDispatchEvents.GuildMemberRemove:
        forwarder.guildMemberRemove(packet.d, shardId);
        break;
      case GatewayDispatchEvents.GuildMemberUpdate:
        forwarder.guildMemberUpdate(packet.d, shardId);
        break;
    }
    if (typeof packet.s === 'number') sessions.handled(shardId, packet.s);
  });
  client.on('shardReady', (shardId) => m.shardStatus.set({ shard: shardId }, 1));
  client.on('shardResume', (shardId) => {
    m.shardStatus.set({ shard: shardId }, 1);
    m.resumes.inc({ shard: shardId });
    // discord.js learns its own user from READY, which a process that only resumed never got; handlers such
    // as USER_UPDATE's read it and would throw. Give it the one GET /users/@me answered at start.
    client.user ??= new (ClientUser as unknown as new (client: Client, data: unknown) => ClientUser)(
      client,
      botUser,
    );
    // A process whose shards all resumed stored sessions never sees READY, and discord.js only looks at its
    // shards' readiness after one: ask again, so clientReady (and triggerReady) still come, and the
    // dispatches it holds back until then are released.
    (client.ws as unknown as { checkShardsReady(): void }).checkShardsReady();
  });
  client.on('shardReconnecting', (shardId) => {
    m.shardStatus.set({ shard: shardId }, 0);
    m.reconnects.inc({ shard: shardId });
  });
  client.on('shardDisconnect', (_event, shardId) => m.shardStatus.set({ shard: shardId }, 0));
  client.on('shardError', (error, shardId) => logger.error({ err: error, shardId }, 'shard error'));
  client.once('clientReady', () => {
    logger.info('every shard of this cluster is ready');
    client.cluster.triggerReady();
  });
  const latencyTimer = setInterval(() => {
    for (const shard of client.ws.shards.values()) {
      if (shard.ping >= 0) m.shardLatency.set({ shard: shard.id }, shard.ping / 1000);
    }
  }, 5_000).unref();

  // Everything above is ready before this process takes its shards: in a handover the predecessor is still
  // serving them, and stops once this process waits here. (The ops port is its until then, too.)
  const storedSessions = await sessions.claim(info.SHARD_LIST);
  if (shutdown.isShuttingDown) return;
  const ops = await startOpsServer({
    port: clusterOpsPort(config.OPS_PORT, config.CLUSTER_OPS_BASE_PORT, clusterId),
    host: config.OPS_HOST,
    metrics,
    logger,
    readiness: {
      discord: () => client.ws.status === Status.Ready,
      redis: () => redis.status === 'ready',
      redisNoEviction: () => redisMemory.ok,
    },
  });
  shutdown.register('ops server', () => ops.close());
  // Registered last, so it runs first: stop taking events before flushing what was taken.
  shutdown.register('discord client', async () => {
    ops.markNotReady('shutting down');
    clearInterval(latencyTimer);
    // Close resumably (never 1000), so the next process resumes the sessions saved after the flush.
    await sessions.close();
    await client.destroy();
  });

  logger.info(
    {
      ops: ops.url,
      pid: process.pid,
      maxConcurrency: gateway.sessionStartLimit.maxConcurrency,
      storedSessions,
    },
    'cluster starting',
  );
  await client.login(config.DISCORD_TOKEN);
}

/** One partition's queues, their producers, and the look at how far behind its interactions queue is. */
interface PartitionLane {
  queues: Queue[];
  interactions: OrderedProducer;
  memberEvents: OrderedProducer;
  lag: QueueLag | undefined;
}

function waitForReady(redis: Redis | Cluster, timeoutMs: number): Promise<void> {
  if (redis.status === 'ready') return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, timeoutMs);
    redis.once('ready', done);
    function done(): void {
      clearTimeout(timer);
      redis.off('ready', done);
      resolve();
    }
  });
}

/** Cluster N listens on base + N (base defaults to OPS_PORT + 1); port 0 means a free port for each. */
function clusterOpsPort(managerPort: number, basePort: number | undefined, clusterId: number): number {
  const base = basePort ?? (managerPort === 0 ? 0 : managerPort + 1);
  return base === 0 ? 0 : base + clusterId;
}

declare module 'discord.js' {
  interface Client {
    cluster: ClusterClient<Client>;
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `gateway cluster failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
