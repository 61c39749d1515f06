import { partitionForShard, shardIdForGuild } from '@droas/contracts';

/** One member-event job as it sits in a partition's wait list. */
export interface QueuedJoin {
  /** The partition (queue) it was found in. */
  partition: number;
  /** Its place in that queue, 0 first (oldest). */
  position: number;
  guildId: string;
  /** The shard the gateway says received it. */
  shardId: number;
  /** The simulator's join number (`join <n>`), or undefined for a job that carries none. */
  sequence: number | undefined;
}

export interface JoinOrderRules {
  totalShards: number;
  /** Queue partitions: a shard's events belong in partition `shard % partitions`. */
  partitions: number;
  /** Numbered joins the simulator sent: each of 1..expected should be queued exactly once. */
  expected: number;
}

/** What reading every partition found; every count but `jobs`, `guilds` and `numbered` should be 0. */
export interface JoinOrderCheck {
  jobs: number;
  /** Guilds with at least one numbered join. */
  guilds: number;
  numbered: number;
  /** Jobs whose shard is not the one Discord's formula gives for their guild. */
  wrongShard: number;
  /** Jobs in a partition other than `shard % partitions`. */
  misplaced: number;
  /** Jobs queued behind a later join of the same guild in the same partition. */
  outOfOrder: number;
  /** Join numbers queued more than once. */
  duplicates: number;
  /** Join numbers in 1..expected not queued at all. */
  missing: number;
  /** The partitions holding at least one job. */
  partitionsWithJobs: number[];
  /** The first few violations, spelled out. */
  examples: string[];
}

const EXAMPLES = 5;

/**
 * Checks that every guild's joins sit in the partition its shard maps to, in the order the simulator sent
 * them, each once. `jobs` must list each partition's jobs in queue order (oldest first).
 */
export function checkJoinOrder(jobs: readonly QueuedJoin[], rules: JoinOrderRules): JoinOrderCheck {
  const check: JoinOrderCheck = {
    jobs: jobs.length,
    guilds: 0,
    numbered: 0,
    wrongShard: 0,
    misplaced: 0,
    outOfOrder: 0,
    duplicates: 0,
    missing: 0,
    partitionsWithJobs: [...new Set(jobs.map((j) => j.partition))].sort((a, b) => a - b),
    examples: [],
  };
  const note = (text: string) => {
    if (check.examples.length < EXAMPLES) check.examples.push(text);
  };
  const seen = new Set<number>();
  // Per guild and partition: the last join number met going down the queue.
  const last = new Map<string, number>();
  const guilds = new Set<string>();
  const ordered = [...jobs].sort((a, b) => a.partition - b.partition || a.position - b.position);
  for (const job of ordered) {
    const shard = shardIdForGuild(job.guildId, rules.totalShards);
    if (job.shardId !== shard) {
      check.wrongShard += 1;
      note(`guild ${job.guildId}: received on shard ${job.shardId}, belongs to shard ${shard}`);
    }
    const partition = partitionForShard(shard, { partitions: rules.partitions, cluster: false });
    if (job.partition !== partition) {
      check.misplaced += 1;
      note(`guild ${job.guildId} (shard ${shard}): in partition ${job.partition}, expected ${partition}`);
    }
    if (job.sequence === undefined) continue;
    check.numbered += 1;
    guilds.add(job.guildId);
    if (seen.has(job.sequence)) {
      check.duplicates += 1;
      note(`join ${job.sequence} queued more than once`);
    }
    seen.add(job.sequence);
    const key = `${job.guildId}/${job.partition}`;
    const before = last.get(key);
    if (before !== undefined && job.sequence < before) {
      check.outOfOrder += 1;
      note(`guild ${job.guildId}: join ${job.sequence} queued after join ${before}`);
    } else {
      last.set(key, job.sequence);
    }
  }
  check.guilds = guilds.size;
  for (let n = 1; n <= rules.expected; n++) if (!seen.has(n)) check.missing += 1;
  if (check.missing > 0) note(`${check.missing} of joins 1..${rules.expected} never queued`);
  return check;
}

/** The join number the simulator put in a numbered join's `global_name` (`join <n>`), if there is one. */
export function joinSequence(globalName: unknown): number | undefined {
  if (typeof globalName !== 'string') return undefined;
  const match = /^join (\d+)$/.exec(globalName);
  return match ? Number(match[1]) : undefined;
}
