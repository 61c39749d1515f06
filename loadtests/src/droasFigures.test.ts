import { droasFigures, throughputOf } from './droasFigures';
import { type ProcessSummary } from './model';
import { buildFixtureSummary } from './report/fixture';

const proc = (name: string, role: ProcessSummary['role'], cpuSeconds: number): ProcessSummary => ({
  name,
  role,
  cpuSeconds,
  cpuMsPerInteraction: null,
  rssStartBytes: 0,
  rssMaxBytes: 0,
  rssEndBytes: 0,
  rssSlope: null,
  heapStartBytes: null,
  heapMaxBytes: null,
  heapEndBytes: null,
  heapSlope: null,
});

describe('droasFigures', () => {
  it("takes the ramp's knee as throughput when there is one, else what was achieved", () => {
    expect(throughputOf({ knee: { ratePerSec: 330 } }, 194)).toBe(330);
    expect(throughputOf({ knee: null }, 194)).toBe(194);
    expect(throughputOf({}, 194)).toBe(194);
  });

  it('counts the CPU of the system, not of the load generator, per answered interaction', () => {
    const summary = buildFixtureSummary({
      overrides: {
        totals: { sent: 1000, answered: 1000, successRate: 1, offeredPerSec: 10, achievedPerSec: 10 },
        processes: [
          proc('worker-0', 'worker', 2),
          proc('redis', 'redis', 0.5),
          proc('simulator', 'simulator', 9),
        ],
        scenarioResults: {},
      },
    });
    expect(droasFigures(summary)).toEqual({
      throughputPerSec: 10,
      p95Ms: summary.latencyMs.p95,
      cpuMsPerInteraction: 2.5,
    });
  });

  it('has no CPU per interaction when nothing was answered', () => {
    const summary = buildFixtureSummary({
      overrides: { totals: { sent: 5, answered: 0, successRate: 0, offeredPerSec: 1, achievedPerSec: 0 } },
    });
    expect(droasFigures(summary).cpuMsPerInteraction).toBeNull();
  });
});
