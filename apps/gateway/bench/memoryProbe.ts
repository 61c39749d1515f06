// Preloaded (`node --expose-gc --require …/memoryProbe.js`) into both subjects of the gateway benchmark. On
// SIGUSR2 it runs a full garbage collection and writes `process.memoryUsage()` to
// `$DROAS_BENCH_PROBE_DIR/<pid>.json`, so the benchmark samples live heap at a moment of its choosing
// without either subject's own code taking part. It costs nothing until signalled.
import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** What the probe writes. */
export interface MemoryProbeSample {
  pid: number;
  /** Increments per signal, so a reader can tell a fresh sample from the previous one. */
  sequence: number;
  /** False when the process was started without --expose-gc: heapUsed then includes garbage. */
  gcForced: boolean;
  memory: NodeJS.MemoryUsage;
}

const directory = process.env.DROAS_BENCH_PROBE_DIR;
if (directory !== undefined && directory !== '') {
  let sequence = 0;
  process.on('SIGUSR2', () => {
    const gc = (globalThis as { gc?: () => void }).gc;
    // Twice: the first pass runs finalizers and clears weak references whose targets the second one frees.
    gc?.();
    gc?.();
    sequence += 1;
    const sample: MemoryProbeSample = {
      pid: process.pid,
      sequence,
      gcForced: gc !== undefined,
      memory: process.memoryUsage(),
    };
    const file = join(directory, `${process.pid}.json`);
    writeFileSync(`${file}.tmp`, JSON.stringify(sample));
    renameSync(`${file}.tmp`, file);
  });
}
