import { type BaselineResult, type ProcessRole, type RunSummary } from '../model.js';

/** One row of the baselines comparison: DROAS itself first, then each baseline with its ratios. */
export interface BaselineRow {
  name: string;
  description: string;
  throughputPerSec: number;
  p95Ms: number;
  cpuMsPerInteraction: number | null;
  /** DROAS ÷ this baseline; null on DROAS's own row. */
  ratios: BaselineResult['ratios'] | null;
}

/** The processes that are DROAS (not the load generator, not a baseline) when CPU per interaction is added up. */
const CLUSTER_ROLES: readonly ProcessRole[] = ['gateway', 'worker', 'redis', 'postgres'];

/** CPU milliseconds the whole cluster spent per answered interaction; null when nothing was answered. */
export function clusterCpuMsPerInteraction(summary: RunSummary): number | null {
  const cluster = summary.processes.filter((p) => CLUSTER_ROLES.includes(p.role));
  if (cluster.length === 0 || summary.totals.answered === 0) return null;
  const cpuSeconds = cluster.reduce((sum, p) => sum + p.cpuSeconds, 0);
  return (cpuSeconds * 1000) / summary.totals.answered;
}

/** DROAS and its baselines side by side; empty when the run had no baselines. */
export function toBaselineRows(summary: RunSummary): BaselineRow[] {
  if (summary.baselines.length === 0) return [];
  const droas: BaselineRow = {
    name: 'DROAS',
    description: `The cluster under test (${CLUSTER_ROLES.join(' + ')} processes).`,
    throughputPerSec: summary.totals.achievedPerSec,
    p95Ms: summary.latencyMs.p95,
    cpuMsPerInteraction: clusterCpuMsPerInteraction(summary),
    ratios: null,
  };
  return [
    droas,
    ...summary.baselines.map((b) => ({
      name: b.name,
      description: b.description,
      throughputPerSec: b.throughputPerSec,
      p95Ms: b.latencyMs.p95,
      cpuMsPerInteraction: b.cpuMsPerInteraction,
      ratios: b.ratios,
    })),
  ];
}
