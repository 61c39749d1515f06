import { parseJob, QUEUE_NAMES, type MemberEventJob } from '@droas/contracts';
import type { CircuitBreaker } from '@droas/resilience';
import type { Logger } from '@droas/runtime';
import type { Tracer } from '@opentelemetry/api';
import type { MemberEventOutcome } from '@droas/welcome';
import { UnrecoverableError, type Job } from 'bullmq';
import { countedJob, settleFailedJob } from './countedJob.js';
import { describeJobOnSpan } from './describeJobOnSpan.js';
import type { WorkerMetrics } from './workerMetrics.js';

const QUEUE = QUEUE_NAMES.memberEvents;

export interface MemberEventProcessorDeps {
  /** The welcome's handling of one event (`createWelcome(...).handleMemberEvent`). */
  readonly handle: (job: MemberEventJob) => Promise<MemberEventOutcome>;
  readonly databaseBreaker: CircuitBreaker;
  readonly metrics: WorkerMetrics;
  readonly logger: Logger;
  /** A span per job, continuing the gateway's trace. Unset: tracing is off. */
  readonly tracer?: Tracer;
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
  /** The BullMQ processor. */
  readonly process: (job: Job, token?: string) => Promise<string>;

  constructor(private readonly deps: MemberEventProcessorDeps) {
    this.#now = deps.now ?? Date.now;
    this.process = countedJob(
      QUEUE,
      { metrics: deps.metrics, now: this.#now, logger: deps.logger, tracer: deps.tracer },
      (job, token) => this.#run(job, token),
    );
  }

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
    describeJobOnSpan(event);
    try {
      return await this.deps.databaseBreaker.execute(() => this.deps.handle(event));
    } catch (error) {
      return settleFailedJob(job, token, error, this.#now, (decision) =>
        this.deps.logger.warn(
          {
            err: error,
            jobId: job.id,
            kind: event.kind,
            guildId: event.guildId,
            decision,
            attempt: job.attemptsMade + 1,
          },
          'member event failed',
        ),
      );
    }
  }
}
