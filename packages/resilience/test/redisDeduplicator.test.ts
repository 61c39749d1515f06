import { RedisDeduplicator } from '@droas/resilience';
import { createTestRedisNamespace, type TestRedisNamespace } from '@droas/testkit';
import type { Redis } from 'ioredis';

let ns: TestRedisNamespace;

beforeEach(() => {
  ns = createTestRedisNamespace();
});

afterEach(() => ns.cleanup());

const connect = (): Redis => ns.connect();

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('RedisDeduplicator', () => {
  it('lets exactly one of many concurrent claimers through, for every key', async () => {
    // Five "processes", each with its own connection and owner id, race ten claims each on every key.
    const deduplicators = Array.from(
      { length: 5 },
      () => new RedisDeduplicator(connect(), { keyPrefix: ns.prefix }),
    );
    const keys = Array.from({ length: 20 }, (_, i) => `welcome:1:${i}`);
    const results = await Promise.all(
      keys.map(async (key) => {
        const claims = await Promise.all(
          deduplicators.flatMap((d) => Array.from({ length: 10 }, () => d.claim(key, 60_000))),
        );
        return claims.filter(Boolean).length;
      }),
    );
    expect(results).toEqual(keys.map(() => 1));
  });

  it('stores the claim under the prefix with the TTL asked for, and frees the key when it expires', async () => {
    const redis = connect();
    const dedupe = new RedisDeduplicator(redis, { keyPrefix: `${ns.prefix}:dedupe:`, owner: 'worker-a' });
    expect(await dedupe.claim('ix-1', 150)).toBe(true);
    expect(await redis.get(`${ns.prefix}:dedupe:ix-1`)).toBe('worker-a');
    const ttl = await redis.pttl(`${ns.prefix}:dedupe:ix-1`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(150);
    expect(await dedupe.claim('ix-1', 150)).toBe(false);
    await sleep(250);
    expect(await dedupe.claim('ix-1', 150)).toBe(true);
  });

  it('releases a failed attempt so the retry can claim again', async () => {
    const redis = connect();
    const worker = new RedisDeduplicator(redis, { keyPrefix: ns.prefix });
    const other = new RedisDeduplicator(connect(), { keyPrefix: ns.prefix });
    expect(await worker.claim('ix-2', 60_000)).toBe(true);
    expect(await other.claim('ix-2', 60_000)).toBe(false);
    expect(await worker.release('ix-2')).toBe(true);
    expect(await redis.exists(`${ns.prefix}ix-2`)).toBe(0);
    expect(await other.claim('ix-2', 60_000)).toBe(true);
  });

  it("will not release someone else's claim", async () => {
    const a = new RedisDeduplicator(connect(), { keyPrefix: ns.prefix });
    const b = new RedisDeduplicator(connect(), { keyPrefix: ns.prefix });
    expect(await a.claim('ix-3', 60_000)).toBe(true);
    expect(await b.release('ix-3')).toBe(false);
    expect(await b.claim('ix-3', 60_000)).toBe(false);
    // Explicit owners, when one process can hold two attempts at once.
    expect(await a.claim('ix-4', 60_000, 'attempt-1')).toBe(true);
    expect(await a.release('ix-4', 'attempt-2')).toBe(false);
    expect(await a.release('ix-4', 'attempt-1')).toBe(true);
    expect(await a.release('never-claimed')).toBe(false);
  });

  it('rejects a TTL Redis would refuse, before sending it', async () => {
    const dedupe = new RedisDeduplicator(connect(), { keyPrefix: ns.prefix });
    await expect(dedupe.claim('k', 0)).rejects.toThrow(RangeError);
  });
});
