import { identifyFloor } from './identifyFloor.js';

const shards = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('identifyFloor', () => {
  it('is ceil(shards / max_concurrency) rounds, one window apart, for shards 0..n-1', () => {
    expect(identifyFloor(shards(100), { maxConcurrency: 16, windowMs: 5000 })).toEqual({
      rounds: 7,
      floorMs: 30_000,
    });
    expect(identifyFloor(shards(96), { maxConcurrency: 16, windowMs: 5000 })).toEqual({
      rounds: 6,
      floorMs: 25_000,
    });
  });

  it('counts the busiest bucket when the shards are not contiguous', () => {
    // 0, 16 and 32 share bucket 0; the others are alone in theirs.
    expect(identifyFloor([0, 1, 16, 32, 5], { maxConcurrency: 16, windowMs: 5000 })).toEqual({
      rounds: 3,
      floorMs: 10_000,
    });
  });

  it('needs no wait for one round, and nothing for no shards', () => {
    expect(identifyFloor(shards(16), { maxConcurrency: 16, windowMs: 5000 }).floorMs).toBe(0);
    expect(identifyFloor([], { maxConcurrency: 16, windowMs: 5000 })).toEqual({ rounds: 0, floorMs: 0 });
  });

  it('refuses a max_concurrency below 1', () => {
    expect(() => identifyFloor(shards(4), { maxConcurrency: 0, windowMs: 5000 })).toThrow(/maxConcurrency/);
  });
});
