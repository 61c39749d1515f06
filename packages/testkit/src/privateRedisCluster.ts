import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRedisCluster, type RedisCluster } from '@droas/services';

export type PrivateRedisCluster = Pick<
  RedisCluster,
  | 'url'
  | 'ports'
  | 'nodes'
  | 'pids'
  | 'killNode'
  | 'restartNode'
  | 'waitHealthy'
  | 'keySlot'
  | 'primaryForSlot'
  | 'nodeForKey'
  | 'clusterNodes'
  | 'stop'
  | 'close'
>;

export interface PrivateRedisClusterOptions {
  /**
   * Keep every write in each node's append-only file.
   * @defaultValue false: a node killed and restarted resyncs from its primary anyway
   */
  appendOnly?: boolean;
  /**
   * How long a node may be unreachable before the others fail it over (`cluster-node-timeout`).
   * @defaultValue 2000
   */
  nodeTimeoutMs?: number;
  /** Any other redis.conf directive for every node. */
  config?: Record<string, string | number>;
}

/**
 * A Redis Cluster of this test's own (3 primaries, 3 replicas on loopback ports), for tests that kill,
 * restart or fail over nodes; the shared one (`createTestRedisClusterNamespace`) is for everything else.
 * Started by @droas/services, as `npm test`'s is. `nodes` is refreshed by `waitHealthy()`.
 */
export async function startPrivateRedisCluster(
  options: PrivateRedisClusterOptions = {},
): Promise<PrivateRedisCluster> {
  const cluster = await startRedisCluster({
    dir: mkdtempSync(join(tmpdir(), 'droas-redis-cluster-')),
    appendOnly: false,
    ...options,
    stopWithParent: true, // a crashed jest worker leaves no server behind
  });
  return cluster;
}
