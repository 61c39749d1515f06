import type { ProcessRole, RunSummary } from './model.js';
import { round } from './stats.js';

/**
 * Processes whose CPU is the system's cost of an interaction: DROAS's own and its stores (a monolith baseline's
 * process counts too when it was sampled). The simulator and the runner generate the load, so they do not.
 */
export const SYSTEM_ROLES: ReadonlySet<ProcessRole> = new Set([
  'gateway',
  'worker',
  'redis',
  'postgres',
  'monolith',
]);

/**
 * A run's throughput as baselines compare it: the ramp's knee when the scenario found one (the highest rate
 * held, which is what a ramp measures), else what was achieved. The same rule for DROAS and the monolith.
 */
export function throughputOf(scenarioResults: Record<string, unknown>, achievedPerSec: number): number {
  const knee = scenarioResults['knee'] as { ratePerSec?: unknown } | null | undefined;
  return typeof knee?.ratePerSec === 'number' ? knee.ratePerSec : achievedPerSec;
}

/** DROAS's side of every baseline comparison. */
export interface DroasFigures {
  /** See {@link throughputOf}. */
  throughputPerSec: number;
  p95Ms: number;
  /** CPU of the {@link SYSTEM_ROLES} processes per answered interaction; null when none was answered. */
  cpuMsPerInteraction: number | null;
}

/**
 * The figures a baseline's ratios divide (DROAS ÷ baseline), in one place so the runner that computes the
 * ratios and the reports that show DROAS beside the baselines agree.
 */
export function droasFigures(summary: RunSummary): DroasFigures {
  const throughputPerSec = throughputOf(summary.scenarioResults, summary.totals.achievedPerSec);
  let cpuMsPerInteraction: number | null = null;
  if (summary.totals.answered > 0) {
    const cpuSeconds = summary.processes
      .filter((p) => SYSTEM_ROLES.has(p.role))
      .reduce((sum, p) => sum + p.cpuSeconds, 0);
    cpuMsPerInteraction = round((cpuSeconds * 1000) / summary.totals.answered, 3);
  }
  return { throughputPerSec, p95Ms: summary.latencyMs.p95, cpuMsPerInteraction };
}
