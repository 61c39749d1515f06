export interface ShardPlanInput {
  /** Shards of the whole bot, across every host. */
  totalShards: number;
  /** Shards each cluster process runs. */
  shardsPerCluster: number;
  /** Explicit shards for this host; wins over hostIndex/hostCount. */
  shardIds?: readonly number[];
  /** This host's place among `hostCount` hosts that split the shards evenly. */
  hostIndex?: number;
  hostCount?: number;
}

export interface ShardPlan {
  /** The shards this host runs, ascending. */
  shardList: number[];
  /** Global cluster ids, one per chunk of `shardsPerCluster` shards of `shardList`. */
  clusterList: number[];
  /** shardList chunked per cluster, in clusterList order. */
  clusters: number[][];
}

/**
 * Decides which shards this host runs and how they group into cluster processes. Several hosts share one bot
 * by each taking a contiguous, equal slice of the global shard list; cluster ids are global (host 1's first
 * cluster follows host 0's last), so metrics and logs never show two clusters with one id.
 */
export function planShards(input: ShardPlanInput): ShardPlan {
  const { totalShards, shardsPerCluster } = input;
  if (!Number.isInteger(totalShards) || totalShards < 1)
    throw new RangeError(`totalShards must be ≥ 1, got ${totalShards}`);
  if (!Number.isInteger(shardsPerCluster) || shardsPerCluster < 1) {
    throw new RangeError(`shardsPerCluster must be ≥ 1, got ${shardsPerCluster}`);
  }
  let shardList: number[];
  if (input.shardIds && input.shardIds.length > 0) {
    shardList = [...new Set(input.shardIds)].sort((a, b) => a - b);
    const bad = shardList.find((id) => !Number.isInteger(id) || id < 0 || id >= totalShards);
    if (bad !== undefined) throw new RangeError(`shard id ${bad} is outside 0..${totalShards - 1}`);
  } else {
    const hostCount = input.hostCount ?? 1;
    const hostIndex = input.hostIndex ?? 0;
    if (!Number.isInteger(hostCount) || hostCount < 1)
      throw new RangeError(`hostCount must be ≥ 1, got ${hostCount}`);
    if (!Number.isInteger(hostIndex) || hostIndex < 0 || hostIndex >= hostCount) {
      throw new RangeError(`hostIndex must be in 0..${hostCount - 1}, got ${hostIndex}`);
    }
    const start = Math.floor((totalShards * hostIndex) / hostCount);
    const end = Math.floor((totalShards * (hostIndex + 1)) / hostCount);
    shardList = Array.from({ length: end - start }, (_, i) => start + i);
  }
  if (shardList.length === 0) throw new RangeError('this host would run no shards');

  const clusters: number[][] = [];
  for (let i = 0; i < shardList.length; i += shardsPerCluster)
    clusters.push(shardList.slice(i, i + shardsPerCluster));
  // Global cluster ids: clusters are numbered by the first shard they hold, so ids agree across hosts.
  const clusterList = clusters.map((c) => Math.floor(c[0]! / shardsPerCluster));
  return { shardList, clusterList, clusters };
}
