import { type RunSummary } from '../model.js';
import { type ReportChart } from './chartTypes.js';
import { processCharts } from './processCharts.js';
import { rampChart } from './rampChart.js';
import { histogramChart, latencyChart, throughputChart } from './timelineCharts.js';

/** The charts of report.html by name, each with its data or the sentence that replaces it. */
export interface ReportCharts {
  latency: ReportChart;
  histogram: ReportChart;
  throughput: ReportChart;
  cpu: ReportChart;
  rss: ReportChart;
  heap: ReportChart;
  /** Only for a scenario whose results hold a ramp curve. */
  ramp: ReportChart | null;
}

export function buildReportCharts(summary: RunSummary): ReportCharts {
  const [cpu, rss, heap] = processCharts(summary);
  return {
    latency: latencyChart(summary),
    histogram: histogramChart(summary),
    throughput: throughputChart(summary),
    cpu,
    rss,
    heap,
    ramp: rampChart(summary),
  };
}
