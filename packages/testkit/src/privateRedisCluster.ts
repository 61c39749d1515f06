import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseClusterNodes as parseNodes, startRedisCluster } from '@droas/services';

/** How a node sees one node of the cluster (one line of CLUSTER NODES). */
export interface ClusterNodeEntry {
  id: string;
  port: number;
  role: 'primary' | 'replica';
  /** A replica's primary. */
  primaryId: string | undefined;
  /** A primary's slot ranges, first and last included. */
  slots: [number, number][];
  /** As Redis words them: myself, master, slave, fail?, fail, handshake… */
  flags: string[];
  /** Flagged `fail` or `fail?`. */
  failing: boolean;
  connected: boolean;
}

/** A node of the cluster, as the cluster sees it. */
export interface ClusterNode {
  port: number;
  id: string;
  role: 'primary' | 'replica';
  slots: [number, number][];
  /** A replica's primary. */
  primaryPort: number | undefined;
}

export interface PrivateRedisCluster {
  /** Every node as a comma-separated list of `redis://127.0.0.1:PORT` seeds. */
  readonly url: string;
  readonly ports: readonly number[];
  /** The running nodes, as of the last `waitHealthy()` (start's included). */
  readonly nodes: readonly ClusterNode[];
  /** The running nodes' pids. */
  pids(): number[];
  /** Signals one node (SIGKILL unless told: a crash) and resolves once it has exited. */
  killNode(port: number, signal?: NodeJS.Signals): Promise<void>;
  /** Starts a killed or stopped node again; it rejoins (a replaced primary as a replica). */
  restartNode(port: number): Promise<void>;
  /**
   * Resolves once every running node reports `cluster_state:ok`, sees the others, agrees on slots and roles,
   * every slot is held by a running primary and every running replica's link is up.
   */
  waitHealthy(options?: { timeoutMs?: number }): Promise<ClusterNode[]>;
  keySlot(key: string): Promise<number>;
  primaryForSlot(slot: number): Promise<ClusterNode>;
  nodeForKey(key: string): Promise<ClusterNode & { slot: number }>;
  /** CLUSTER NODES of a running node, parsed. */
  clusterNodes(): Promise<ClusterNodeEntry[]>;
  /** Stops every node; idempotent. */
  stop(): Promise<void>;
  /** Stops every node and deletes the data. */
  close(): Promise<void>;
}

/** CLUSTER NODES, parsed. */
export function parseClusterNodes(text: string): ClusterNodeEntry[] {
  return parseNodes(text);
}

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
