import { createLogger } from '@droas/runtime';
import { createTestRedisNamespace, type TestRedisNamespace } from '@droas/testkit';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { QueueLag } from '../src/queueLag.js';

const logger = createLogger({ name: 'queue-lag-test', level: 'silent' });

describe('QueueLag', () => {
  let ns: TestRedisNamespace;
  let queue: Queue;

  beforeEach(() => {
    ns = createTestRedisNamespace();
    queue = new Queue('interactions', {
      connection: ns.connect({ maxRetriesPerRequest: null }),
      prefix: ns.prefix,
    });
  });

  afterEach(async () => {
    await queue.close();
    await ns.cleanup();
  });

  it('is behind while the oldest waiting job is older than the limit, and catches up when it is taken', async () => {
    let clock = Date.now();
    const changes: boolean[] = [];
    const lag = new QueueLag({
      redis: ns.connect(),
      prefix: ns.prefix,
      queue: 'interactions',
      behindAfterMs: 1_000,
      logger,
      onChange: (behind) => changes.push(behind),
      now: () => clock,
    });
    expect(await lag.probe()).toBe(false); // empty

    const oldest = await queue.add('interaction', { n: 1 });
    await queue.add('interaction', { n: 2 });
    expect(await lag.probe()).toBe(false); // just added
    clock = oldest.timestamp + 1_500;
    expect(await lag.probe()).toBe(true);
    expect(lag.behind).toBe(true);

    // The oldest is taken (as a worker would): the next one is as old, so still behind; then the list empties.
    const redis = ns.connect();
    await redis.rpop(`${ns.prefix}:interactions:wait`);
    expect(await lag.probe()).toBe(true);
    await redis.rpop(`${ns.prefix}:interactions:wait`);
    expect(await lag.probe()).toBe(false);
    expect(changes).toEqual([true, false]);
  });

  it('keeps its state when Redis cannot be read, and refuses a limit that is not positive', async () => {
    const redis = new Redis(ns.url, { maxRetriesPerRequest: 1 });
    const lag = new QueueLag({ redis, prefix: ns.prefix, queue: 'interactions', behindAfterMs: 1, logger });
    await queue.add('interaction', { n: 1 });
    await new Promise((r) => setTimeout(r, 20));
    expect(await lag.probe()).toBe(true);
    redis.disconnect();
    expect(await lag.probe()).toBe(true);
    expect(
      () => new QueueLag({ redis, prefix: ns.prefix, queue: 'interactions', behindAfterMs: 0, logger }),
    ).toThrow('behindAfterMs must be positive, got 0');
  });
});
