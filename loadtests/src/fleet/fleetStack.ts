import { join } from 'node:path';
import { SimClient } from '@droas/discord-sim';
import type { QueueLayout } from '@droas/contracts';
import { connectRedis } from '@droas/runtime';
import {
  GATEWAY_MANAGER_ENTRY,
  spawnApp,
  startPrivateRedis,
  startPrivateRedisCluster,
  type AppProcess,
} from '@droas/testkit';
import type { Cluster, Redis } from 'ioredis';
import { REPO_ROOT, trackOpenStack } from '../run/stack.js';
import type { FleetOptions } from './fleetOptions.js';

const SIM_ENTRY = join(REPO_ROOT, 'apps', 'discord-sim', 'dist', 'src', 'main.js');
const FLEET_PREFIX = 'fleet';
const BOT_TOKEN = 'sim-token';

/** What the stack needs of a run's options (see {@link FleetOptions}), and where it says what it does. */
export type FleetStackOptions = Pick<
  FleetOptions,
  'guilds' | 'shards' | 'maxConcurrency' | 'hosts' | 'shardsPerCluster' | 'queuePartitions' | 'redisCluster'
> & { log: (line: string) => void };

/** One gateway host: a manager process and the cluster processes it forks. */
export interface GatewayHost {
  index: number;
  process: AppProcess;
  opsUrl: string;
  /** The shards it plans to run (from its `spawning clusters` line). */
  shards: number[];
  /** Its cluster processes so far: id, pid and shards (from their `cluster starting` lines). */
  clusters(): { id: number; pid: number; shards: number[] }[];
}

export interface FleetStack {
  sim: SimClient;
  simPid: number;
  restUrl: string;
  botToken: string;
  redis: Redis | Cluster;
  /** Every Redis server process (one, or each node of the cluster). */
  redisPids: () => number[];
  prefix: string;
  layout: QueueLayout;
  hosts: GatewayHost[];
  /** Starts every host at once; resolves with the time just before the first was spawned. */
  startHosts(): Promise<number>;
  close(): Promise<void>;
}

/**
 * The pieces of a fleet run, each a real process: a private Redis, the simulator seeded with `guilds` and
 * serving `shards` shards at `maxConcurrency`, and (on `startHosts`) `hosts` gateway managers, each given
 * `HOST_INDEX` i of `HOST_COUNT` so it plans its own fixed slice of the shards. The hosts are separate
 * process trees on one kernel, not separate machines. No workers: the jobs stay queued, to be read back.
 */
export async function startFleetStack(o: FleetStackOptions): Promise<FleetStack> {
  const closers: (() => Promise<unknown> | void)[] = [];
  const close = async () => {
    untrack();
    for (const c of closers.splice(0).reverse()) await Promise.resolve(c()).catch(() => undefined);
  };
  const untrack = trackOpenStack(close);
  try {
    o.log(o.redisCluster ? 'starting a Redis Cluster…' : 'starting Redis…');
    const server = o.redisCluster ? await startRedisServers() : await startSingleRedis();
    closers.push(() => server.close());
    const redis = connectRedis({ url: server.url, cluster: o.redisCluster }, { maxRetriesPerRequest: 3 });
    closers.push(() => redis.disconnect());

    o.log(
      `starting the simulator (${o.guilds} guilds, ${o.shards} shards, max_concurrency ${o.maxConcurrency})…`,
    );
    const simProcess = spawnApp(SIM_ENTRY, {
      SIM_PORT: '0',
      SIM_GUILDS: String(o.guilds),
      SIM_SHARDS: String(o.shards),
      SIM_MAX_CONCURRENCY: String(o.maxConcurrency),
      // Seeded members cost the simulator nothing until asked for; the joins are what the run sends.
      SIM_MEMBERS_PER_GUILD: '20',
      SIM_LOG_LEVEL: 'info',
    });
    closers.push(() => simProcess.stop('SIGTERM', 10_000));
    const listening = await simProcess.waitForLine((l) => l.includes('"discord-sim listening"'), 60_000);
    const urls = JSON.parse(listening) as { restUrl: string; controlUrl: string };
    const simPid = simProcess.child.pid;
    if (simPid === undefined) throw new Error('the simulator has no pid');

    const layout: QueueLayout = { partitions: o.queuePartitions, cluster: o.redisCluster };
    const hosts: GatewayHost[] = [];
    closers.push(() => Promise.all(hosts.map((h) => h.process.stop('SIGTERM', 30_000))));
    return {
      sim: new SimClient(urls.controlUrl),
      simPid,
      restUrl: urls.restUrl,
      botToken: BOT_TOKEN,
      redis,
      redisPids: server.pids,
      prefix: FLEET_PREFIX,
      layout,
      hosts,
      async startHosts() {
        o.log(`starting ${o.hosts} gateway hosts (${o.shardsPerCluster} shards per cluster)…`);
        const startedAt = Date.now();
        const spawned = Array.from({ length: o.hosts }, (_, index) =>
          spawnApp(GATEWAY_MANAGER_ENTRY, {
            DISCORD_TOKEN: BOT_TOKEN,
            DISCORD_API_URL: urls.restUrl,
            TOTAL_SHARDS: String(o.shards),
            SHARDS_PER_CLUSTER: String(o.shardsPerCluster),
            HOST_INDEX: String(index),
            HOST_COUNT: String(o.hosts),
            REDIS_URL: server.url,
            REDIS_CLUSTER: o.redisCluster ? '1' : '0',
            REDIS_PREFIX: FLEET_PREFIX,
            OPS_HOST: '127.0.0.1',
            OPS_PORT: '0',
            LOG_LEVEL: 'info',
            SHUTDOWN_DEADLINE_MS: '20000',
            QUEUE_PARTITIONS: String(o.queuePartitions),
          }),
        );
        for (const [index, proc] of spawned.entries()) {
          const line = await proc.waitForLine((l) => l.includes('"spawning clusters"'), 60_000);
          const spawning = JSON.parse(line) as { ops: string; shards: number[] };
          hosts.push({
            index,
            process: proc,
            opsUrl: spawning.ops,
            shards: spawning.shards,
            clusters: () => clustersOf(proc),
          });
        }
        return startedAt;
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/** A manager's cluster processes, the latest of each id, from the lines they log as they start. */
function clustersOf(manager: AppProcess): { id: number; pid: number; shards: number[] }[] {
  const byId = new Map<number, { id: number; pid: number; shards: number[] }>();
  for (const l of manager.logs()) {
    if (l.msg !== 'cluster starting') continue;
    byId.set(l.cluster as number, {
      id: l.cluster as number,
      pid: l.pid as number,
      shards: (l.shards as number[] | undefined) ?? [],
    });
  }
  return [...byId.values()].sort((a, b) => a.id - b.id);
}

interface RedisServers {
  url: string;
  pids: () => number[];
  close: () => Promise<void>;
}

async function startSingleRedis(): Promise<RedisServers> {
  const redis = await startPrivateRedis();
  return {
    url: redis.url,
    pids: () => [redis.pid()].flatMap((p) => (p === undefined ? [] : [p])),
    close: () => redis.close(),
  };
}

async function startRedisServers(): Promise<RedisServers> {
  const cluster = await startPrivateRedisCluster();
  return { url: cluster.url, pids: () => cluster.pids(), close: () => cluster.close() };
}
