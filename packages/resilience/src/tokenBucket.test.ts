import { checkCost, resolveTokenBucketOptions, takeFromBucket } from './tokenBucket';

const policy = { capacity: 10, refillPerSecond: 2 };

describe('takeFromBucket', () => {
  it('starts a missing bucket full', () => {
    const { decision, next } = takeFromBucket(undefined, 1_000, 1, policy);
    expect(decision).toEqual({ allowed: true, remaining: 9, retryAfterMs: 0 });
    expect(next).toEqual({ tokens: 9, updatedAtMs: 1_000 });
  });

  it('refills by elapsed time at refillPerSecond, up to capacity', () => {
    const state = { tokens: 0, updatedAtMs: 0 };
    expect(takeFromBucket(state, 500, 1, policy).decision).toEqual({
      allowed: true,
      remaining: 0,
      retryAfterMs: 0,
    });
    expect(takeFromBucket(state, 2_750, 1, policy).next?.tokens).toBeCloseTo(4.5);
    expect(takeFromBucket(state, 60_000, 1, policy).next?.tokens).toBe(9);
  });

  it('denies without taking when short, and says when cost tokens will be there', () => {
    const state = { tokens: 0.5, updatedAtMs: 0 };
    const { decision, next } = takeFromBucket(state, 0, 3, policy);
    // 2.5 tokens short at 2/s.
    expect(decision).toEqual({ allowed: false, remaining: 0, retryAfterMs: 1_250 });
    expect(next).toBeUndefined();
  });

  it('says when the bucket will be full again, which is when its state can go', () => {
    expect(takeFromBucket({ tokens: 4, updatedAtMs: 0 }, 0, 4, policy).fullInMs).toBe(5_000);
    expect(takeFromBucket(undefined, 0, 1, policy).fullInMs).toBe(500);
  });

  it('refills nothing when the clock goes backwards, and never moves the timestamp back', () => {
    const state = { tokens: 3, updatedAtMs: 10_000 };
    const { decision, next } = takeFromBucket(state, 9_000, 1, policy);
    expect(decision.remaining).toBe(2);
    expect(next).toEqual({ tokens: 2, updatedAtMs: 10_000 });
  });
});

describe('token bucket options', () => {
  it('merge the default key prefix once', () => {
    expect(resolveTokenBucketOptions(policy)).toEqual({ ...policy, keyPrefix: 'rl:' });
    expect(resolveTokenBucketOptions({ ...policy, keyPrefix: 'x:' }).keyPrefix).toBe('x:');
  });

  it('reject policies no bucket could follow', () => {
    expect(() => resolveTokenBucketOptions({ capacity: 0, refillPerSecond: 1 })).toThrow(RangeError);
    expect(() => resolveTokenBucketOptions({ capacity: 1, refillPerSecond: -1 })).toThrow(RangeError);
    expect(() => resolveTokenBucketOptions({ capacity: Number.NaN, refillPerSecond: 1 })).toThrow(RangeError);
  });

  it('reject a cost the bucket could never satisfy', () => {
    expect(() => checkCost(11, 10)).toThrow(RangeError);
    expect(() => checkCost(0, 10)).toThrow(RangeError);
    expect(() => checkCost(10, 10)).not.toThrow();
  });
});
