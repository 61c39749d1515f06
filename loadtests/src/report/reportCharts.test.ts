import { type ProcessSample } from '../model';
import { histogram } from '../stats';
import { buildFixtureSummary } from './fixture';
import { readRampCurve } from './rampCurve';
import { deriveCpuPercent } from './processCharts';
import { buildReportCharts } from './reportCharts';

const sample = (name: string, tSec: number, cpuSeconds: number): ProcessSample => ({
  tSec,
  name,
  role: 'worker',
  cpuSeconds,
  rssBytes: 1,
});

describe('deriveCpuPercent', () => {
  it('turns consecutive CPU counters into % of one core at the later sample, on one shared time axis', () => {
    const { x, byProcess } = deriveCpuPercent([
      sample('worker-0', 10, 5),
      sample('worker-1', 0, 1),
      sample('worker-0', 0, 2),
      sample('worker-1', 5, 1.5),
      sample('worker-0', 20, 20),
    ]);
    expect(x).toEqual([0, 5, 10, 20]);
    expect(byProcess.get('worker-0')).toEqual([null, null, 30, 150]);
    expect(byProcess.get('worker-1')).toEqual([null, 10, null, null]);
  });

  it('leaves a gap where the counter went backwards (the process restarted)', () => {
    const { byProcess } = deriveCpuPercent([sample('w', 0, 9), sample('w', 5, 1), sample('w', 10, 2)]);
    expect(byProcess.get('w')).toEqual([null, null, 20]);
  });
});

describe('readRampCurve', () => {
  it('reads the points in rate order and the knee as an object or a number', () => {
    const curve = [
      { ratePerSec: 200, p99Ms: 900, errorRate: 0.02 },
      { ratePerSec: 100, p99Ms: 150, p50Ms: 30, errorRate: 0 },
    ];
    expect(readRampCurve({ curve, knee: { ratePerSec: 150 } })).toEqual({
      points: [
        { ratePerSec: 100, p99Ms: 150, p50Ms: 30, errorRate: 0 },
        { ratePerSec: 200, p99Ms: 900, p50Ms: null, errorRate: 0.02 },
      ],
      kneeRatePerSec: 150,
    });
    expect(readRampCurve({ curve, knee: 120 })?.kneeRatePerSec).toBe(120);
    expect(readRampCurve({ curve })?.kneeRatePerSec).toBeNull();
  });

  it('is null for results without a curve it can draw', () => {
    expect(readRampCurve({})).toBeNull();
    expect(readRampCurve({ curve: 'steep' })).toBeNull();
    expect(readRampCurve({ curve: [{ ratePerSec: 1, p99Ms: 'slow' }] })).toBeNull();
    expect(readRampCurve({ curve: [null] })).toBeNull();
  });
});

describe('buildReportCharts', () => {
  it('draws every chart of the fixture, with the knee marked on the ramp', () => {
    const charts = buildReportCharts(buildFixtureSummary());
    for (const chart of [charts.latency, charts.histogram, charts.throughput, charts.cpu, charts.rss]) {
      expect(chart.plot).toBeDefined();
      expect(chart.plot!.xLabel).toMatch(/\(.+\)$/); // every axis says its unit
      expect(chart.plot!.yLabel).toMatch(/\(.+\)$|per second|answers/);
    }
    expect(charts.latency.plot!.series.map((s) => s.label)).toEqual(['p50', 'p95', 'p99']);
    expect(charts.latency.plot!.x).toHaveLength(60);
    expect(charts.cpu.plot!.series).toHaveLength(4);
    expect(charts.ramp?.plot?.markers).toEqual([{ x: 330, label: 'knee 330/s' }]);
  });

  it('labels histogram buckets by upper bound, and an overflow bucket by the last bound', () => {
    const charts = buildReportCharts(
      buildFixtureSummary({ overrides: { histogram: { boundsMs: [10, 100], counts: [1, 2, 3] } } }),
    );
    expect(charts.histogram.plot!.xTickLabels).toEqual(['≤10', '≤100', '>100']);
  });

  it("labels the runner's catch-all bucket (bound Number.MAX_SAFE_INTEGER) as an overflow", () => {
    const charts = buildReportCharts(
      buildFixtureSummary({ overrides: { histogram: histogram([3, 70, 99_999], [5, 100, 1500]) } }),
    );
    expect(charts.histogram.plot!.xTickLabels).toEqual(['≤5', '≤100', '≤1.5s', '>1.5s']);
    expect(charts.histogram.plot!.series[0]!.values).toEqual([1, 1, 0, 1]);
  });

  it('replaces each chart with a sentence when its data is empty', () => {
    const charts = buildReportCharts(
      buildFixtureSummary({
        overrides: {
          timeline: [],
          processSamples: [],
          histogram: { boundsMs: [], counts: [] },
          scenarioResults: { curve: [] },
        },
      }),
    );
    for (const chart of [
      charts.latency,
      charts.histogram,
      charts.throughput,
      charts.cpu,
      charts.rss,
      charts.ramp!,
    ]) {
      expect(chart.plot).toBeUndefined();
      expect(chart.empty).toMatch(/^[A-Z].+\.$/);
    }
    expect(buildReportCharts(buildFixtureSummary({ overrides: { scenarioResults: {} } })).ramp).toBeNull();
  });
});
