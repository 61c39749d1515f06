import { deliveryBuckets } from './redisDeliveryWindow.js';

describe('deliveryBuckets', () => {
  const bucketMs = 60_000;

  it('reads the bucket of now and both neighbours', () => {
    expect(deliveryBuckets(10 * bucketMs + 5, bucketMs)).toMatchObject({
      previous: 9,
      current: 10,
      next: 11,
    });
    expect(deliveryBuckets(11 * bucketMs - 1, bucketMs).current).toBe(10);
  });

  it('finds any id written within one bucket of now, whichever side', () => {
    for (const writtenMs of [0, 1, bucketMs / 2, bucketMs - 1]) {
      const written = deliveryBuckets(10 * bucketMs + writtenMs, bucketMs).current;
      for (const gapMs of [-bucketMs, -1, 0, 1, bucketMs]) {
        const { previous, next } = deliveryBuckets(10 * bucketMs + writtenMs + gapMs, bucketMs);
        expect(written).toBeGreaterThanOrEqual(previous);
        expect(written).toBeLessThanOrEqual(next);
      }
    }
  });

  it('keeps the written bucket until a caller a bucket behind is done reading it', () => {
    for (const offsetMs of [0, 1, bucketMs - 1]) {
      const nowMs = 10 * bucketMs + offsetMs;
      const { expireMs } = deliveryBuckets(nowMs, bucketMs);
      // Its last reader is in bucket 11, until 12 × bucketMs on its clock; a bucket of margin for skew.
      expect(nowMs + expireMs).toBe(13 * bucketMs);
      expect(expireMs).toBeGreaterThan(2 * bucketMs);
    }
  });

  it('refuses a bucket that is not a whole number of milliseconds of at least a second', () => {
    for (const bad of [0, 999, 1_500.5, Number.NaN]) {
      expect(() => deliveryBuckets(0, bad)).toThrow(RangeError);
    }
  });
});
