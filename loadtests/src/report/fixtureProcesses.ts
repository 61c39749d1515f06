// The fixture's processes: a gateway, a worker, Redis and Postgres, sampled every 5 s of the fixture's run.
import { type ProcessRole, type ProcessSample, type TimePoint } from '../model.js';

const MIB = 1024 * 1024;

/** A deterministic wobble in [-1, 1], so the charts look measured rather than drawn with a ruler. */
export const wobble = (t: number, k: number) => Math.sin(t * k) * Math.cos(t * k * 0.37);

const PROCESSES: readonly {
  name: string;
  role: ProcessRole;
  cpuMsPer: number;
  idleCpu: number;
  rssMiB: number;
  growMiB: number;
  /** V8 heap in use (Node processes only). */
  heapMiB?: number;
}[] = [
  {
    name: 'gateway-cluster-0',
    role: 'gateway',
    cpuMsPer: 0.6,
    idleCpu: 0.02,
    rssMiB: 142,
    growMiB: 0.4,
    heapMiB: 38,
  },
  { name: 'worker-0', role: 'worker', cpuMsPer: 2.6, idleCpu: 0.03, rssMiB: 205, growMiB: 3.2, heapMiB: 61 },
  { name: 'redis', role: 'redis', cpuMsPer: 0.35, idleCpu: 0.01, rssMiB: 14, growMiB: 0.6 },
  { name: 'postgres', role: 'postgres', cpuMsPer: 1.4, idleCpu: 0.01, rssMiB: 96, growMiB: 0.1 },
];

/** Samples of each process every 5 s, CPU rising with the answers of the 5 s before, RSS drifting slowly. */
export function buildProcessSamples(timeline: readonly TimePoint[]): ProcessSample[] {
  const samples: ProcessSample[] = [];
  const endSec = timeline[timeline.length - 1]?.tSec ?? 0;
  for (const [index, p] of PROCESSES.entries()) {
    let cpuSeconds = 3.5 + index;
    for (let tSec = 0; tSec <= endSec; tSec += 5) {
      const window = timeline.filter((point) => point.tSec > tSec - 5 && point.tSec <= tSec);
      const answered = window.reduce((sum, point) => sum + point.achievedPerSec, 0);
      cpuSeconds += (answered * p.cpuMsPer) / 1000 + p.idleCpu * 5;
      const rssMiB = p.rssMiB + (p.growMiB * tSec) / 60 + 1.5 * wobble(tSec + index, 0.8);
      const sample: ProcessSample = {
        tSec,
        name: p.name,
        role: p.role,
        cpuSeconds,
        rssBytes: Math.round(rssMiB * MIB),
      };
      // The heap grows with a quarter of the RSS drift and swings with each garbage collection.
      if (p.heapMiB !== undefined)
        sample.heapUsedBytes = Math.round(
          (p.heapMiB + (p.growMiB * tSec) / 240 + 4 * wobble(tSec, 1.3)) * MIB,
        );
      samples.push(sample);
    }
  }
  return samples;
}
