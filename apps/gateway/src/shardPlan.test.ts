import { planShards } from './shardPlan';

describe('planShards', () => {
  it('runs every shard on one host by default, chunked per cluster', () => {
    expect(planShards({ totalShards: 4, shardsPerCluster: 2 })).toEqual({
      shardList: [0, 1, 2, 3],
      clusterList: [0, 1],
      clusters: [
        [0, 1],
        [2, 3],
      ],
    });
  });

  it('splits the global shard list evenly across hosts, with global cluster ids', () => {
    const plans = [0, 1, 2].map((hostIndex) =>
      planShards({ totalShards: 12, shardsPerCluster: 2, hostIndex, hostCount: 3 }),
    );
    expect(plans.map((p) => p.shardList)).toEqual([
      [0, 1, 2, 3],
      [4, 5, 6, 7],
      [8, 9, 10, 11],
    ]);
    expect(plans.map((p) => p.clusterList)).toEqual([
      [0, 1],
      [2, 3],
      [4, 5],
    ]);
    // Every shard exactly once across the fleet.
    expect(plans.flatMap((p) => p.shardList)).toEqual(Array.from({ length: 12 }, (_, i) => i));
  });

  it('covers every shard when hosts do not divide the count', () => {
    const all = [0, 1, 2].flatMap(
      (hostIndex) => planShards({ totalShards: 10, shardsPerCluster: 4, hostIndex, hostCount: 3 }).shardList,
    );
    expect(all).toEqual(Array.from({ length: 10 }, (_, i) => i));
  });

  it('takes explicit shard ids over host splitting', () => {
    expect(
      planShards({ totalShards: 8, shardsPerCluster: 2, shardIds: [5, 4, 5], hostIndex: 0, hostCount: 2 })
        .shardList,
    ).toEqual([4, 5]);
  });

  it.each([
    [{ totalShards: 0, shardsPerCluster: 1 }, /totalShards/],
    [{ totalShards: 4, shardsPerCluster: 0 }, /shardsPerCluster/],
    [{ totalShards: 4, shardsPerCluster: 1, shardIds: [4] }, /shard id 4 is outside 0..3/],
    [{ totalShards: 4, shardsPerCluster: 1, hostIndex: 2, hostCount: 2 }, /hostIndex must be in 0..1/],
    [{ totalShards: 2, shardsPerCluster: 1, hostIndex: 0, hostCount: 3 }, /no shards/],
  ])('refuses %p', (input, message) => {
    expect(() => planShards(input)).toThrow(message);
  });
});
