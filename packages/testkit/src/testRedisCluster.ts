import { Cluster, type ClusterOptions, type RedisOptions } from 'ioredis';
import { testEnv } from './env.js';
import { uniqueName } from './uniqueName.js';

export interface TestRedisClusterNamespace {
  /** The shared test cluster's seeds: `redis://host:port` joined by commas (REDIS_CLUSTER_URL). */
  readonly url: string;
  readonly seeds: readonly { host: string; port: number }[];
  /**
   * Prefix for every key this test uses; ends without a separator and holds no hash tag. Keys that one
   * script or transaction touches together need one: BullMQ partition i's prefix is `${prefix}:{q${i}}`.
   */
  readonly prefix: string;
  /**
   * An ioredis Cluster client of the shared test cluster, closed by `cleanup`. Node connections make one
   * try per command unless `redisOptions` say otherwise (BullMQ wants `maxRetriesPerRequest: null`).
   */
  connect(options?: ClusterOptions): Cluster;
  /** Closes the clients `connect` made, then deletes every key under the prefix on every primary. */
  cleanup(): Promise<void>;
}

/** The seeds in a comma-separated list of `redis://host:port` URLs. */
export function clusterSeeds(url: string): { host: string; port: number }[] {
  return url.split(',').map((seed) => {
    const parsed = new URL(seed.trim());
    if (parsed.protocol !== 'redis:' || !parsed.port) {
      throw new TypeError(`a Redis Cluster seed must look like redis://host:port, got "${seed}"`);
    }
    return { host: parsed.hostname, port: Number(parsed.port) };
  });
}

/**
 * A key namespace of its own in the shared test Redis Cluster (the one the global setup starts), so tests
 * never see each other's keys: the cluster counterpart of `createTestRedisNamespace`.
 */
export function createTestRedisClusterNamespace(): TestRedisClusterNamespace {
  const prefix = uniqueName('t');
  const url = testEnv.redisClusterUrl();
  const seeds = clusterSeeds(url);
  const clients: Cluster[] = [];
  const open = (options: ClusterOptions = {}) => {
    const redisOptions: RedisOptions = { maxRetriesPerRequest: 1, ...options.redisOptions };
    return new Cluster(seeds, { ...options, redisOptions });
  };
  return {
    url,
    seeds,
    prefix,
    connect(options) {
      const cluster = open(options);
      clients.push(cluster);
      return cluster;
    },
    async cleanup() {
      await Promise.all(clients.splice(0).map((c) => c.quit()));
      const cluster = open({ lazyConnect: true });
      try {
        await cluster.connect();
        for (const node of cluster.nodes('master')) {
          let cursor = '0';
          do {
            const [next, keys] = await node.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
            cursor = next;
            // One key per command: a node refuses a multi-key command across slots (CROSSSLOT).
            if (keys.length > 0) await Promise.all(keys.map((key) => node.unlink(key)));
          } while (cursor !== '0');
        }
      } finally {
        cluster.disconnect();
      }
    },
  };
}
