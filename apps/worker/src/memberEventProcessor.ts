import { parseJob, QUEUE_NAMES, type MemberEventJob } from '@droas/contracts';
import type { CircuitBreaker } from '@droas/resilience';
import type { Logger } from '@droas/runtime';
import type { MemberEventOutcome } from '@droas/welcome';
import { DelayedError, UnrecoverableError, type Job } from 'bullmq';
import { classifyJobError } from './classifyJobError.js';
import type { WorkerMetrics } from './workerMetrics.js';

const QUEUE = QUEUE_NAMES.memberEvents;

export interface MemberEventProcessorDeps {
  /** The welcome's handling of one event (`createWelcome(...).handleMemberEvent`). */
  readonly handle: (job: MemberEventJob) => Promise<MemberEventOutcome>;
  readonly databaseBreaker: CircuitBreaker;
  readonly metrics: WorkerMetrics;
  readonly logger: Logger;
  readonly now?: () => number;
}

/**
 * Jobs off the `member-events` queue: a member joined, passed screening or left. Each is validated, then
 * handed to the welcome behind the database breaker. Handling is idempotent (the member's delivery row
 * records how far it got), so a failed attempt is simply retried; a spent budget or an open breaker moves
 * the job to later without spending an attempt, so a raid or an outage delays greetings and loses none.
 */
export class MemberEventProcessor {
  readonly #now: () => number;

  constructor(private readonly deps: MemberEventProcessorDeps) {
    this.#now = deps.now ?? Date.now;
  }

  readonly process = async (job: Job, token?: string): Promise<string> => {
    const started = this.#now();
    const { metrics } = this.deps;
    metrics.queueWaitSeconds.observe({ queue: QUEUE }, Math.max(0, started - job.timestamp) / 1000);
    let outcome = 'failed';
    try {
      outcome = await this.#run(job, token);
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
      metrics.jobs.inc({ queue: QUEUE, outcome });
      metrics.processingSeconds.observe({ queue: QUEUE }, (this.#now() - started) / 1000);
    }
  };

  async #run(job: Job, token: string | undefined): Promise<string> {
    const parsed = parseJob(job.data);
    if (!parsed.ok || parsed.value.kind === 'interaction') {
      this.deps.logger.warn(
        { jobId: job.id, problems: parsed.ok ? [] : parsed.error.issues.slice(0, 5) },
        'invalid member-event job: not retried',
      );
      const why = parsed.ok ? 'an interaction on the member-events queue' : parsed.error.message;
      throw new UnrecoverableError(`invalid member-event job: ${why}`);
    }
    const event = parsed.value;
    try {
      return await this.deps.databaseBreaker.execute(() => this.deps.handle(event));
    } catch (error) {
      const decision = classifyJobError(error);
      if (decision.action === 'retry-at' && token) {
        await job.moveToDelayed(this.#now() + decision.delayMs, token);
        throw new DelayedError();
      }
      this.deps.logger.warn(
        {
          err: error,
          jobId: job.id,
          kind: event.kind,
          guildId: event.guildId,
          decision: decision.action,
          attempt: job.attemptsMade + 1,
        },
        'member event failed',
      );
      if (decision.action === 'never') throw new UnrecoverableError(decision.reason);
      throw error;
    }
  }
}
