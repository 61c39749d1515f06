import type { QueueName } from './queueNames.js';

/** How the queue treats one queue's jobs: what the gateway sets when it adds them and the workers keep to. */
export interface JobPolicy {
  /** Tries a worker gets at a job before it fails for good. Waits for a rate limit or an open breaker do not count. */
  readonly attempts: number;
  /** First retry delay; doubles per attempt. */
  readonly backoffMs: number;
  /** Share of each retry delay drawn at random, so a burst of failures does not retry together. */
  readonly backoffJitter: number;
  /** Completed jobs kept for inspection (the newest this many). */
  readonly keepCompleted: number;
  /** Failed jobs kept this long, so they can be counted and replayed. */
  readonly keepFailedMs: number;
}

const WEEK_MS = 7 * 24 * 3600_000;

/** Every queue's policy. The one place attempts, backoff and retention are decided; both apps import it. */
export const JOB_POLICY = {
  interactions: {
    attempts: 8,
    backoffMs: 250,
    backoffJitter: 0.5,
    keepCompleted: 1_000,
    keepFailedMs: WEEK_MS,
  },
  'member-events': {
    attempts: 8,
    backoffMs: 250,
    backoffJitter: 0.5,
    keepCompleted: 1_000,
    keepFailedMs: WEEK_MS,
  },
  /**
   * A flush only drains what waits in Postgres; a lost or failed one is redone by the next or by a sweep.
   * Completed flushes are not kept: their ids name a channel and a moment, and one kept would refuse a
   * flush asked for the same moment again.
   */
  'greeting-flushes': {
    attempts: 5,
    backoffMs: 500,
    backoffJitter: 0.5,
    keepCompleted: 0,
    keepFailedMs: WEEK_MS,
  },
} as const satisfies Record<QueueName, JobPolicy>;

/** The job options a producer adds a job with (BullMQ's `JobsOptions` shape; BullMQ takes seconds for `age`). */
export function jobOptionsFor(queue: QueueName) {
  const p = JOB_POLICY[queue];
  return {
    attempts: p.attempts,
    backoff: { type: 'exponential' as const, delay: p.backoffMs, jitter: p.backoffJitter },
    ...retentionFor(queue),
  };
}

/** Retention as BullMQ's `removeOnComplete` / `removeOnFail`, for producers and workers alike. */
export function retentionFor(queue: QueueName) {
  const p = JOB_POLICY[queue];
  return {
    removeOnComplete: { count: p.keepCompleted },
    removeOnFail: { age: Math.ceil(p.keepFailedMs / 1000) },
  };
}
