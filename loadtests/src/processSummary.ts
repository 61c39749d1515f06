import type { ProcessSample, ProcessSummary } from './model.js';
import { round, slope } from './stats.js';

/**
 * What a run reports per process from its samples: CPU used over the samples (and per interaction answered),
 * RSS and V8 heap at start, peak and end, each with its slope per minute. Processes keep the order in which
 * they were first sampled.
 */
export function summarizeProcesses(samples: readonly ProcessSample[], answered: number): ProcessSummary[] {
  const names = [...new Set(samples.map((s) => s.name))];
  return names.map((name) => {
    const of = samples.filter((s) => s.name === name);
    const first = of[0]!;
    const last = of.at(-1)!;
    const cpuSeconds = round(last.cpuSeconds - first.cpuSeconds, 3);
    const heap = of.flatMap((s) =>
      s.heapUsedBytes === undefined ? [] : [{ tSec: s.tSec, bytes: s.heapUsedBytes }],
    );
    return {
      name,
      role: first.role,
      cpuSeconds,
      cpuMsPerInteraction: answered === 0 ? null : round((cpuSeconds * 1000) / answered, 3),
      rssStartBytes: first.rssBytes,
      rssMaxBytes: Math.max(...of.map((s) => s.rssBytes)),
      rssEndBytes: last.rssBytes,
      rssSlope: slope(of.map((s) => ({ x: s.tSec / 60, y: s.rssBytes }))),
      heapStartBytes: heap[0]?.bytes ?? null,
      heapMaxBytes: heap.length === 0 ? null : Math.max(...heap.map((h) => h.bytes)),
      heapEndBytes: heap.at(-1)?.bytes ?? null,
      heapSlope: slope(heap.map((h) => ({ x: h.tSec / 60, y: h.bytes }))),
    };
  });
}
