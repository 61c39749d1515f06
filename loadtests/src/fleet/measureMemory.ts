import { childrenOf, pss, readProcess } from '../run/processSampler.js';
import type { FleetStack } from './fleetStack.js';

export interface ClusterMemory {
  id: number;
  pid: number;
  shards: number;
  rssBytes: number;
  /** Proportional share: pages shared with the other Node processes (the binary, its libraries) split among them. */
  pssBytes: number;
}

export interface HostMemory {
  index: number;
  shards: number;
  managerRssBytes: number;
  /** Manager and clusters: what the host's process tree holds resident. */
  rssBytes: number;
  pssBytes: number;
  /** rssBytes ÷ shards. */
  rssPerShardBytes: number;
  clusters: ClusterMemory[];
}

export interface MemoryFigures {
  hosts: HostMemory[];
  /** Every host together, and per shard of the fleet. */
  fleetRssBytes: number;
  fleetPssBytes: number;
  rssPerShardBytes: number;
  /** Only the clusters' RSS (the processes holding shards), per shard. */
  clusterRssPerShardBytes: number;
  simulatorRssBytes: number;
  redisRssBytes: number;
}

/** Resident memory of every host's process tree, each cluster, the simulator and Redis, from /proc. */
export function measureMemory(stack: FleetStack): MemoryFigures {
  const hosts = stack.hosts.map((host): HostMemory => {
    const managerPid = host.process.child.pid ?? -1;
    const children = new Set(childrenOf(managerPid));
    const clusters = host
      .clusters()
      .filter((c) => children.has(c.pid))
      .map((c): ClusterMemory => {
        const rssBytes = readProcess(c.pid)?.rssBytes ?? 0;
        return { id: c.id, pid: c.pid, shards: c.shards.length, rssBytes, pssBytes: pss(c.pid) ?? rssBytes };
      });
    const managerRssBytes = readProcess(managerPid)?.rssBytes ?? 0;
    const rssBytes = managerRssBytes + sum(clusters.map((c) => c.rssBytes));
    const pssBytes = (pss(managerPid) ?? managerRssBytes) + sum(clusters.map((c) => c.pssBytes));
    return {
      index: host.index,
      shards: host.shards.length,
      managerRssBytes,
      rssBytes,
      pssBytes,
      rssPerShardBytes: rssBytes / Math.max(1, host.shards.length),
      clusters,
    };
  });
  const shards = sum(hosts.map((h) => h.shards));
  const fleetRssBytes = sum(hosts.map((h) => h.rssBytes));
  const clusterRss = sum(hosts.flatMap((h) => h.clusters.map((c) => c.rssBytes)));

  return {
    hosts,
    fleetRssBytes,
    fleetPssBytes: sum(hosts.map((h) => h.pssBytes)),
    rssPerShardBytes: fleetRssBytes / Math.max(1, shards),
    clusterRssPerShardBytes: clusterRss / Math.max(1, shards),
    simulatorRssBytes: readProcess(stack.simPid)?.rssBytes ?? 0,
    redisRssBytes: sum(stack.redisPids().map((pid) => readProcess(pid)?.rssBytes ?? 0)),
  };
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
