import { type RunSummary } from '../model.js';
import { type ChartSeries, type ReportChart, seriesColor as color } from './chartTypes.js';
import { formatNumber } from './format.js';
import { readRampCurve } from './rampCurve.js';

/** The ramp's p99 (and p50, error rate) against offered rate, with the knee marked; null for other scenarios. */
export function rampChart(summary: RunSummary): ReportChart | null {
  const ramp = readRampCurve(summary.scenarioResults);
  if (ramp === null) return null;
  const base = {
    id: 'chart-ramp',
    title: 'Ramp: p99 latency against offered rate',
    caption:
      'Each point is one step of the ramp. Left of the knee, p99 stays flat as the rate grows; right of it, ' +
      'latency and errors climb because the cluster cannot keep up.',
  };
  if (ramp.points.length === 0) return { ...base, empty: 'The ramp reported no steps.' };
  const series: ChartSeries[] = [
    {
      label: 'p99',
      unit: 'ms',
      color: color(4),
      values: ramp.points.map((p) => p.p99Ms),
      style: 'linePoints',
    },
  ];
  if (ramp.points.every((p) => p.p50Ms !== null)) {
    series.push({
      label: 'p50',
      unit: 'ms',
      color: color(0),
      values: ramp.points.map((p) => p.p50Ms),
      style: 'linePoints',
    });
  }
  const hasErrors = ramp.points.every((p) => p.errorRate !== null);
  if (hasErrors) {
    const values = ramp.points.map((p) => (p.errorRate === null ? null : p.errorRate * 100));
    series.push({
      label: 'error rate',
      unit: '%',
      color: color(3),
      values,
      style: 'linePoints',
      dashed: true,
      rightAxis: true,
    });
  }
  return {
    ...base,
    plot: {
      xLabel: 'offered rate (interactions/s)',
      xLegend: 'offered (/s)',
      yLabel: 'latency (ms)',
      ...(hasErrors ? { y2Label: 'error rate (%)' } : {}),
      x: ramp.points.map((p) => p.ratePerSec),
      series,
      markers:
        ramp.kneeRatePerSec === null
          ? []
          : [{ x: ramp.kneeRatePerSec, label: `knee ${formatNumber(ramp.kneeRatePerSec)}/s` }],
    },
  };
}
