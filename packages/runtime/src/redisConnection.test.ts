import { Cluster, Redis } from 'ioredis';
import { type ConfigError, parseConfig } from './config.js';
import { checkRedisConfig, connectRedis, parseClusterSeeds, redisEnvShape } from './redisConnection.js';

const parse = (env: Record<string, string>) => parseConfig(redisEnvShape, env, [checkRedisConfig]);

describe('the Redis variables', () => {
  it('default to a single Redis, one partition, prefix droas', () => {
    expect(parse({ REDIS_URL: 'redis://127.0.0.1:6379' })).toEqual({
      REDIS_URL: 'redis://127.0.0.1:6379',
      REDIS_CLUSTER: false,
      REDIS_PREFIX: 'droas',
      QUEUE_PARTITIONS: 1,
    });
  });

  it('take several seeds for a cluster', () => {
    const config = parse({
      REDIS_URL: 'redis://10.0.0.1:7000, redis://10.0.0.2:7000',
      REDIS_CLUSTER: '1',
      QUEUE_PARTITIONS: '4',
    });
    expect(config.REDIS_CLUSTER).toBe(true);
    expect(config.QUEUE_PARTITIONS).toBe(4);
  });

  it('refuse several seeds without REDIS_CLUSTER, saying what to do', () => {
    expect(() => parse({ REDIS_URL: 'redis://a:1,redis://b:2' })).toThrow(
      'REDIS_URL names several nodes: set REDIS_CLUSTER=1',
    );
  });

  it('name the variable and the expected form on bad input', () => {
    const problems = (() => {
      try {
        parse({ REDIS_URL: 'redis://a:1,http://b:2', REDIS_PREFIX: '{droas}', QUEUE_PARTITIONS: '0' });
      } catch (error) {
        return (error as ConfigError).problems;
      }
      return [];
    })();
    expect(problems).toEqual([
      expect.stringMatching(/^REDIS_URL is .*expected redis:\/\/\[user:password@\]host:port/),
      expect.stringMatching(
        /^REDIS_PREFIX is "\{droas\}": expected 1-64 letters, digits, _ or - \(no braces/,
      ),
      expect.stringMatching(/^QUEUE_PARTITIONS is "0": expected a whole number from 1 to 256/),
    ]);
  });
});

describe('cluster seeds', () => {
  it('are host and port of each URL; credentials and TLS come from the first', () => {
    expect(parseClusterSeeds('rediss://app:s%40cret@node-a:7001,redis://node-b')).toEqual({
      seeds: [
        { host: 'node-a', port: 7001 },
        { host: 'node-b', port: 6379 },
      ],
      redisOptions: { username: 'app', password: 's@cret', tls: {} },
    });
  });

  it('refuse a part that is not a redis URL, quoting it', () => {
    expect(() => parseClusterSeeds('redis://a:1,,')).toThrow('not a redis:// URL: ""');
  });
});

describe('connectRedis', () => {
  it('makes a Cluster client for a cluster target, with per-node options and its reconnect policy', () => {
    const client = connectRedis(
      { url: 'redis://127.0.0.1:1,redis://127.0.0.1:2', cluster: true },
      { lazyConnect: true, maxRetriesPerRequest: null, retryStrategy: () => 50, enableOfflineQueue: false },
    );
    try {
      expect(client).toBeInstanceOf(Cluster);
      const options = (client as Cluster).options;
      expect(options.redisOptions).toMatchObject({ maxRetriesPerRequest: null, lazyConnect: true });
      expect(options.enableOfflineQueue).toBe(false);
      expect(options.clusterRetryStrategy?.(3, new Error('x'))).toBe(50);
    } finally {
      client.disconnect();
    }
  });

  it('makes a plain client for a single Redis', () => {
    const client = connectRedis({ url: 'redis://127.0.0.1:1', cluster: false }, { lazyConnect: true });
    try {
      expect(client).toBeInstanceOf(Redis);
    } finally {
      client.disconnect();
    }
  });
});
