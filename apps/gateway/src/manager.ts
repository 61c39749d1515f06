// The gateway manager: plans this host's shards, paces cluster spawning to the identify limits, respawns
// crashed clusters with backoff, and serves its own ops endpoints. A composition root only.
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
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
  watchRedisMemory,
} from '@droas/runtime';
import { ClusterManager, type Cluster } from 'discord-hybrid-sharding';
import type { Cluster as RedisCluster, Redis } from 'ioredis';
import { ClusterRespawner } from './clusterRespawner.js';
import { gatewayConfigChecks, gatewayConfigShape } from './config.js';
import { fetchBotUser, fetchGatewayBot } from './gatewayBot.js';
import { sessionKeySpaces } from './gatewaySessions.js';
import { exposeHostMetrics } from './hostMetrics.js';
import { exited, RollingRestart } from './rollingRestart.js';
import { planShards } from './shardPlan.js';

async function main(): Promise<void> {
  const config = loadConfig(gatewayConfigShape, process.env, gatewayConfigChecks);
  const logger = createLogger({
    name: 'gateway-manager',
    level: config.LOG_LEVEL,
    secrets: [config.DISCORD_TOKEN],
  });
  const shutdown = new Shutdown({ logger, deadlineMs: config.SHUTDOWN_DEADLINE_MS }).listen();
  const metrics = new Metrics({ defaultLabels: { service: 'gateway-manager' } });

  // Checked here, before any cluster starts: on an evicting Redis the host refuses to run at all.
  const redis = connectRedis(redisTarget(config), { maxRetriesPerRequest: 1, enableOfflineQueue: false });
  redis.on('error', () => {});
  shutdown.register('redis', () => redis.disconnect());
  const redisMemory = new RedisMemoryWatch({
    redis: redisInfoSource(redis),
    metrics,
    logger,
    intervalMs: config.REDIS_MEMORY_CHECK_MS,
  });
  await watchRedisMemory(redisMemory);
  shutdown.register('redis memory watch', () => redisMemory.stop());

  const plan = planShards({
    totalShards: config.TOTAL_SHARDS,
    shardsPerCluster: config.SHARDS_PER_CLUSTER,
    ...(config.SHARD_IDS && { shardIds: config.SHARD_IDS }),
    hostIndex: config.HOST_INDEX,
    hostCount: config.HOST_COUNT,
  });
  const gateway = await fetchGatewayBot(config.DISCORD_API_URL, config.DISCORD_TOKEN);
  const { maxConcurrency, remaining } = gateway.sessionStartLimit;
  if (remaining < plan.shardList.length) {
    logger.error(
      { remaining, shards: plan.shardList.length },
      'not enough session starts left today to identify every shard',
    );
  }
  // Discord lets `maxConcurrency` shards identify per 5 s. Spawning faster only makes clusters queue on the
  // fleet-wide identify lease, so start them at the rate they can identify (hybrid-sharding waits
  // `delay × shards in the cluster` between clusters), not at its fixed 7 s per shard. A RESUME is not an
  // identify and has no such limit (docs `events/gateway.mdx`, "Identifying", "Resuming"): when every shard
  // of the host has a stored session (a restart or a redeploy), all clusters start at once; a shard whose
  // resume is refused still identifies through the fleet-wide throttle.
  const resumable = await storedSessions(
    redis,
    sessionKeySpaces(new RedisNamespace(config.REDIS_PREFIX), config.GATEWAY_REPLICA).sessions,
    (await fetchBotUser(config.DISCORD_API_URL, config.DISCORD_TOKEN)).id,
    config.TOTAL_SHARDS,
    plan.shardList,
  );
  const perShardDelayMs =
    resumable === plan.shardList.length ? 1 : Math.max(1, Math.ceil(5_250 / maxConcurrency));

  const manager = new ClusterManager(join(__dirname, 'cluster.js'), {
    token: config.DISCORD_TOKEN,
    totalShards: config.TOTAL_SHARDS,
    shardsPerClusters: config.SHARDS_PER_CLUSTER,
    shardList: plan.shardList,
    clusterList: plan.clusterList,
    mode: 'process',
    // Node's flags reach the clusters too (a heap limit, `--cpu-prof`), as they would a forked process.
    execArgv: process.execArgv,
    respawn: false,
    spawnOptions: { delay: perShardDelayMs, timeout: -1 },
  });
  const ready = new Set<number>();
  const clustersUp = metrics.gauge({
    name: 'gateway_clusters_ready',
    help: 'Clusters whose every shard is ready',
  });
  metrics
    .gauge({ name: 'gateway_clusters_planned', help: 'Clusters this host runs' })
    .set(plan.clusters.length);
  manager.on('clusterReady', (cluster: Cluster) => {
    ready.add(cluster.id);
    clustersUp.set(ready.size);
    logger.info({ cluster: cluster.id, shards: cluster.shardList }, 'cluster ready');
  });
  manager.on('clusterCreate', (cluster: Cluster) => {
    cluster.on('death', () => {
      // A rolling restart's successor that died before it was switched in: its predecessor still serves.
      if (manager.clusters.get(cluster.id) !== cluster) return;
      ready.delete(cluster.id);
      clustersUp.set(ready.size);
    });
  });
  const respawner = new ClusterRespawner({
    manager,
    logger,
    backoffMs: config.CLUSTER_RESPAWN_BACKOFF_MS,
    respawns: metrics.counter({
      name: 'gateway_cluster_respawns_total',
      help: 'Cluster crashes followed by a respawn',
      labelNames: ['cluster'],
    }),
  });

  // SIGHUP: hand every cluster over to a new process, one at a time (a new build or config, a leak).
  const rolling = new RollingRestart({
    manager,
    logger,
    handoverSeconds: metrics.histogram({
      name: 'gateway_handover_seconds',
      help: 'Rolling restart: from stopping a cluster to its successor being ready',
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    }),
  });
  const onHangup = (): void => {
    if (shutdown.isShuttingDown) return;
    if (rolling.running) logger.warn('rolling restart already running');
    void rolling.run();
  };
  process.on('SIGHUP', onHangup);

  const ops = await startOpsServer({
    port: config.OPS_PORT,
    host: config.OPS_HOST,
    metrics,
    // One scrape target per host: the manager's metrics and every cluster's.
    exposeMetrics: () => exposeHostMetrics(metrics, manager.clusters.values()),
    logger,
    readiness: {
      clusters: () => ready.size === plan.clusters.length,
      redisNoEviction: () => redisMemory.ok,
    },
  });
  shutdown.register('ops server', () => ops.close());
  shutdown.register('clusters', async () => {
    ops.markNotReady('shutting down');
    process.off('SIGHUP', onHangup);
    respawner.stop();
    await rolling.stop();
    // Each cluster gets SIGTERM and shuts down on its own (stops intake, flushes its buffer); wait for all.
    // hybrid-sharding's kill() strips the child's listeners first, so watch its exit state instead.
    const exits = [...manager.clusters.values()].map((cluster) => {
      const child = cluster.thread?.process as ChildProcess | undefined;
      cluster.kill({ force: false, reason: 'manager shutting down' });
      return child ? exited(child) : Promise.resolve();
    });
    await Promise.all(exits);
  });

  logger.info(
    {
      shards: plan.shardList,
      clusters: plan.clusters,
      maxConcurrency,
      resumable,
      perShardDelayMs,
      ops: ops.url,
    },
    'spawning clusters',
  );
  // spawn() replaces spawnOptions with its argument: pass the paced delay again, or it falls back to 7 s.
  await manager.spawn({ delay: perShardDelayMs, timeout: -1 });
}

/** How many of `shardIds` have a session stored in Redis (0 when Redis cannot say). */
async function storedSessions(
  redis: Redis | RedisCluster,
  namespace: RedisNamespace,
  applicationId: string,
  shardCount: number,
  shardIds: readonly number[],
): Promise<number> {
  if (shardIds.length === 0) return 0;
  try {
    const values = await redis.mget(...shardIds.map((id) => namespace.key(applicationId, shardCount, id)));
    return values.filter((v) => v !== null).length;
  } catch {
    return 0;
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `gateway manager failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
