// How every report writes a figure, so summary.md, report.html and the console agree to the digit.

import { type RunSummary, type Slope } from '../model.js';

const MIB = 1024 * 1024;
const NONE = '—';

/** Grouped thousands; fewer decimals as the number grows (1,234 · 56.7 · 0.42). */
export function formatNumber(value: number | null, maxFractionDigits?: number): string {
  if (value === null || !Number.isFinite(value)) return NONE;
  const magnitude = Math.abs(value);
  const digits =
    maxFractionDigits ?? (magnitude >= 100 || Number.isInteger(value) ? 0 : magnitude >= 10 ? 1 : 2);
  return value.toLocaleString('en-US', { maximumFractionDigits: digits });
}

/** Exactly `digits` decimals, grouped thousands, for columns that should line up: 8.90 · 35.00. */
export function formatFixed(value: number | null, digits: number): string {
  if (value === null || !Number.isFinite(value)) return NONE;
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export function formatMs(value: number | null): string {
  return value === null ? NONE : `${formatNumber(value)} ms`;
}

export function formatPerSec(value: number | null): string {
  return value === null ? NONE : `${formatNumber(value)}/s`;
}

/** A 0..1 rate as a percentage with two decimals: 0.99512 → `99.51 %`. */
export function formatRate(value: number | null): string {
  return value === null ? NONE : `${(value * 100).toFixed(2)} %`;
}

export function formatMiB(bytes: number | null): string {
  return bytes === null ? NONE : `${formatFixed(bytes / MIB, 1)} MiB`;
}

/** Bytes per minute as signed MiB/min: `+1.2 MiB/min`. */
function formatMiBPerMinute(bytesPerMinute: number): string {
  const mib = bytesPerMinute / MIB;
  const sign = mib > 0 ? '+' : mib < 0 ? '−' : '';
  return `${sign}${formatFixed(Math.abs(mib), 2)} MiB/min`;
}

/** A DROAS ÷ baseline ratio: `0.83×`. */
export function formatRatio(value: number | null): string {
  return value === null || !Number.isFinite(value) ? NONE : `${value.toFixed(2)}×`;
}

/** CPU seconds with one decimal: `8.9 s`. */
export function formatCpuSeconds(seconds: number): string {
  return `${formatFixed(seconds, 1)} s`;
}

/** CPU milliseconds per interaction with two decimals: `0.66 ms`. */
export function formatCpuMs(ms: number | null): string {
  return ms === null ? NONE : `${formatFixed(ms, 2)} ms`;
}

/** A threshold's measured value, or why there is none. */
export function formatActual(actual: number | null): string {
  return actual === null ? 'not measured' : formatNumber(actual, 4);
}

/** An RSS slope with its 95% confidence interval: `+1.20 MiB/min (95% CI +0.80 to +1.60)`. */
export function formatSlope(slope: Slope | null): string {
  if (slope === null) return NONE;
  const [low, high] = slope.ci95BytesPerMinute;
  const bare = (bytes: number) => formatMiBPerMinute(bytes).replace(' MiB/min', '');
  return `${formatMiBPerMinute(slope.bytesPerMinute)} (95% CI ${bare(low)} to ${bare(high)})`;
}

/** An ISO 8601 UTC time as `2025-03-14 09:26:53 UTC`; any other form is shown as written. */
export function formatStartedAt(iso: string): string {
  const utc = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(?:\.\d+)?Z$/.exec(iso);
  return utc === null ? iso : `${utc[1]} ${utc[2]} UTC`;
}

/**
 * The failures of a run as one table's headers and single row, for every report format. `name` escapes a
 * scope or rule name for the format it goes into.
 */
export function failureCells(
  failures: RunSummary['failures'],
  name: (text: string) => string = (text) => text,
): { headers: string[]; row: string[] } {
  const byKey = (counts: Record<string, number>) =>
    Object.entries(counts)
      .map(([k, v]) => `${name(k)} ${formatNumber(v)}`)
      .join(', ') || 'none';
  return {
    headers: [
      'unanswered at end',
      'error answers',
      'late acks (10062)',
      'double acks (40060)',
      '429s by scope',
      'violations',
    ],
    row: [
      formatNumber(failures.unansweredAtEnd),
      formatNumber(failures.errorAnswers),
      formatNumber(failures.lateAcknowledgements),
      formatNumber(failures.doubleAcknowledgements),
      byKey(failures.rateLimited),
      byKey(failures.violations),
    ],
  };
}

/** Redis's append-only-file rewrites during the run and its keys at the end, in words. */
export function redisHousekeeping({ redis }: RunSummary): string {
  const rewrites =
    redis.aofRewrites === null
      ? 'append-only-file rewrites not known'
      : `${formatNumber(redis.aofRewrites)} append-only-file rewrites`;
  return `${rewrites}, ${formatNumber(redis.keysAtEnd)} keys at the end`;
}
