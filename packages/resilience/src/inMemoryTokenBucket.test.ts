import { InMemoryTokenBucket } from './inMemoryTokenBucket';

function bucketWithClock(capacity: number, refillPerSecond: number) {
  let nowMs = 1_000_000;
  const bucket = new InMemoryTokenBucket({ capacity, refillPerSecond, clock: () => nowMs });
  return { bucket, advance: (ms: number) => void (nowMs += ms) };
}

async function grants(bucket: InMemoryTokenBucket, key: string, takes: number): Promise<number> {
  let allowed = 0;
  for (let i = 0; i < takes; i++) if ((await bucket.take(key)).allowed) allowed++;
  return allowed;
}

describe('InMemoryTokenBucket', () => {
  it('allows a burst of capacity, then denies with the wait for one token', async () => {
    const { bucket } = bucketWithClock(5, 10);
    expect(await grants(bucket, 'user:1', 8)).toBe(5);
    expect(await bucket.take('user:1')).toEqual({ allowed: false, remaining: 0, retryAfterMs: 100 });
  });

  it('refills at refillPerSecond: grants over time never exceed capacity + rate × elapsed', async () => {
    const { bucket, advance } = bucketWithClock(5, 10);
    let allowed = 0;
    for (let i = 0; i < 1_000; i++) {
      if ((await bucket.take('k')).allowed) allowed++;
      advance(7); // 7 s in all
    }
    expect(allowed).toBeLessThanOrEqual(5 + 10 * 7);
    expect(allowed).toBeGreaterThanOrEqual(10 * 7);
  });

  it('keeps keys apart', async () => {
    const { bucket } = bucketWithClock(1, 1);
    expect((await bucket.take('guild:1')).allowed).toBe(true);
    expect((await bucket.take('guild:1')).allowed).toBe(false);
    expect((await bucket.take('guild:2')).allowed).toBe(true);
  });

  it('takes a cost of several tokens at once, or none', async () => {
    const { bucket, advance } = bucketWithClock(10, 1);
    expect(await bucket.take('k', 7)).toEqual({ allowed: true, remaining: 3, retryAfterMs: 0 });
    expect(await bucket.take('k', 5)).toEqual({ allowed: false, remaining: 3, retryAfterMs: 2_000 });
    advance(2_000);
    expect(await bucket.take('k', 5)).toEqual({ allowed: true, remaining: 0, retryAfterMs: 0 });
  });

  it('forgets idle buckets once they are full again', async () => {
    const { bucket, advance } = bucketWithClock(2, 1);
    for (let i = 0; i < 50; i++) await bucket.take(`user:${i}`);
    expect(bucket.size).toBe(50);
    advance(2_000);
    await bucket.take('user:new');
    expect(bucket.size).toBe(1);
  });

  it('rejects a cost above capacity as a programming mistake', async () => {
    const { bucket } = bucketWithClock(2, 1);
    await expect(bucket.take('k', 3)).rejects.toThrow(RangeError);
  });
});
