import type { Percentiles, Slope } from './model.js';

/** Count, mean and percentiles (nearest rank) of `values`; zeros for an empty set. */
export function percentiles(values: readonly number[]): Percentiles {
  if (values.length === 0) return { count: 0, mean: 0, p50: 0, p90: 0, p95: 0, p99: 0, max: 0 };
  const sorted = Float64Array.from(values).sort();
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
  let sum = 0;
  for (const v of sorted) sum += v;
  return {
    count: sorted.length,
    mean: round(sum / sorted.length),
    p50: round(at(0.5)),
    p90: round(at(0.9)),
    p95: round(at(0.95)),
    p99: round(at(0.99)),
    max: round(sorted[sorted.length - 1]!),
  };
}

/** Latency buckets of the report's histogram, in ms. */
export const HISTOGRAM_BOUNDS_MS = [
  5, 10, 25, 50, 75, 100, 150, 200, 300, 500, 750, 1000, 1500, 2000, 3000, 5000, 10000, 30000,
];

export function histogram(values: readonly number[], boundsMs = HISTOGRAM_BOUNDS_MS) {
  const counts = new Array<number>(boundsMs.length + 1).fill(0);
  for (const v of values) {
    let i = boundsMs.findIndex((b) => v <= b);
    if (i === -1) i = boundsMs.length;
    counts[i]!++;
  }
  return { boundsMs: [...boundsMs, Number.MAX_SAFE_INTEGER], counts };
}

/**
 * Least-squares slope of y over x (x in minutes), with its standard error and 95% interval (normal
 * approximation, fine from a few dozen samples); null under 3 points.
 */
export function slope(points: readonly { x: number; y: number }[]): Slope | null {
  const n = points.length;
  if (n < 3) return null;
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (const p of points) {
    sxx += (p.x - mx) ** 2;
    sxy += (p.x - mx) * (p.y - my);
    syy += (p.y - my) ** 2;
  }
  if (sxx === 0) return null;
  const b = sxy / sxx;
  const residual = Math.max(0, syy - b * sxy);
  const stderr = Math.sqrt(residual / (n - 2) / sxx);
  return {
    bytesPerMinute: round(b),
    stderrBytesPerMinute: round(stderr),
    ci95BytesPerMinute: [round(b - 1.96 * stderr), round(b + 1.96 * stderr)],
    r2: syy === 0 ? 0 : round((b * sxy) / syy, 4),
    samples: n,
  };
}

export function round(n: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}
