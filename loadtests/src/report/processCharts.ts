import { type ProcessSample, type RunSummary } from '../model.js';
import { type ChartSeries, type ReportChart, TIME_AXIS, seriesColor as color } from './chartTypes.js';

const MIB = 1024 * 1024;

/** Samples by process, in order of time, keeping the order in which processes first appear. */
function samplesByProcess(samples: readonly ProcessSample[]): Map<string, ProcessSample[]> {
  const byName = new Map<string, ProcessSample[]>();
  for (const sample of samples) byName.set(sample.name, [...(byName.get(sample.name) ?? []), sample]);
  for (const own of byName.values()) own.sort((a, b) => a.tSec - b.tSec);
  return byName;
}

/**
 * CPU use between consecutive samples of each process, as a percentage of one core: Δ cpuSeconds ÷ Δ t × 100,
 * placed at the later sample's time. A drop in cpuSeconds (the process restarted) leaves a gap.
 */
export function deriveCpuPercent(samples: readonly ProcessSample[]): {
  x: number[];
  byProcess: Map<string, (number | null)[]>;
} {
  const byName = samplesByProcess(samples);
  const x = [...new Set(samples.map((s) => s.tSec))].sort((a, b) => a - b);
  const byProcess = new Map<string, (number | null)[]>();
  for (const [name, own] of byName) {
    const atTime = new Map<number, number>();
    for (let i = 1; i < own.length; i++) {
      const [before, after] = [own[i - 1]!, own[i]!];
      const seconds = after.tSec - before.tSec;
      const cpu = after.cpuSeconds - before.cpuSeconds;
      if (seconds > 0 && cpu >= 0) atTime.set(after.tSec, (cpu / seconds) * 100);
    }
    byProcess.set(
      name,
      x.map((t) => atTime.get(t) ?? null),
    );
  }
  return { x, byProcess };
}

/**
 * CPU (% of one core) and RSS (MiB) of each sampled process over time, on one shared time axis, and the V8 heap
 * (MiB) of the Node processes at the samples where it was read.
 */
export function processCharts(summary: RunSummary): [cpu: ReportChart, rss: ReportChart, heap: ReportChart] {
  const cpuBase = {
    id: 'chart-cpu',
    title: 'CPU per process',
    caption:
      'CPU time used between two samples ÷ the time between them. 100 % is one core busy all the time; above 100 % ' +
      'the process uses more than one core.',
  };
  const rssBase = {
    id: 'chart-rss',
    title: 'Memory (RSS) per process',
    caption:
      'Resident memory at each sample. A line that keeps rising under steady load is what the RSS slope in the ' +
      'processes table measures.',
  };
  if (summary.processSamples.length === 0) {
    const empty =
      'No process samples were taken (the sampler could not read /proc, or the run was external).';
    return [
      { ...cpuBase, empty },
      { ...rssBase, empty },
      { ...HEAP_BASE, empty },
    ];
  }
  const { x, byProcess } = deriveCpuPercent(summary.processSamples);
  const names = [...byProcess.keys()];
  const byName = samplesByProcess(summary.processSamples);
  const rss = names.map((name) => {
    const atTime = new Map(byName.get(name)!.map((s) => [s.tSec, s.rssBytes / MIB]));
    return x.map((t) => atTime.get(t) ?? null);
  });
  const series = (unit: string, values: (number | null)[][]): ChartSeries[] =>
    names.map((label, i) => ({ label, unit, color: color(i), values: values[i]!, style: 'line' }));
  const { label: xLabel, legend: xLegend } = TIME_AXIS;
  return [
    x.length < 2
      ? { ...cpuBase, empty: 'CPU use needs two samples of a process; the run took one.' }
      : {
          ...cpuBase,
          plot: {
            xLabel,
            xLegend,
            yLabel: 'CPU (% of one core)',
            x,
            series: series('%', [...byProcess.values()]),
          },
        },
    { ...rssBase, plot: { xLabel, xLegend, yLabel: 'RSS (MiB)', x, series: series('MiB', rss) } },
    heapChart(summary.processSamples, names),
  ];
}

const HEAP_BASE = {
  id: 'chart-heap',
  title: 'V8 heap per Node process',
  caption:
    'Heap in use as each process reports it on /metrics, read every few samples. It saws with garbage ' +
    'collection; a floor that keeps rising under steady load is a leak, which the heap slope in the processes ' +
    'table measures.',
};

function heapChart(samples: readonly ProcessSample[], names: readonly string[]): ReportChart {
  const read = samples.filter((s) => s.heapUsedBytes !== undefined);
  if (read.length === 0)
    return {
      ...HEAP_BASE,
      empty: 'No process reported its heap (none was scraped, or the run was external).',
    };
  const x = [...new Set(read.map((s) => s.tSec))].sort((a, b) => a - b);
  const series: ChartSeries[] = names.flatMap((label, i) => {
    const atTime = new Map(read.filter((s) => s.name === label).map((s) => [s.tSec, s.heapUsedBytes! / MIB]));
    if (atTime.size === 0) return [];
    // Colours follow the process's place among all processes, as in the CPU and RSS charts.
    return [
      { label, unit: 'MiB', color: color(i), values: x.map((t) => atTime.get(t) ?? null), style: 'line' },
    ];
  });
  const { label: xLabel, legend: xLegend } = TIME_AXIS;
  return { ...HEAP_BASE, plot: { xLabel, xLegend, yLabel: 'heap used (MiB)', x, series } };
}
