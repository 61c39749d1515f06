import type { QueueName } from '@droas/contracts';
import { DelayedError, UnrecoverableError, type Job } from 'bullmq';
import { classifyJobError } from './classifyJobError.js';
import type { WorkerMetrics } from './workerMetrics.js';

/** A job's work: resolves to its outcome (a metric label), or throws what BullMQ should do with it. */
export type JobWork = (job: Job, token: string | undefined) => Promise<string>;

/**
 * Wraps a queue's processor so every job is counted the same way: how long it waited and ran, and its
 * outcome (the work's own, or `delayed`, `invalid_or_permanent`, `retry` for what it threw).
 */
export function countedJob(
  queue: QueueName,
  metrics: WorkerMetrics,
  now: () => number,
  work: JobWork,
): (job: Job, token?: string) => Promise<string> {
  return async (job, token) => {
    const started = now();
    metrics.queueWaitSeconds.observe({ queue }, Math.max(0, started - job.timestamp) / 1000);
    let outcome = 'failed';
    try {
      outcome = await work(job, token);
      return outcome;
    } catch (error) {
      outcome =
        error instanceof DelayedError
          ? 'delayed'
          : error instanceof UnrecoverableError
            ? 'invalid_or_permanent'
            : 'retry';
      throw error;
    } finally {
      metrics.jobs.inc({ queue, outcome });
      metrics.processingSeconds.observe({ queue }, (now() - started) / 1000);
    }
  };
}

/**
 * What a failed idempotent job becomes: moved to later without spending an attempt (a spent budget, an open
 * breaker), never retried (bad input, a query that can never succeed), or thrown for BullMQ's backoff.
 * `logFailure` is told of the last two.
 */
export async function settleFailedJob(
  job: Job,
  token: string | undefined,
  error: unknown,
  now: () => number,
  logFailure: (decision: string) => void,
): Promise<never> {
  const decision = classifyJobError(error);
  if (decision.action === 'retry-at' && token) {
    await job.moveToDelayed(now() + decision.delayMs, token);
    throw new DelayedError();
  }
  logFailure(decision.action);
  if (decision.action === 'never') throw new UnrecoverableError(decision.reason);
  throw error;
}
