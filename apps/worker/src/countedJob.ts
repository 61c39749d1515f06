import { traceCarrierOf, type QueueName } from '@droas/contracts';
import { contextFromTraceCarrier, recordFailure, type Logger } from '@droas/runtime';
import { SpanKind, type Span, type Tracer } from '@opentelemetry/api';
import { DelayedError, UnrecoverableError, type Job } from 'bullmq';
import { classifyJobError } from './classifyJobError.js';
import type { WorkerMetrics } from './workerMetrics.js';

/** A job's work: resolves to its outcome (a metric label), or throws what BullMQ should do with it. */
export type JobWork = (job: Job, token: string | undefined) => Promise<string>;

export interface CountedJobDeps {
  metrics: WorkerMetrics;
  now: () => number;
  /** Where the one debug line per job goes. */
  logger?: Logger;
  /** A span per job. Unset: tracing is off, and no span work is done. */
  tracer?: Tracer | undefined;
}

/**
 * Wraps a queue's processor so every job is counted the same way: how long it waited and ran, and its
 * outcome (the work's own, or `delayed`, `invalid_or_permanent`, `retry` for what it threw).
 *
 * With a tracer, each attempt is also a CONSUMER span, the child of the gateway span whose context the job
 * carries (a job without one starts a trace of its own), and active while the work runs: the work's log
 * lines carry its trace id, and its database and REST calls are its children. The processors add what they
 * learn once the job is parsed (see `describeJobOnSpan`).
 */
export function countedJob(
  queue: QueueName,
  deps: CountedJobDeps,
  work: JobWork,
): (job: Job, token?: string) => Promise<string> {
  const { metrics, now, logger, tracer } = deps;
  const counted = async (job: Job, token: string | undefined, span?: Span): Promise<string> => {
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
      // Moved to later on purpose (a spent budget, an open breaker) is not a failure of the span.
      if (span !== undefined && outcome !== 'delayed') recordFailure(span, error);
      throw error;
    } finally {
      metrics.jobs.inc({ queue, outcome });
      metrics.processingSeconds.observe({ queue }, (now() - started) / 1000);
      span?.setAttribute('droas.job.outcome', outcome);
      // One line per job for whoever reads at debug level, with the job's trace id when it is traced.
      if (logger?.isLevelEnabled('debug') === true) {
        logger.debug({ queue, jobId: job.id, outcome, attempt: job.attemptsMade + 1 }, 'job processed');
      }
    }
  };
  if (tracer === undefined) return (job, token) => counted(job, token);
  return (job, token) =>
    tracer.startActiveSpan(
      `process ${queue}`,
      {
        kind: SpanKind.CONSUMER,
        attributes: {
          'messaging.system': 'bullmq',
          'messaging.operation.type': 'process',
          'messaging.destination.name': queue,
          'messaging.message.id': job.id ?? '',
          'droas.job.attempt': job.attemptsMade + 1,
        },
      },
      contextFromTraceCarrier(traceCarrierOf(job.data)),
      (span) => counted(job, token, span).finally(() => span.end()),
    );
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
