import { Cluster, Redis, type ClusterOptions, type RedisOptions } from 'ioredis';
import { env, type ConfigCheck } from './config.js';

/**
 * Where the apps' Redis is. A single Redis is one `redis://` (or `rediss://`) URL. A Redis Cluster is named by
 * `REDIS_CLUSTER=1` and `REDIS_URL` holding one or more of its nodes, comma-separated: the client asks them
 * for the slot map and finds every other node from there, so a few seeds are enough and none must stay up.
 * The user, password and TLS of the first seed apply to every node.
 */
export interface RedisTarget {
  readonly url: string;
  readonly cluster: boolean;
}

/** A node of a cluster to ask for the slot map. */
export interface RedisSeed {
  readonly host: string;
  readonly port: number;
}

const SEED_PROTOCOLS = ['redis:', 'rediss:'];

/**
 * The Redis variables every app shares. Keys carry DROAS's own Redis Cluster hash tags (`{<guild>}`,
 * `{q<partition>}`), so the prefix may not hold braces: a tag in the prefix would put every key in one slot.
 */
export const redisEnvShape = {
  /** One URL, or with REDIS_CLUSTER=1 one or more cluster nodes, comma-separated. */
  REDIS_URL: env
    .string()
    .refine((value) => value.split(',').every((part) => parseSeedUrl(part.trim()) !== undefined), {
      error: 'expected redis://[user:password@]host:port, or several of them comma-separated for a cluster',
    }),
  /** The Redis at REDIS_URL is a Redis Cluster. */
  REDIS_CLUSTER: env.bool().default(false),
  /** Namespace of every queue and key; gateway and workers must agree. */
  REDIS_PREFIX: env
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, {
      error: 'expected 1-64 letters, digits, _ or - (no braces: DROAS places its own hash tags)',
    })
    .default('droas'),
  /**
   * Partitions of each event queue. The gateway puts a shard's events on partition `shard % QUEUE_PARTITIONS`,
   * so a shard's (and so a guild's) events stay in order on one partition; on a Redis Cluster each partition is
   * its own hash slot, so partitions spread over the primaries. Gateway and workers must agree; change it only
   * with the queues drained.
   */
  QUEUE_PARTITIONS: env.int(1, 256).default(1),
};

/** REDIS_URL names several nodes only with REDIS_CLUSTER=1. */
export const checkRedisConfig: ConfigCheck<{ REDIS_URL: string; REDIS_CLUSTER: boolean }> = (config) =>
  !config.REDIS_CLUSTER && config.REDIS_URL.includes(',')
    ? ['REDIS_URL names several nodes: set REDIS_CLUSTER=1 for a Redis Cluster, or give one URL']
    : [];

/** The target an app's config names. */
export function redisTarget(config: { REDIS_URL: string; REDIS_CLUSTER: boolean }): RedisTarget {
  return { url: config.REDIS_URL, cluster: config.REDIS_CLUSTER };
}

function parseSeedUrl(value: string): URL | undefined {
  try {
    const url = new URL(value);
    if (!SEED_PROTOCOLS.includes(url.protocol) || url.hostname === '') return undefined;
    return url;
  } catch {
    return undefined;
  }
}

/** The seeds of a cluster URL list, and the options every node shares (from the first seed). */
export function parseClusterSeeds(urls: string): { seeds: RedisSeed[]; redisOptions: RedisOptions } {
  const parsed = urls.split(',').map((part) => {
    const url = parseSeedUrl(part.trim());
    if (url === undefined) throw new TypeError(`not a redis:// URL: ${JSON.stringify(part.trim())}`);
    return url;
  });
  const first = parsed[0]!;
  const redisOptions: RedisOptions = {
    ...(first.username !== '' && { username: decodeURIComponent(first.username) }),
    ...(first.password !== '' && { password: decodeURIComponent(first.password) }),
    ...(first.protocol === 'rediss:' && { tls: {} }),
  };
  return {
    seeds: parsed.map((url) => ({ host: url.hostname, port: url.port === '' ? 6379 : Number(url.port) })),
    redisOptions,
  };
}

/** What a connection needs beyond its target: per-command options, and the cluster client's own. */
export interface RedisConnectOptions extends RedisOptions {
  /** Options of the cluster client when the target is a cluster (its `redisOptions` come from the rest). */
  cluster?: Omit<ClusterOptions, 'redisOptions'>;
}

/**
 * A client for `target`: an ioredis `Redis`, or a `Cluster` whose every node connection gets `options`. The
 * reconnect policy (`retryStrategy`) becomes the cluster's `clusterRetryStrategy`; commands that another
 * node now serves follow MOVED/ASK by themselves. BullMQ takes either (a Cluster instance, never options).
 */
export function connectRedis(target: RedisTarget, options: RedisConnectOptions = {}): Redis | Cluster {
  const { cluster: clusterOptions, ...redisOptions } = options;
  if (!target.cluster) return new Redis(target.url, redisOptions);
  const { seeds, redisOptions: fromUrl } = parseClusterSeeds(target.url);
  const { retryStrategy, enableOfflineQueue, ...perNode } = redisOptions;
  return new Cluster(seeds, {
    ...(retryStrategy && { clusterRetryStrategy: (times: number) => retryStrategy(times) ?? null }),
    ...(enableOfflineQueue !== undefined && { enableOfflineQueue }),
    ...clusterOptions,
    redisOptions: { ...fromUrl, ...perNode },
  });
}

/** The primaries of a cluster connection, or the connection itself: for checks that must ask every node. */
export function redisPrimaries(redis: Redis | Cluster): Redis[] {
  return redis instanceof Cluster ? redis.nodes('master') : [redis];
}

/**
 * `INFO memory` of the connection, for {@link RedisMemoryWatch}. On a cluster every primary is asked and the
 * report of the one in the worst state is given: an evicting policy on any primary first, then the fullest.
 */
export function redisInfoSource(redis: Redis | Cluster): { info(section: 'memory'): Promise<string> } {
  if (!(redis instanceof Cluster)) return { info: (section) => redis.info(section) };
  return {
    info: async (section) => {
      const reports = await Promise.all(redisPrimaries(redis).map((node) => node.info(section)));
      if (reports.length === 0) throw new Error('the cluster client knows no primary yet');
      return reports.reduce((worst, report) => (severity(report) > severity(worst) ? report : worst));
    },
  };
}

function severity(report: string): number {
  const field = (name: string) => new RegExp(`^${name}:(.*)$`, 'm').exec(report)?.[1]?.trim();
  if (field('maxmemory_policy') !== 'noeviction') return 2;
  const used = Number(field('used_memory'));
  const max = Number(field('maxmemory'));
  return max > 0 && Number.isFinite(used) ? Math.min(1, used / max) : 0;
}
