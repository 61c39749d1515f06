import { histogram, percentiles, slope } from './stats.js';

describe('stats', () => {
  it('gives nearest-rank percentiles, and zeros for nothing', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentiles(values)).toEqual({
      count: 100,
      mean: 50.5,
      p50: 50,
      p90: 90,
      p95: 95,
      p99: 99,
      max: 100,
    });
    expect(percentiles([])).toEqual({ count: 0, mean: 0, p50: 0, p90: 0, p95: 0, p99: 0, max: 0 });
  });

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
