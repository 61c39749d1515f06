import { Redis, type RedisOptions } from 'ioredis';
import { testEnv } from './env.js';
import { uniqueName } from './uniqueName.js';

export interface TestRedisNamespace {
  readonly url: string;
  /** Prefix for every key (and BullMQ `prefix`) this test uses; ends without a separator. */
  readonly prefix: string;
  /** A client of the test Redis (one try per command unless `options` say otherwise), closed by `cleanup`. */
  connect(options?: RedisOptions): Redis;
  /** Closes the clients `connect` made, then deletes every key under the prefix. */
  cleanup(): Promise<void>;
}

/** A key namespace of its own in the shared test Redis, so tests never see each other's keys. */
export function createTestRedisNamespace(): TestRedisNamespace {
  const prefix = uniqueName('t');
  const url = testEnv.redisUrl();
  const clients: Redis[] = [];
  return {
    url,
    prefix,
    connect(options = {}) {
      const redis = new Redis(url, { maxRetriesPerRequest: 1, ...options });
      clients.push(redis);
      return redis;
    },
    async cleanup() {
      await Promise.all(clients.splice(0).map((c) => c.quit()));
      const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
      try {
        await redis.connect();
        let cursor = '0';
        do {
          const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
          cursor = next;
          if (keys.length > 0) await redis.unlink(...keys);
        } while (cursor !== '0');
      } finally {
        redis.disconnect();
      }
    },
  };
}
