import type { RunResult } from './benchStats.js';

/** One operation: resolves with its latency in ms, rejects when it failed. */
export type Operation = () => Promise<number>;

/**
 * Starts `op` at a fixed rate for `durationMs`, whether or not earlier ones finished (an open loop, as users
 * are: a slow system does not slow them down), then waits for every one.
 */
export async function runAtRate(ratePerSec: number, durationMs: number, op: Operation): Promise<RunResult> {
  const started = performance.now();
  const pending: Promise<void>[] = [];
  const result: RunResult = { latenciesMs: [], failed: 0, elapsedMs: 0 };
  let sent = 0;
  for (;;) {
    const elapsed = performance.now() - started;
    if (elapsed >= durationMs) break;
    const due = Math.floor((elapsed * ratePerSec) / 1000) + 1;
    while (sent < due) {
      pending.push(record(op, result));
      sent++;
    }
    await new Promise((r) => setTimeout(r, 2));
  }
  await Promise.all(pending);
  result.elapsedMs = performance.now() - started;
  return result;
}

/** Starts `count` operations at once and waits for all: the system's capacity, not its latency at a rate. */
export async function runBurst(count: number, op: Operation): Promise<RunResult> {
  const started = performance.now();
  const result: RunResult = { latenciesMs: [], failed: 0, elapsedMs: 0 };
  await Promise.all(Array.from({ length: count }, () => record(op, result)));
  result.elapsedMs = performance.now() - started;
  return result;
}

async function record(op: Operation, into: RunResult): Promise<void> {
  try {
    into.latenciesMs.push(await op());
  } catch {
    into.failed++;
  }
}
