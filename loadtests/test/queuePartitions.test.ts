import {
  createTestRedisClusterNamespace,
  createTestRedisNamespace,
  type TestRedisClusterNamespace,
  type TestRedisNamespace,
} from '@droas/testkit';
import { runQueuePartitions } from '../src/index.js';

describe('runQueuePartitions', () => {
  let single: TestRedisNamespace;
  let cluster: TestRedisClusterNamespace;

  beforeAll(() => {
    single = createTestRedisNamespace();
    cluster = createTestRedisClusterNamespace();
  });

  afterAll(async () => {
    await single.cleanup();
    await cluster.cleanup();
  });

  it('takes every job exactly once on a single Redis and on the cluster with 1, 2 and 4 partitions', async () => {
    const result = await runQueuePartitions({
      single: { url: single.url, prefix: single.prefix },
      cluster: { url: cluster.url, prefix: cluster.prefix },
      windows: 2,
      windowMs: 500,
      warmupMs: 200,
      consumers: 2,
      concurrency: 8,
      batch: 20,
      jobLimit: 300,
      reportJobIds: true,
    });

    expect(result.variants.map((v) => [v.variant, v.partitions])).toEqual([
      ['single Redis, 1 queue', 1],
      ['cluster, 1 partition', 1],
      ['cluster, 2 partitions', 2],
      ['cluster, 4 partitions', 4],
    ]);
    for (const v of result.variants) {
      expect({ variant: v.variant, added: v.added, processed: v.processed }).toEqual({
        variant: v.variant,
        added: 300,
        processed: 300,
      });
      expect(v).toMatchObject({ duplicates: 0, missing: 0, addFailures: 0, exactlyOnce: true });
    }
    // Each cluster variant's CPU is read node by node: 3 primaries and their replicas.
    expect(result.variants[1]!.redisCpuMsPerJob.map((n) => n.node)).toEqual([
      'A',
      "A'",
      'B',
      "B'",
      'C',
      "C'",
    ]);
    // redis-cli splits the slots into three even ranges; {q0}…{q3} land on A, B, C and C.
    expect(result.placement.map((p) => [p.tag, p.slot, p.primary])).toEqual([
      ['{q0}', 3387, 'A'],
      ['{q1}', 7450, 'B'],
      ['{q2}', 11641, 'C'],
      ['{q3}', 15704, 'C'],
    ]);
  });

  it('refuses settings it cannot run', async () => {
    const base = {
      single: { url: single.url, prefix: single.prefix },
      cluster: { url: cluster.url, prefix: cluster.prefix },
    };
    await expect(runQueuePartitions({ ...base, consumers: 0 })).rejects.toThrow(
      'consumers must be a positive whole number, got 0',
    );
    await expect(runQueuePartitions({ ...base, partitions: [1, 0] })).rejects.toThrow(
      'partitions must be positive whole numbers, got [1, 0]',
    );
  });
});
