import { type JobKind } from './parseJob.js';

/**
 * The BullMQ queues between gateway and workers. Interactions have their own queue so a raid of joins never
 * delays them; a member's joins, leaves and screening share one, in the order the gateway received them.
 */
export const QUEUE_NAMES = {
  interactions: 'interactions',
  memberEvents: 'member-events',
  /** Workers' own: a channel's waiting greetings, flushed when its budget allows (welcome). */
  greetingFlushes: 'greeting-flushes',
} as const;

/** One of {@link QUEUE_NAMES}. */
export type QueueName = (typeof QUEUE_NAMES)[keyof typeof QUEUE_NAMES];

/** The queue that carries jobs of `kind`. */
export function queueNameForKind(kind: JobKind): QueueName {
  switch (kind) {
    case 'interaction':
      return QUEUE_NAMES.interactions;
    case 'member-join':
    case 'member-leave':
    case 'member-screened':
      return QUEUE_NAMES.memberEvents;
  }
}

/**
 * How a deployment lays out its event queues: how many partitions each has, and whether Redis is a cluster.
 * Gateway and workers must agree on both.
 */
export interface QueueLayout {
  readonly partitions: number;
  readonly cluster: boolean;
}

function checkLayout(layout: QueueLayout): void {
  if (!Number.isInteger(layout.partitions) || layout.partitions < 1) {
    throw new RangeError(`partitions must be a whole number ≥ 1, got ${layout.partitions}`);
  }
}

/**
 * The partition that carries a shard's events. A guild lives on one shard, so all its events (a member's
 * join, then leave) go through one partition, in the order its shard delivered them.
 */
export function partitionForShard(shardId: number, layout: QueueLayout): number {
  checkLayout(layout);
  if (!Number.isInteger(shardId) || shardId < 0) {
    throw new RangeError(`shardId must be a whole number ≥ 0, got ${shardId}`);
  }
  return shardId % layout.partitions;
}

/**
 * The BullMQ prefix of one partition. One partition on a single Redis keeps the plain prefix (the layout
 * before partitions existed). Otherwise each partition's prefix ends in its own Redis Cluster hash tag
 * (`<prefix>:{q<n>}`): every key BullMQ's scripts touch, declared or built inside the script, then hashes to
 * that partition's slot, and distinct partitions land on distinct slots, so they spread over the primaries.
 */
export function queuePartitionPrefix(prefix: string, partition: number, layout: QueueLayout): string {
  checkLayout(layout);
  if (!Number.isInteger(partition) || partition < 0 || partition >= layout.partitions) {
    throw new RangeError(`partition must be 0 to ${layout.partitions - 1}, got ${partition}`);
  }
  if (layout.partitions === 1 && !layout.cluster) return prefix;
  return `${prefix}:{q${partition}}`;
}

/** Every partition's prefix, partition 0 first. */
export function queuePartitionPrefixes(prefix: string, layout: QueueLayout): string[] {
  checkLayout(layout);
  return Array.from({ length: layout.partitions }, (_, i) => queuePartitionPrefix(prefix, i, layout));
}

/**
 * The prefix of the workers' own queues (greeting flushes): the plain prefix on a single Redis, a hash tag of
 * their own on a cluster.
 */
export function workerQueuePrefix(prefix: string, layout: QueueLayout): string {
  checkLayout(layout);
  return layout.cluster ? `${prefix}:{w}` : prefix;
}
