import {
  QUEUE_NAMES,
  partitionForShard,
  queueNameForKind,
  queuePartitionPrefix,
  queuePartitionPrefixes,
  workerQueuePrefix,
} from './queueNames.js';

describe('queue names', () => {
  it('are the names the design uses', () => {
    expect(QUEUE_NAMES).toEqual({
      interactions: 'interactions',
      memberEvents: 'member-events',
      greetingFlushes: 'greeting-flushes',
    });
  });

  it('route each job kind to its own queue', () => {
    expect(queueNameForKind('interaction')).toBe('interactions');
    for (const kind of ['member-join', 'member-leave', 'member-screened'] as const) {
      expect(queueNameForKind(kind)).toBe('member-events');
    }
  });
});

describe('queue partitions', () => {
  const single = { partitions: 1, cluster: false };

  it('keep the plain prefix for one partition on a single Redis', () => {
    expect(queuePartitionPrefixes('droas', single)).toEqual(['droas']);
    expect(workerQueuePrefix('droas', single)).toBe('droas');
  });

  it('give each partition its own hash tag when there are several, or on a cluster', () => {
    expect(queuePartitionPrefixes('droas', { partitions: 3, cluster: false })).toEqual([
      'droas:{q0}',
      'droas:{q1}',
      'droas:{q2}',
    ]);
    expect(queuePartitionPrefixes('droas', { partitions: 1, cluster: true })).toEqual(['droas:{q0}']);
    expect(workerQueuePrefix('droas', { partitions: 1, cluster: true })).toBe('droas:{w}');
  });

  it('route a shard to shard mod partitions, so a shard never changes partition', () => {
    const layout = { partitions: 4, cluster: true };
    expect([0, 1, 2, 3, 4, 5, 99].map((s) => partitionForShard(s, layout))).toEqual([0, 1, 2, 3, 0, 1, 3]);
    expect(partitionForShard(7, single)).toBe(0);
  });

  it('refuse a partition or shard out of range, naming it', () => {
    expect(() => queuePartitionPrefix('droas', 4, { partitions: 4, cluster: true })).toThrow(
      'partition must be 0 to 3, got 4',
    );
    expect(() => partitionForShard(-1, single)).toThrow('shardId must be a whole number ≥ 0, got -1');
    expect(() => queuePartitionPrefixes('droas', { partitions: 0, cluster: false })).toThrow(
      'partitions must be a whole number ≥ 1, got 0',
    );
  });
});
