import { computeBackoffMs } from './backoff';

const options = { baseMs: 100, maxMs: 5_000 };
const almostOne = 1 - Number.EPSILON;

describe('computeBackoffMs', () => {
  it('draws from [0, baseMs) on the first retry and doubles the ceiling after each', () => {
    expect(computeBackoffMs(1, options, () => 0)).toBe(0);
    expect(computeBackoffMs(1, options, () => almostOne)).toBe(99);
    expect(computeBackoffMs(2, options, () => almostOne)).toBe(199);
    expect(computeBackoffMs(3, options, () => 0.5)).toBe(200);
    expect(computeBackoffMs(6, options, () => almostOne)).toBe(3_199);
  });

  it('never exceeds maxMs, even after absurdly many attempts', () => {
    expect(computeBackoffMs(7, options, () => almostOne)).toBe(4_999);
    expect(computeBackoffMs(50, options, () => almostOne)).toBe(4_999);
    expect(computeBackoffMs(5_000, options, () => almostOne)).toBe(4_999);
  });

  it('stays within its window for every draw (full jitter)', () => {
    for (let attempt = 1; attempt <= 12; attempt++) {
      const ceiling = Math.min(options.maxMs, options.baseMs * 2 ** (attempt - 1));
      for (let i = 0; i < 200; i++) {
        const ms = computeBackoffMs(attempt, options);
        expect(ms).toBeGreaterThanOrEqual(0);
        expect(ms).toBeLessThan(ceiling);
        expect(Number.isInteger(ms)).toBe(true);
      }
    }
  });

  it('rejects attempts, bounds and draws that would make nonsense delays', () => {
    expect(() => computeBackoffMs(0, options)).toThrow(RangeError);
    expect(() => computeBackoffMs(1.5, options)).toThrow(RangeError);
    expect(() => computeBackoffMs(1, { baseMs: 0, maxMs: 10 })).toThrow(RangeError);
    expect(() => computeBackoffMs(1, { baseMs: 100, maxMs: 50 })).toThrow(RangeError);
    expect(() => computeBackoffMs(1, { baseMs: 100, maxMs: Infinity })).toThrow(RangeError);
    expect(() => computeBackoffMs(1, options, () => 1)).toThrow(RangeError);
  });
});
