import { droasFigures } from '../droasFigures.js';
import { type BaselineResult, type RunSummary } from '../model.js';

/** One row of the baselines comparison: DROAS itself first, then each baseline with its ratios. */
export interface BaselineRow {
  name: string;
  description: string;
  throughputPerSec: number;
  p95Ms: number;
  cpuMsPerInteraction: number | null;
  /** Redis commands per interaction, where the run counted them (DROAS's, and the queue floor's per job). */
  redisCommandsPerInteraction: number | null;
  /** DROAS ÷ this baseline; null on DROAS's own row. */
  ratios: BaselineResult['ratios'] | null;
}

/** DROAS and its baselines side by side, DROAS's figures being those the ratios divide; empty without baselines. */
export function toBaselineRows(summary: RunSummary): BaselineRow[] {
  if (summary.baselines.length === 0) return [];
  const droas = droasFigures(summary);
  const kneeNote =
    droas.throughputPerSec === summary.totals.achievedPerSec ? '' : ' Throughput: the ramp’s knee.';
  return [
    {
      name: 'DROAS',
      description: `The cluster under test (CPU: gateway, worker, Redis and Postgres processes).${kneeNote}`,
      ...droas,
      redisCommandsPerInteraction: summary.redis.commandsPerInteraction,
      ratios: null,
    },
    ...summary.baselines.map((b) => ({
      name: b.name,
      description: b.description,
      throughputPerSec: b.throughputPerSec,
      p95Ms: b.latencyMs.p95,
      cpuMsPerInteraction: b.cpuMsPerInteraction,
      redisCommandsPerInteraction: b.redisCommandsPerInteraction ?? null,
      ratios: b.ratios,
    })),
  ];
}
