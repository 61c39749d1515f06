import { jobOptionsFor, QUEUE_NAMES } from '@droas/contracts';
import { createLogger, Metrics, RedisNamespace } from '@droas/runtime';
import { createTestRedisNamespace, type TestRedisNamespace } from '@droas/testkit';
import { Queue } from 'bullmq';
import {
  createGatewayMetrics,
  OrderedProducer,
  RedisDeliveryWindow,
  type GatewayMetrics,
  type OrderedProducerOptions,
} from '../src/index';

const QUEUE = QUEUE_NAMES.interactions;

/** What one gateway process has: its own connection, queue, metrics and producer. */
interface Gateway {
  producer: OrderedProducer;
  queue: Queue;
  metrics: GatewayMetrics;
}

let ns: TestRedisNamespace;
const queues: Queue[] = [];

beforeEach(() => {
  ns = createTestRedisNamespace();
});

afterEach(async () => {
  await Promise.all(queues.splice(0).map((q) => q.close()));
  await ns.cleanup();
});

function startGateway(
  options: {
    wrap?: (queue: Queue) => OrderedProducerOptions['queue'];
    maxBatchSize?: number;
    lingerMs?: number;
  } = {},
): Gateway {
  const redis = ns.connect();
  const queue = new Queue(QUEUE, { connection: redis, prefix: ns.prefix });
  queues.push(queue);
  const metrics = createGatewayMetrics(new Metrics({ collectDefaults: false }));
  const producer = new OrderedProducer({
    queue: options.wrap ? options.wrap(queue) : queue,
    jobOptions: jobOptionsFor(QUEUE),
    logger: createLogger({ name: 'test', level: 'silent' }),
    metrics,
    deliveries: new RedisDeliveryWindow({
      redis,
      namespace: new RedisNamespace(ns.prefix).child('delivered'),
      queue: QUEUE,
    }),
    retryDelayMs: 5,
    ...(options.maxBatchSize !== undefined && { maxBatchSize: options.maxBatchSize }),
    ...(options.lingerMs !== undefined && { lingerMs: options.lingerMs }),
  });
  return { producer, queue, metrics };
}

async function duplicatesCounted(...gateways: Gateway[]): Promise<number> {
  let sum = 0;
  for (const g of gateways) {
    for (const v of (await g.metrics.duplicateEvents.get()).values) sum += v.value;
  }
  return sum;
}

async function jobIds(queue: Queue): Promise<string[]> {
  const jobs = await queue.getJobs(['wait', 'prioritized', 'delayed'], 0, -1);
  return jobs.map((j) => j.id!).sort();
}

const ids = (from: number, to: number) =>
  Array.from({ length: to - from }, (_, i) => `ix-${String(from + i).padStart(4, '0')}`);

describe('duplicate deliveries at the enqueue point, against real Redis', () => {
  it('counts each id two gateways race to enqueue exactly once between them, and one enqueued again', async () => {
    // Small batches, so many are in flight from both gateways at once.
    const a = startGateway({ maxBatchSize: 8 });
    const b = startGateway({ maxBatchSize: 8 });
    // The 100 shared ids sit at the same places in both streams, as two sessions on one shard receive
    // them, so the two gateways send them at the same moment; which one Redis serves first is up to it.
    const fromA = ids(0, 200);
    const fromB = [...ids(200, 300), ...ids(100, 200)];
    for (let i = 0; i < fromA.length; i++) {
      const [first, second] = i % 2 === 0 ? [a, b] : [b, a];
      first.producer.submit((first === a ? fromA : fromB)[i]!, { i }, Date.now());
      second.producer.submit((second === a ? fromA : fromB)[i]!, { i }, Date.now());
    }
    await Promise.all([a.producer.drain(10_000), b.producer.drain(10_000)]);
    // A RESUME replays ten events gateway A already enqueued.
    for (const id of ids(0, 10)) a.producer.submit(id, {}, Date.now());
    await a.producer.drain(10_000);

    expect(await jobIds(a.queue)).toEqual(ids(0, 300));
    expect(await duplicatesCounted(a, b)).toBe(100 + 10);
  });

  it.each([
    ['reached Redis, but its reply was lost', true],
    ['never reached the queue', false],
  ])(
    'does not count a batch as its own duplicate when its first send %s',
    async (_story, landed: boolean) => {
      const first = startGateway();
      first.producer.submit('ix-0001', {}, Date.now());
      await first.producer.drain(5_000);

      let failures = 0;
      // Lingers, so the three ids go in one batch and its first send records them all.
      const failingOnce = startGateway({
        lingerMs: 20,
        wrap: (queue) => ({
          name: queue.name,
          addBulk: async (jobs) => {
            if (failures++ > 0) return queue.addBulk(jobs);
            if (landed) await queue.addBulk(jobs);
            throw new Error('Connection is closed.');
          },
        }),
      });
      // ix-0001 is a real duplicate; the other two are new, and recorded by the failed send already.
      for (const id of ['ix-0002', 'ix-0001', 'ix-0003']) failingOnce.producer.submit(id, {}, Date.now());
      await failingOnce.producer.drain(5_000);

      expect(failures).toBe(2);
      expect(await jobIds(first.queue)).toEqual(['ix-0001', 'ix-0002', 'ix-0003']);
      expect(await duplicatesCounted(first, failingOnce)).toBe(1);
    },
  );

  it('remembers ids for at least a bucket, across bucket boundaries and skewed clocks', async () => {
    const bucketMs = 60_000;
    const redis = ns.connect();
    const namespace = new RedisNamespace(ns.prefix).child('delivered');
    const at = (clockMs: number) =>
      new RedisDeliveryWindow({ redis, namespace, queue: QUEUE, bucketMs, now: () => clockMs });
    const boundary = Math.ceil(Date.now() / bucketMs) * bucketMs;
    const record = (clockMs: number, jobId: string, token: string) => at(clockMs).record([{ jobId, token }]);

    // Written at a boundary by a host whose clock is ahead, into the new bucket…
    expect(await record(boundary, 'ix-a', 'host-1:0')).toBe(0);
    // …seen by a host whose clock is a millisecond behind, still in the bucket before (a window of the
    // current and previous buckets would miss it), and by one almost two buckets later…
    expect(await record(boundary - 1, 'ix-a', 'host-2:0')).toBe(1);
    expect(await record(boundary + 2 * bucketMs - 1, 'ix-a', 'host-3:0')).toBe(1);
    // …but no longer two buckets later, where it counts as a first delivery.
    expect(await record(boundary + 2 * bucketMs, 'ix-a', 'host-4:0')).toBe(0);
    // The same submission again is never its own duplicate.
    expect(await record(boundary + bucketMs, 'ix-a', 'host-1:0')).toBe(0);

    // Every bucket is a hash under <prefix>:delivered:<queue>:, gone within three buckets of its writes.
    const keys = await redis.keys(`${ns.prefix}:delivered:*`);
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) {
      expect(key).toMatch(new RegExp(`^${ns.prefix}:delivered:${QUEUE}:\\d+$`));
      expect(await redis.type(key)).toBe('hash');
      const ttlMs = await redis.pttl(key);
      expect(ttlMs).toBeGreaterThan(0);
      expect(ttlMs).toBeLessThanOrEqual(3 * bucketMs);
    }
  });
});
