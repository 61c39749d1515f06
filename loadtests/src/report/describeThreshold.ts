import { type ThresholdResult } from '../model.js';
import { formatNumber } from './format.js';

/**
 * What a threshold measured against what it allows, for a console line or a JUnit failure:
 * `actual 2,345.6 vs limit < 2000`, or `not measured (the run has no latencyMs.p95) vs limit < 2000`.
 */
export function describeThresholdOutcome(result: ThresholdResult): string {
  const actual =
    result.actual === null
      ? `not measured (the run has no ${result.metric})`
      : `actual ${formatNumber(result.actual, 4)}`;
  return `${actual} vs limit ${result.op} ${String(result.limit)}`;
}
