import type { Percentiles } from './model.js';

/**
 * The distribution of `values` (milliseconds, usually): count, mean, max, and the 50th, 90th, 95th and 99th
 * percentiles by nearest rank (each a value that was measured, never an interpolation). An empty set gives
 * count 0 and zeros, so a summary never holds NaN. `values` is not modified.
 */
export function percentiles(values: readonly number[]): Percentiles {
  if (values.length === 0) return { count: 0, mean: 0, p50: 0, p90: 0, p95: 0, p99: 0, max: 0 };
  const sorted = Float64Array.from(values).sort();
  let sum = 0;
  for (const v of sorted) sum += v;
  return {
    count: sorted.length,
    mean: sum / sorted.length,
    p50: nearestRank(sorted, 0.5),
    p90: nearestRank(sorted, 0.9),
    p95: nearestRank(sorted, 0.95),
    p99: nearestRank(sorted, 0.99),
    max: sorted[sorted.length - 1]!,
  };
}

/** The smallest value with at least `q` (0–1) of `sorted` at or below it. */
function nearestRank(sorted: Float64Array, q: number): number {
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length)));
  return sorted[rank - 1]!;
}
