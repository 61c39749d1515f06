import { type RunSummary } from '../model.js';
import { type ChartSeries, type ReportChart, TIME_AXIS, seriesColor as color } from './chartTypes.js';
import { formatNumber } from './format.js';

/** p50, p95 and p99 per second of the run. */
export function latencyChart(summary: RunSummary): ReportChart {
  const base = {
    id: 'chart-latency',
    title: 'Latency percentiles over time',
    caption:
      'Each point is one second of answers (one step for a ramp). p50 is the typical member; p99 the slowest 1 in 100. ' +
      'p99 climbing away from p50 means a queue is building.',
  };
  const { timeline } = summary;
  if (timeline.length === 0)
    return { ...base, empty: 'The run recorded no timeline, so there is nothing to draw.' };
  const line = (label: string, index: number, values: number[]): ChartSeries => ({
    label,
    unit: 'ms',
    color: color(index),
    values,
    style: 'line',
  });
  return {
    ...base,
    plot: {
      xLabel: TIME_AXIS.label,
      xLegend: TIME_AXIS.legend,
      yLabel: 'latency (ms)',
      x: timeline.map((p) => p.tSec),
      series: [
        line(
          'p50',
          0,
          timeline.map((p) => p.p50Ms),
        ),
        line(
          'p95',
          1,
          timeline.map((p) => p.p95Ms),
        ),
        line(
          'p99',
          4,
          timeline.map((p) => p.p99Ms),
        ),
      ],
    },
  };
}

/** A bucket bound short enough for twenty of them side by side: `750`, `1.5s`, `30s`. */
function formatBound(ms: number): string {
  return ms < 1000 ? formatNumber(ms) : `${formatNumber(ms / 1000)}s`;
}

/**
 * The last bucket's bound when it only catches what is left: stats.ts's histogram closes with
 * Number.MAX_SAFE_INTEGER, and a histogram may also have one count more than bounds.
 */
function isOverflowBound(bound: number): boolean {
  return !Number.isFinite(bound) || bound >= Number.MAX_SAFE_INTEGER;
}

/** Answers per latency bucket, one bar per bucket of `histogram`. */
export function histogramChart(summary: RunSummary): ReportChart {
  const base = {
    id: 'chart-histogram',
    title: 'Latency distribution',
    caption:
      'Answers per latency bucket. Buckets widen to the right (the axis is not linear): each bar is labelled with ' +
      'its upper bound (1.5s is 1,500 ms).',
  };
  const { boundsMs, counts } = summary.histogram;
  if (counts.every((c) => c === 0))
    return { ...base, empty: 'No answers were timed, so there is no distribution.' };
  const labels = counts.map((_, i) => {
    const bound = boundsMs[i];
    if (bound !== undefined && !isOverflowBound(bound)) return `≤${formatBound(bound)}`;
    return `>${formatBound(i === 0 ? 0 : (boundsMs[i - 1] ?? boundsMs.at(-1) ?? 0))}`;
  });
  return {
    ...base,
    plot: {
      xLabel: 'latency bucket (upper bound, in ms unless marked s)',
      xLegend: 'bucket (ms)',
      yLabel: 'answers',
      x: counts.map((_, i) => i),
      xTickLabels: labels,
      series: [{ label: 'answers', unit: '', color: color(0), values: counts, style: 'bars' }],
    },
  };
}

/** Offered against achieved per second, with the seconds that had errors. */
export function throughputChart(summary: RunSummary): ReportChart {
  const base = {
    id: 'chart-throughput',
    title: 'Offered and achieved throughput',
    caption:
      'Offered is what the load generator sent each second; achieved is what was answered. A gap between them is a ' +
      'backlog growing; errors are answers that told the member something failed.',
  };
  const { timeline } = summary;
  if (timeline.length === 0)
    return { ...base, empty: 'The run recorded no timeline, so there is nothing to draw.' };
  return {
    ...base,
    plot: {
      xLabel: TIME_AXIS.label,
      xLegend: TIME_AXIS.legend,
      yLabel: 'interactions per second',
      y2Label: 'errors per second',
      x: timeline.map((p) => p.tSec),
      series: [
        {
          label: 'offered',
          unit: '/s',
          color: color(7),
          values: timeline.map((p) => p.offeredPerSec),
          style: 'line',
        },
        {
          label: 'achieved',
          unit: '/s',
          color: color(0),
          values: timeline.map((p) => p.achievedPerSec),
          style: 'line',
        },
        // Only seconds with errors get a dot, on their own axis: a row of zeros would hide the offered line.
        {
          label: 'errors',
          unit: '/s',
          color: color(4),
          values: timeline.map((p) => (p.errors === 0 ? null : p.errors)),
          style: 'points',
          rightAxis: true,
        },
      ],
    },
  };
}
