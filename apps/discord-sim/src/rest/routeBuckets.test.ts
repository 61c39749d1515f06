import { ManualClock } from '../world/clock.js';
import { RouteBuckets } from './routeBuckets.js';

describe('RouteBuckets', () => {
  it('opens a bucket window on the first request and resets it windowMs later', () => {
    const clock = new ManualClock(0);
    const buckets = new RouteBuckets(clock);
    const limit = { limit: 2, windowMs: 1000 };
    expect(buckets.take('a', limit)).toMatchObject({ allowed: true, remaining: 1, resetAfterMs: 1000 });
    clock.advance(400);
    expect(buckets.take('a', limit)).toMatchObject({ allowed: true, remaining: 0, resetAfterMs: 600 });
    expect(buckets.take('a', limit)).toMatchObject({ allowed: false, remaining: 0 });
    expect(buckets.take('b', limit).allowed).toBe(true);
    clock.advance(600);
    expect(buckets.take('a', limit)).toMatchObject({ allowed: true, remaining: 1 });
  });
});
