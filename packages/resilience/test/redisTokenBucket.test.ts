import { RedisTokenBucket, type RateLimiter } from '@droas/resilience';
import { createTestRedisNamespace, type TestRedisNamespace } from '@droas/testkit';
import type { Redis } from 'ioredis';

let ns: TestRedisNamespace;

beforeEach(() => {
  ns = createTestRedisNamespace();
});

afterEach(() => ns.cleanup());

const connect = (): Redis => ns.connect();

/** Redis's own clock, the one the script refills by, in milliseconds. */
async function redisNowMs(redis: Redis): Promise<number> {
  const [seconds, micros] = await redis.time();
  return Number(seconds) * 1000 + Number(micros) / 1000;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('RedisTokenBucket', () => {
  it('never grants more than capacity + rate × elapsed to many clients hammering one key', async () => {
    const capacity = 20;
    const refillPerSecond = 50;
    const limiters: RateLimiter[] = Array.from(
      { length: 4 },
      () => new RedisTokenBucket(connect(), { capacity, refillPerSecond, keyPrefix: `${ns.prefix}:rl:` }),
    );
    const clock = connect();
    const runMs = 1_500;
    const startedMs = await redisNowMs(clock);
    const deadline = Date.now() + runMs;
    let granted = 0;
    let denied = 0;
    // Eight takes in flight per connection, so the script runs back to back from four connections at once.
    const hammer = async (limiter: RateLimiter): Promise<void> => {
      while (Date.now() < deadline) {
        const decision = await limiter.take('discord:global');
        if (decision.allowed) granted++;
        else denied++;
      }
    };
    await Promise.all(limiters.flatMap((limiter) => Array.from({ length: 8 }, () => hammer(limiter))));
    const elapsedMs = (await redisNowMs(clock)) - startedMs;

    const ceiling = capacity + (refillPerSecond * elapsedMs) / 1000;
    expect(granted).toBeLessThanOrEqual(Math.floor(ceiling));
    // The clients were never idle, so the bucket was drained as fast as it filled: well over half the
    // ceiling.
    expect(granted).toBeGreaterThan(capacity + (refillPerSecond * runMs) / 1000 / 2);
    expect(denied).toBeGreaterThan(granted); // the test really did oversubscribe the bucket
  });

  it('grants exactly capacity to a burst of concurrent takes on an all but empty refill', async () => {
    // A read-then-write limiter would let several of these concurrent takes see the same tokens.
    const capacity = 100;
    const limiters = Array.from(
      { length: 4 },
      () => new RedisTokenBucket(connect(), { capacity, refillPerSecond: 0.001, keyPrefix: `${ns.prefix}:` }),
    );
    const decisions = await Promise.all(
      limiters.flatMap((limiter) => Array.from({ length: 150 }, () => limiter.take('burst'))),
    );
    expect(decisions.filter((d) => d.allowed)).toHaveLength(capacity);
    expect(Math.min(...decisions.map((d) => d.remaining))).toBe(0);
  });

  it('refills: denied with a wait, then allowed once the wait is over', async () => {
    const bucket = new RedisTokenBucket(connect(), {
      capacity: 3,
      refillPerSecond: 20,
      keyPrefix: ns.prefix,
    });
    for (let i = 0; i < 3; i++) expect((await bucket.take('user:1')).allowed).toBe(true);
    const denied = await bucket.take('user:1');
    expect(denied.allowed).toBe(false);
    expect(denied.remaining).toBe(0);
    expect(denied.retryAfterMs).toBeGreaterThan(0);
    expect(denied.retryAfterMs).toBeLessThanOrEqual(50);
    await sleep(denied.retryAfterMs + 10);
    expect(await bucket.take('user:1')).toMatchObject({ allowed: true, retryAfterMs: 0 });
  });

  it('takes a multi-token cost whole or not at all', async () => {
    const bucket = new RedisTokenBucket(connect(), {
      capacity: 10,
      refillPerSecond: 0.01,
      keyPrefix: ns.prefix,
    });
    expect(await bucket.take('k', 7)).toEqual({ allowed: true, remaining: 3, retryAfterMs: 0 });
    const denied = await bucket.take('k', 5);
    expect(denied).toMatchObject({ allowed: false, remaining: 3 });
    // Two tokens short at 0.01/s is 200 s.
    expect(denied.retryAfterMs).toBeGreaterThan(199_000);
    expect(denied.retryAfterMs).toBeLessThanOrEqual(200_000);
    expect(await bucket.take('k', 3)).toEqual({ allowed: true, remaining: 0, retryAfterMs: 0 });
  });

  it('lets a bucket key expire when it would be full again', async () => {
    const redis = connect();
    const bucket = new RedisTokenBucket(redis, {
      capacity: 5,
      refillPerSecond: 50,
      keyPrefix: `${ns.prefix}:`,
    });
    const key = `${ns.prefix}:channel:1`;
    await bucket.take('channel:1');
    const afterOne = await redis.pttl(key);
    expect(afterOne).toBeGreaterThan(0);
    expect(afterOne).toBeLessThanOrEqual(20); // one token at 50/s
    for (let i = 0; i < 4; i++) await bucket.take('channel:1');
    const afterAll = await redis.pttl(key);
    expect(afterAll).toBeGreaterThan(20);
    expect(afterAll).toBeLessThanOrEqual(100); // five tokens at 50/s
    await sleep(200);
    expect(await redis.exists(key)).toBe(0);
    // An expired bucket reads as full.
    expect(await bucket.take('channel:1')).toEqual({ allowed: true, remaining: 4, retryAfterMs: 0 });
  });

  it('keeps policies apart by key prefix', async () => {
    const redis = connect();
    const perUser = new RedisTokenBucket(redis, {
      capacity: 1,
      refillPerSecond: 0.01,
      keyPrefix: `${ns.prefix}:u:`,
    });
    const perGuild = new RedisTokenBucket(redis, {
      capacity: 1,
      refillPerSecond: 0.01,
      keyPrefix: `${ns.prefix}:g:`,
    });
    expect((await perUser.take('1')).allowed).toBe(true);
    expect((await perUser.take('1')).allowed).toBe(false);
    expect((await perGuild.take('1')).allowed).toBe(true);
  });

  it('rejects a cost above capacity without a round trip', async () => {
    const bucket = new RedisTokenBucket(connect(), { capacity: 2, refillPerSecond: 1, keyPrefix: ns.prefix });
    await expect(bucket.take('k', 3)).rejects.toThrow(RangeError);
  });
});
