/** One step of a ramp as the report draws it. */
export interface RampPoint {
  ratePerSec: number;
  p99Ms: number;
  p50Ms: number | null;
  /** 0..1 */
  errorRate: number | null;
}

const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

function field(point: object, key: string): unknown {
  return Object.hasOwn(point, key) ? (point as Record<string, unknown>)[key] : undefined;
}

/**
 * The ramp's curve and knee from a scenario's free-form results: `curve` must be an array whose every entry has
 * numeric `ratePerSec` and `p99Ms` (`p50Ms` and `errorRate` are drawn when present); `knee` is a rate or an
 * object with `ratePerSec`. null when the results hold no such curve (another scenario, or a shape this does
 * not know), and the report then shows them only as rows.
 */
export function readRampCurve(
  results: Record<string, unknown>,
): { points: RampPoint[]; kneeRatePerSec: number | null } | null {
  const curve = results['curve'];
  if (!Array.isArray(curve)) return null;
  const points: RampPoint[] = [];
  for (const entry of curve as unknown[]) {
    if (typeof entry !== 'object' || entry === null) return null;
    const [ratePerSec, p99Ms, p50Ms, errorRate] = ['ratePerSec', 'p99Ms', 'p50Ms', 'errorRate'].map((key) =>
      field(entry, key),
    );
    if (!isNumber(ratePerSec) || !isNumber(p99Ms)) return null;
    points.push({
      ratePerSec,
      p99Ms,
      p50Ms: isNumber(p50Ms) ? p50Ms : null,
      errorRate: isNumber(errorRate) ? errorRate : null,
    });
  }
  // The chart's x axis must ascend; a ramp that stepped down again is drawn in rate order.
  points.sort((a, b) => a.ratePerSec - b.ratePerSec);
  const knee = results['knee'];
  const kneeRate = typeof knee === 'object' && knee !== null ? field(knee, 'ratePerSec') : knee;
  return { points, kneeRatePerSec: isNumber(kneeRate) ? kneeRate : null };
}
