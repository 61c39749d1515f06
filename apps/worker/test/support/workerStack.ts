import type { EventEmitter } from 'node:events';
import { QUEUE_NAMES, queuePartitionPrefixes } from '@droas/contracts';
import { Database } from '@droas/db';
import { connectRedis } from '@droas/runtime';
import {
  startSimulator,
  type InteractionTimeline,
  type Simulator,
  type SimulatorOptions,
} from '@droas/discord-sim';
import {
  CLUSTER_QUEUE_PARTITIONS,
  createTestDatabase,
  createTestRedisClusterNamespace,
  createTestRedisNamespace,
  eventually,
  startGateway,
  startWorker,
  type RunningGateway,
  type RunningWorker,
  type TestDatabase,
  testEnv,
  type TestRedisNamespace,
} from '@droas/testkit';
import { Queue } from 'bullmq';
import { Redis, type Cluster } from 'ioredis';

export interface WorkerStack {
  sim: Simulator;
  gateway: RunningGateway;
  workers: RunningWorker[];
  ns: Pick<TestRedisNamespace, 'url' | 'prefix' | 'cleanup'>;
  databaseUrl: string;
  /** A small pool on the stack's database, for tests to read what the workers wrote. */
  db: Database;
  /** The interactions queue of partition 0 (the only one on a single Redis). */
  interactionsQueue: Queue;
  memberEventsQueue: Queue;
  /** Every partition's interactions queue. */
  interactionsQueues: Queue[];
  redis: Redis | Cluster;
  /** Starts one more worker replica against the same stack. */
  addWorker(env?: Record<string, string>): Promise<RunningWorker>;
  /** Dispatches a command from a member of a seeded guild (round-robin over guilds and members). */
  dispatch(command: string, options?: Record<string, unknown>): string;
  timeline(id: string): InteractionTimeline | undefined;
  /** Waits until every interaction has final content (answered, or deferred and edited). */
  waitAnswered(ids: readonly string[], timeoutMs?: number): Promise<InteractionTimeline[]>;
  close(): Promise<void>;
}

/** Counts the unanswered among `ids` by their acknowledgement claim in Redis and the simulator's violations. */
async function explainUnanswered(
  sim: Simulator,
  redis: Redis | Cluster,
  prefix: string,
  ids: readonly string[],
): Promise<string> {
  const why = new Map<string, number>();
  let unanswered = 0;
  for (const id of ids) {
    const t = sim.state.ledger.get(id)?.timeline;
    if (t?.content !== null && t?.content !== undefined) continue;
    unanswered++;
    const claim =
      t?.guildId === null || t === undefined
        ? null
        : await redis.hget(`${prefix}:ix:{${t.guildId}}:${id}`, 'a').catch(() => null);
    const ack = t?.acknowledgement
      ? `ack type ${t.acknowledgement.type} at ${t.acknowledgement.latencyMs} ms`
      : 'no ack';
    const what = `${ack} / claim ${claim ?? 'none'} / ${t?.violations.map((v) => v.rule).join(',') || 'no violation'}`;
    why.set(what, (why.get(what) ?? 0) + 1);
  }
  const stats = sim.state.stats.toJSON();
  return (
    `${unanswered} of ${ids.length} unanswered: ${JSON.stringify([...why])}; simulator: late acks ` +
    `${stats.lateAcknowledgements}, double ${stats.doubleAcknowledgements}, expired tokens ${stats.expiredTokenUses}`
  );
}

/**
 * The whole path for real: simulator, gateway manager + cluster, N worker processes, Redis, Postgres. In the
 * `:cluster` jest projects (testEnv.redisMode), Redis is the shared test Redis Cluster and the apps run with
 * partitioned queues; a test that passes its own `redisUrl` always gets a single Redis.
 */
