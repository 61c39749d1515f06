import { shardIdForGuild } from '@droas/contracts';
import { checkJoinOrder, joinSequence, type QueuedJoin } from './checkJoinOrder.js';

// Guild ids of 18 digits whose shard (of 4) is chosen: the shard is the timestamp part modulo the shard count.
const guildOnShard = (shard: number, k = 0) =>
  ((BigInt(100_000_000_000 + shard + 4 * k) << 22n) | 1n).toString();
const rules = { totalShards: 4, partitions: 2, expected: 0 };

/** Jobs in queue order, each partition numbered from 0. */
function queued(entries: { guildId: string; sequence?: number; partition?: number; shardId?: number }[]) {
  const positions = new Map<number, number>();
  return entries.map((e): QueuedJoin => {
    const shardId = e.shardId ?? shardIdForGuild(e.guildId, rules.totalShards);
    const partition = e.partition ?? shardId % rules.partitions;
    const position = positions.get(partition) ?? 0;
    positions.set(partition, position + 1);
    return { partition, position, guildId: e.guildId, shardId, sequence: e.sequence };
  });
}

describe('checkJoinOrder', () => {
  const a = guildOnShard(0);
  const b = guildOnShard(1);
  const c = guildOnShard(2, 1);

  it('passes joins in order, each in its shard partition, all there', () => {
    const jobs = queued([
      { guildId: a, sequence: 1 },
      { guildId: b, sequence: 2 },
      { guildId: a, sequence: 3 },
      { guildId: c, sequence: 4 },
      { guildId: b, sequence: 5 },
    ]);
    expect(shardIdForGuild(c, 4)).toBe(2);
    expect(checkJoinOrder(jobs, { ...rules, expected: 5 })).toEqual({
      jobs: 5,
      guilds: 3,
      numbered: 5,
      wrongShard: 0,
      misplaced: 0,
      outOfOrder: 0,
      duplicates: 0,
      missing: 0,
      partitionsWithJobs: [0, 1],
      examples: [],
    });
  });

  it('finds a guild whose later join is queued first', () => {
    const check = checkJoinOrder(
      queued([
        { guildId: a, sequence: 3 },
        { guildId: b, sequence: 2 },
        { guildId: a, sequence: 1 },
      ]),
      { ...rules, expected: 3 },
    );
    expect(check.outOfOrder).toBe(1);
    expect(check.examples).toEqual([`guild ${a}: join 1 queued after join 3`]);
  });

  it('finds jobs in the wrong partition, on the wrong shard, twice, or missing', () => {
    const check = checkJoinOrder(
      queued([
        { guildId: a, sequence: 1, partition: 1 },
        { guildId: b, sequence: 2, shardId: 3 },
        { guildId: c, sequence: 2 },
      ]),
      { ...rules, expected: 4 },
    );
    expect(check).toMatchObject({ misplaced: 1, wrongShard: 1, duplicates: 1, missing: 2, outOfOrder: 0 });
  });

  it('checks placement but not order for jobs without a join number', () => {
    const check = checkJoinOrder(queued([{ guildId: a }, { guildId: a, partition: 1 }]), rules);
    expect(check).toMatchObject({ jobs: 2, numbered: 0, misplaced: 1, outOfOrder: 0, missing: 0 });
  });
});

describe('joinSequence', () => {
  it('reads the number of a numbered join, and nothing else', () => {
    expect(joinSequence('join 42')).toBe(42);
    expect(joinSequence('newcomer12345')).toBeUndefined();
    expect(joinSequence(undefined)).toBeUndefined();
  });
});
