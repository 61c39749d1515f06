import { InteractionAdmission, interactionKeys, RedisAckStore } from '@droas/ack-protocol';
import { QUEUE_NAMES, queuePartitionPrefixes, workerQueuePrefix } from '@droas/contracts';
import { RedisTokenBucket, RedisVersionedCache } from '@droas/resilience';
import { RedisNamespace, RedisQueueDepth } from '@droas/runtime';
import { createTestRedisClusterNamespace, type TestRedisClusterNamespace } from '@droas/testkit';
import { Queue } from 'bullmq';
import type { Cluster } from 'ioredis';

// Snowflakes of two guilds whose hash tags land on different primaries of the 3-primary test cluster (checked
// below), so a script that touched keys of both would fail with CROSSSLOT.
const GUILDS = ['100000000000000001', '100000000000000007'];
const NOW = Date.now();

/**
 * Every Lua script and multi-key command the workers run, run here against a real Redis Cluster: a key a
 * script touches outside its first key's slot fails with CROSSSLOT (declared) or "non local key" (built
 * inside), so each case passing is the proof. The key builders put the slot in the key by construction
 * (hash tags); the first test checks that on the keys themselves with the cluster's own CLUSTER KEYSLOT.
 */
describe('the workers’ Redis scripts on a Redis Cluster', () => {
  let ns: TestRedisClusterNamespace;
  let redis: Cluster;
  const slot = async (key: string) => Number(await redis.cluster('KEYSLOT', key));

  beforeAll(async () => {
    ns = createTestRedisClusterNamespace();
    redis = ns.connect();
    await new Promise<void>((resolve) => redis.once('ready', () => resolve()));
  });
  afterAll(() => ns.cleanup());

  it('builds every multi-key operation from keys of one slot, and the two test guilds on two slots', async () => {
    const keys = interactionKeys(new RedisNamespace(ns.prefix));
    const [a, b] = GUILDS as [string, string];
    expect(await slot(keys.guildBucket(a))).not.toBe(await slot(keys.guildBucket(b)));
    // Admission: the record, both buckets, the notice flag and the buckets' logs.
    const admission = [
      keys.record(a, '200000000000000001'),
      keys.memberBucket(a, '300000000000000001'),
      keys.guildBucket(a),
      keys.noticeFlag(a, '300000000000000001'),
      keys.memberBucketLog(a, '300000000000000001'),
      keys.guildBucketLog(a),
    ];
    expect(new Set(await Promise.all(admission.map(slot))).size).toBe(1);
    // Every BullMQ key of a partition, and of the workers' own queue.
    for (const prefix of [
      ...queuePartitionPrefixes(ns.prefix, { partitions: 4, cluster: true }),
      workerQueuePrefix(ns.prefix, { partitions: 4, cluster: true }),
    ]) {
      const bull = ['wait', 'active', 'meta', 'events', 'marker', 'id', '1'].map(
        (t) => `${prefix}:${QUEUE_NAMES.interactions}:${t}`,
      );
      expect(new Set(await Promise.all(bull.map(slot))).size).toBe(1);
    }
    // Partitions land on distinct slots.
    const partitionSlots = await Promise.all(
      queuePartitionPrefixes(ns.prefix, { partitions: 4, cluster: true }).map((p) => slot(`${p}:x`)),
    );
    expect(new Set(partitionSlots).size).toBe(4);
  });

  it('runs the acknowledgement claim scripts, and a batch of takes across guilds on several nodes', async () => {
    const store = new RedisAckStore(redis, interactionKeys(new RedisNamespace(ns.prefix)));
    const ix = (guildId: string, id: string) => ({ id, guildId, createdAtMs: NOW });
    const one = ix(GUILDS[0]!, '200000000000000002');
    const taken = await store.take(one, { party: 'worker', leaseMs: 2_000, holder: 'w-1' });
    expect(taken.kind).toBe('taken');
    expect((await store.view(one)).kind).toBe('held');
    if (taken.kind === 'taken') await store.release(one, taken.lease);
    await store.settle(one, { kind: 'answered' }, 'callback');
    const batch = GUILDS.map((g, i) => ix(g, `20000000000000001${i}`));
    const results = await store.takeMany(batch, () => ({ party: 'gateway', leaseMs: 2_000 }));
    expect(results.map((r) => (r instanceof Error ? r.message : r.kind))).toEqual(['taken', 'taken']);
    await store.heartbeat('w-1', 5_000);
    expect(await store.alive(['w-1', 'w-2'])).toEqual(new Set(['w-1']));
  });

  it('admits through the six-key admission script, and flags and clears notices', async () => {
    const admission = new InteractionAdmission(redis, interactionKeys(new RedisNamespace(ns.prefix)), {
      member: { capacity: 5, refillPerSecond: 1 },
      guild: { capacity: 50, refillPerSecond: 10 },
    });
    for (const guildId of GUILDS) {
      const request = { id: '200000000000000020', guildId, createdAtMs: NOW, userId: '300000000000000002' };
      await admission.flagNotices(guildId, request.userId);
      const admitted = await admission.admit(request);
      expect(admitted).toMatchObject({ kind: 'admitted', first: true, decision: { allowed: true } });
      await admission.clearNotices(guildId, request.userId);
    }
  });

  it('runs the token bucket and the versioned cache scripts', async () => {
    const bucket = new RedisTokenBucket(redis, {
      capacity: 2,
      refillPerSecond: 1,
      keyPrefix: `${ns.prefix}:rl-test:`,
    });
    expect((await bucket.take('{g}:a')).allowed).toBe(true);
    const cache = new RedisVersionedCache(redis);
    const key = `${ns.prefix}:economy:balance:{${GUILDS[1]!}}:1`;
    expect(await cache.setIfNewer(key, { version: 2n, data: 'x' }, 10_000)).toBe(true);
    expect(await cache.get(key)).toEqual({ version: 2n, data: 'x' });
  });

  it('reads each partition’s queue depth with the five-key depth script', async () => {
    const prefixes = queuePartitionPrefixes(ns.prefix, { partitions: 4, cluster: true });
    const queues = prefixes.map(
      (prefix) => new Queue(QUEUE_NAMES.interactions, { connection: redis, prefix }),
    );
    try {
      await Promise.all(
        queues.map((q, i) => q.addBulk(Array.from({ length: i + 1 }, () => ({ name: 'x', data: {} })))),
      );
      const depths = await Promise.all(
        prefixes.map((prefix) => new RedisQueueDepth(redis, prefix).read(QUEUE_NAMES.interactions)),
      );
      expect(depths.map((d) => d.waiting)).toEqual([1, 2, 3, 4]);
      expect(depths.every((d) => d.oldestWaitingAtMs !== undefined)).toBe(true);
    } finally {
      await Promise.all(queues.map((q) => q.close()));
    }
  });
});
