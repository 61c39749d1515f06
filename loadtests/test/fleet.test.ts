import { runFleet } from '../src/fleet/runFleet.js';

// The fleet runner end to end, small: 4 shards over 2 hosts (one cluster each), 300 guilds, joins at 100/s
// then 200/s, on one Redis and on a Redis Cluster with 2 queue partitions. Every shard must become ready with
// all its guilds, no sooner than the identify rules allow, and every join must be read back from the queues
// once, in its shard's partition, in the order it was sent.
describe.each([
  { redis: 'one Redis, one partition', redisCluster: false, queuePartitions: 1 },
  { redis: 'a Redis Cluster, 2 partitions', redisCluster: true, queuePartitions: 2 },
])('runFleet on $redis', ({ redisCluster, queuePartitions }) => {
  it('starts every host, measures it, and finds every join queued in place and in order', async () => {
    const report = await runFleet(
      {
        guilds: 300,
        shards: 4,
        maxConcurrency: 2,
        hosts: 2,
        shardsPerCluster: 2,
        queuePartitions,
        redisCluster,
        startRatePerSec: 100,
        maxRatePerSec: 200,
        stepSec: 4,
        warmupSec: 1,
        startupTimeoutMs: 120_000,
        drainTimeoutMs: 30_000,
      },
      () => undefined,
    );

    const { startup, memory, saturation, order } = report;
    expect(startup.shards).toBe(4);
    expect(startup.shardsWithAllGuilds).toBe(4);
    // Not 0 on a loaded machine: the gateway's fleet-wide lease keeps 5.25 s between a bucket's identifies, and
    // an event loop stalled past the 0.25 s margin sends one early; the simulator answers op 9 and it retries.
    expect(startup.identifies).toBeGreaterThanOrEqual(4);
    // Two shards share each of the 2 buckets: one window between them, and no start can beat that.
    expect(startup.identifyFloorMs).toBe(5_000);
    expect(startup.identifySpanMs).toBeGreaterThanOrEqual(startup.identifyFloorMs);
    expect(startup.allReadyMs).toBeGreaterThanOrEqual(startup.identifySpanMs);

    expect(memory.hosts.map((h) => [h.shards, h.clusters.length])).toEqual([
      [2, 1],
      [2, 1],
    ]);
    expect(memory.hosts.every((h) => h.rssBytes > h.managerRssBytes && h.managerRssBytes > 0)).toBe(true);

    expect(saturation.steps.length).toBeGreaterThan(0);
    expect(saturation.joinsSent).toBeGreaterThan(0);
    expect(saturation.drained).toBe(true);
    expect(saturation.generatorErrors).toBe(0);

    expect(order.numbered).toBe(saturation.joinsSent);
    expect(order.guilds).toBeGreaterThan(1);
    // Shards 0-3 over the partitions: both hold joins when there are two.
    expect(new Set(order.partitionsWithJobs)).toEqual(
      new Set(Array.from({ length: queuePartitions }, (_, i) => i)),
    );
    expect(order).toMatchObject({ outOfOrder: 0, misplaced: 0, wrongShard: 0, duplicates: 0, missing: 0 });
  }, 240_000);
});
