import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { MemoryProbeSample } from './memoryProbe.js';
import { rssBytes } from './procStats.js';

export interface MemorySample {
  heapUsedBytes: number;
  rssBytes: number;
}

/**
 * Asks a process running the memory probe for a sample (it collects garbage first), then reads its RSS
 * from the kernel right after, so both figures describe the same post-collection moment.
 */
export async function sampleMemory(
  pid: number,
  probeDirectory: string,
  timeoutMs = 10_000,
): Promise<MemorySample> {
  const file = join(probeDirectory, `${pid}.json`);
  const before = readSample(file)?.sequence ?? 0;
  process.kill(pid, 'SIGUSR2');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const sample = readSample(file);
    if (sample && sample.sequence > before) {
      if (!sample.gcForced)
        throw new Error(`process ${pid} runs without --expose-gc: its heap would include garbage`);
      return { heapUsedBytes: sample.memory.heapUsed, rssBytes: rssBytes(pid) };
    }
    if (Date.now() > deadline)
      throw new Error(`process ${pid} did not answer the memory probe within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function readSample(file: string): MemoryProbeSample | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as MemoryProbeSample;
  } catch {
    return undefined;
  }
}
