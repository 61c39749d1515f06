import { QUEUE_NAMES } from '@droas/contracts';
import type { Cluster, Redis } from 'ioredis';
import { joinSequence, type QueuedJoin } from './checkJoinOrder.js';

/** How the gateways lay their queues out in Redis. */
export interface QueueLayout {
  /** `REDIS_PREFIX`. */
  prefix: string;
  /** `QUEUE_PARTITIONS` (1: none). */
  partitions: number;
  /** `REDIS_CLUSTER`: every queue carries a hash tag, partitioned or not. */
  cluster: boolean;
}

/**
 * The BullMQ prefix of partition `i`, as the gateway and workers name it: `<prefix>:{q<i>}` when there are
 * partitions or Redis is a cluster (the tag keeps each partition's keys in one slot), else the bare prefix.
 */
export function partitionPrefix(layout: QueueLayout, i: number): string {
  return layout.partitions > 1 || layout.cluster ? `${layout.prefix}:{q${i}}` : layout.prefix;
}

const BATCH = 2_000;

/**
 * Every member-event job waiting in every partition, oldest first per partition. BullMQ pushes new jobs on the
 * left of `<prefix>:<queue>:wait`, so the list is read right to left; each job's data is in its hash.
 */
export async function readQueuedJoins(redis: Redis | Cluster, layout: QueueLayout): Promise<QueuedJoin[]> {
  const out: QueuedJoin[] = [];
  for (let partition = 0; partition < layout.partitions; partition++) {
    const base = `${partitionPrefix(layout, partition)}:${QUEUE_NAMES.memberEvents}`;
    const ids = (await redis.lrange(`${base}:wait`, 0, -1)).reverse();
    for (let from = 0; from < ids.length; from += BATCH) {
      const slice = ids.slice(from, from + BATCH);
      const pipeline = redis.pipeline();
      for (const id of slice) pipeline.hget(`${base}:${id}`, 'data');
      const replies = (await pipeline.exec()) ?? [];
      replies.forEach(([error, data], k) => {
        if (error) throw error;
        const job = JSON.parse(String(data)) as {
          guildId: string;
          shardId: number;
          user?: { globalName?: unknown };
        };
        out.push({
          partition,
          position: from + k,
          guildId: job.guildId,
          shardId: job.shardId,
          sequence: joinSequence(job.user?.globalName),
        });
      });
    }
  }
  return out;
}
