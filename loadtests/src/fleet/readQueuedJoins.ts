import { QUEUE_NAMES, queuePartitionPrefix, type QueueLayout } from '@droas/contracts';
import type { Cluster, Redis } from 'ioredis';
import { joinSequence, type QueuedJoin } from './checkJoinOrder.js';

const BATCH = 2_000;

/**
 * Every member-event job waiting in every partition (named as the gateway names them), oldest first per
 * partition. BullMQ pushes new jobs on the left of `<prefix>:<queue>:wait`, so the list is read right to left;
 * each job's data is in its hash. A partition's keys share one hash tag, so a pipeline of them is one node's.
 */
export async function readQueuedJoins(
  redis: Redis | Cluster,
  prefix: string,
  layout: QueueLayout,
): Promise<QueuedJoin[]> {
  const out: QueuedJoin[] = [];
  for (let partition = 0; partition < layout.partitions; partition++) {
    const base = `${queuePartitionPrefix(prefix, partition, layout)}:${QUEUE_NAMES.memberEvents}`;
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
