/** What one measured run produced: a latency per completed operation, and how many failed. */
export interface RunResult {
  latenciesMs: number[];
  failed: number;
  /** From the first operation's start to the last one's end. */
  elapsedMs: number;
}

/** One run's figures. */
export interface RunSummary {
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  throughputPerSec: number;
  failed: number;
}

/** The value below which `q` (0–1) of `sorted` lies (nearest rank). */
export function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank]!;
}

export function median(values: readonly number[]): number {
  return percentile(
    [...values].sort((a, b) => a - b),
    0.5,
  );
}

export function summarize(run: RunResult): RunSummary {
  const sorted = [...run.latenciesMs].sort((a, b) => a - b);
  return {
    p50Ms: percentile(sorted, 0.5),
    p95Ms: percentile(sorted, 0.95),
    p99Ms: percentile(sorted, 0.99),
    throughputPerSec: run.elapsedMs > 0 ? (run.latenciesMs.length / run.elapsedMs) * 1000 : 0,
    failed: run.failed,
  };
}

/** Each figure's median over rounds (failures are summed: any is worth seeing). */
export function medianOfRuns(runs: readonly RunSummary[]): RunSummary {
  const of = (pick: (r: RunSummary) => number) => median(runs.map(pick));
  return {
    p50Ms: of((r) => r.p50Ms),
    p95Ms: of((r) => r.p95Ms),
    p99Ms: of((r) => r.p99Ms),
    throughputPerSec: of((r) => r.throughputPerSec),
    failed: runs.reduce((n, r) => n + r.failed, 0),
  };
}

/** A plain-text table with right-aligned columns after the first. */
export function formatTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
