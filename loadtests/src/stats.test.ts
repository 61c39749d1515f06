import { histogram, percentiles, slope } from './stats.js';

describe('percentiles', () => {
  it('gives count 0 and zeros for no values, never NaN', () => {
    expect(percentiles([])).toEqual({ count: 0, mean: 0, p50: 0, p90: 0, p95: 0, p99: 0, max: 0 });
  });

  it('gives the one value for every figure of a single measurement', () => {
    expect(percentiles([7.5])).toEqual({
      count: 1,
      mean: 7.5,
      p50: 7.5,
      p90: 7.5,
      p95: 7.5,
      p99: 7.5,
      max: 7.5,
    });
  });

  it('picks measured values by nearest rank, whatever the input order', () => {
    // 1..100 shuffled: the q-th percentile by nearest rank is exactly q.
    const values = Array.from({ length: 100 }, (_, i) => ((i * 37) % 100) + 1);
    expect(percentiles(values)).toEqual({
      count: 100,
      mean: 50.5,
      p50: 50,
      p90: 90,
      p95: 95,
      p99: 99,
      max: 100,
    });
  });

  it('rounds ranks up on small sets, so a tail percentile is the largest value', () => {
    const stats = percentiles([10, 30, 20, 40]);
    expect(stats.p50).toBe(20);
    expect(stats.p90).toBe(40);
    expect(stats.p99).toBe(40);
    expect(stats.mean).toBe(25);
  });

  it('sorts numerically, not as text, and leaves the input alone', () => {
    const values = [100, 9, 20];
    expect(percentiles(values).p50).toBe(20);
    expect(values).toEqual([100, 9, 20]);
  });
});

describe('histogram and slope', () => {
  it('puts each value in the first bucket whose bound holds it', () => {
    const h = histogram([1, 5, 6, 40_000], [5, 10]);
    expect(h.counts).toEqual([2, 1, 1]);
  });

  it('finds a slope and how sure it is', () => {
    const flat = slope(Array.from({ length: 30 }, (_, i) => ({ x: i, y: 100 + (i % 2) })));
    expect(Math.abs(flat!.bytesPerMinute)).toBeLessThan(0.1);
    expect(flat!.ci95BytesPerMinute[0]).toBeLessThan(0);
    expect(flat!.ci95BytesPerMinute[1]).toBeGreaterThan(0);
    const growing = slope(Array.from({ length: 30 }, (_, i) => ({ x: i, y: 1000 * i })));
    expect(growing).toMatchObject({ bytesPerMinute: 1000, r2: 1 });
    expect(slope([{ x: 0, y: 1 }])).toBeNull();
  });
});