export async function startWorkerStack(options: {
  workers: number;
  sim?: SimulatorOptions;
  databaseUrl?: string;
  redisUrl?: string;
  /** `redisUrl` names a Redis Cluster (e.g. a private one): the apps run on it with partitioned queues. */
  redisCluster?: boolean;
  /** REDIS_PREFIX of every process. @defaultValue the test namespace's */
  prefix?: string;
  workerEnv?: Record<string, string>;
  gatewayEnv?: Record<string, string>;
}): Promise<WorkerStack> {
  const cluster =
    options.redisCluster ?? (options.redisUrl === undefined && testEnv.redisMode() === 'cluster');
  const clusterNs = cluster && options.redisUrl === undefined ? createTestRedisClusterNamespace() : undefined;
  const ns = clusterNs ?? createTestRedisNamespace();
  const prefix = options.prefix ?? ns.prefix;
  const redisUrl = options.redisUrl ?? ns.url;
  const modeEnv: Record<string, string> = cluster
    ? { REDIS_CLUSTER: '1', QUEUE_PARTITIONS: String(CLUSTER_QUEUE_PARTITIONS) }
    : {};
  let testDb: TestDatabase | undefined;
  const databaseUrl = options.databaseUrl ?? (testDb = await createTestDatabase()).url;
  const sim = await startSimulator({
    maxConcurrency: 16,
    population: { count: 8, membersPerGuild: 50 },
    ...options.sim,
  });
  const gateway = await startGateway({
    discord: sim,
    redisUrl,
    prefix,
    totalShards: 2,
    shardsPerCluster: 2,
    env: { ...modeEnv, ...options.gatewayEnv },
  });
  const workers: RunningWorker[] = [];
  const addWorker = async (env?: Record<string, string>) => {
    const w = await startWorker({
      discord: sim,
      redisUrl,
      prefix,
      databaseUrl,
      env: { ...modeEnv, ...options.workerEnv, ...env },
    });
    workers.push(w);
    return w;
  };
  for (let i = 0; i < options.workers; i++) await addWorker();
  if (cluster && workers[0]) {
    // Proof the stack runs as the cluster project means: every partition's queues are the workers' own.
    const text = await (await fetch(`${workers[0].opsUrl}/metrics`)).text();
    const last = `partition="${CLUSTER_QUEUE_PARTITIONS - 1}"`;
    if (!text.includes(`droas_queue_jobs{queue="interactions",${last}`)) {
      throw new Error(`cluster mode: the worker exports no gauge of interactions ${last}`);
    }
  }

  const redis: Redis | Cluster = cluster
    ? connectRedis({ url: redisUrl, cluster: true }, { maxRetriesPerRequest: null })
    : new Redis(redisUrl, { maxRetriesPerRequest: null });
  const prefixes = queuePartitionPrefixes(prefix, {
    partitions: cluster ? CLUSTER_QUEUE_PARTITIONS : 1,
    cluster,
  });
  const interactionsQueues = prefixes.map(
    (p) => new Queue(QUEUE_NAMES.interactions, { connection: redis, prefix: p }),
  );
  const interactionsQueue = interactionsQueues[0]!;
  const memberEventsQueue = new Queue(QUEUE_NAMES.memberEvents, { connection: redis, prefix: prefixes[0]! });
  // Tests that take Redis away would otherwise print every reconnect attempt.
  (redis as EventEmitter).on('error', () => {});
  for (const queue of [...interactionsQueues, memberEventsQueue]) queue.on('error', () => {});
  const guilds = sim.state.population.guilds();
  const db = new Database({ url: databaseUrl, maxConnections: 2 });
  let next = 0;

  const stack: WorkerStack = {
    sim,
    gateway,
    workers,
    ns,
    databaseUrl,
    db,
    interactionsQueue,
    memberEventsQueue,
    interactionsQueues,
    redis,
    addWorker,
    dispatch(command, commandOptions) {
      const guild = guilds[next % guilds.length]!;
      const userId = sim.state.population.memberIds(
        guild,
        Math.floor(next / guilds.length) % guild.memberCount,
        1,
      )[0]!;
      next++;
      return sim.state.dispatchInteraction({
        guildId: guild.id,
        userId,
        command,
        ...(commandOptions && { options: commandOptions as never }),
      }).id;
    },
    timeline: (id) => sim.state.ledger.get(id)?.timeline,
    waitAnswered: (ids, timeoutMs = 30_000) =>
      eventually(
        () => {
          const all = ids.map((id) => sim.state.ledger.get(id)?.timeline);
          return all.every((t) => t?.content !== null && t?.content !== undefined)
            ? (all as InteractionTimeline[])
            : undefined;
        },
        timeoutMs,
        'every interaction answered',
      ).catch(async (error: unknown) => {
        // What became of the unanswered ones: the clue when this fails on a loaded machine.
        const why = await explainUnanswered(sim, redis, prefix, ids);
        throw new Error(`${error instanceof Error ? error.message : String(error)}; ${why}`);
      }),
    async close() {
      await Promise.all(workers.map((w) => w.stop()));
      await gateway.stop();
      await Promise.all([...interactionsQueues, memberEventsQueue].map((q) => q.close()));
      redis.disconnect();
      await sim.close();
      await ns.cleanup();
      await db.close();
      await testDb?.drop();
    },
  };
  return stack;
}
