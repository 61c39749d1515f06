import { QUEUE_NAMES, isSnowflake, jobOptionsFor } from '@droas/contracts';
import type { CircuitBreaker } from '@droas/resilience';
import type { Logger } from '@droas/runtime';
import type { FlushRequest, Welcome } from '@droas/welcome';
import { UnrecoverableError, type Job, type Queue } from 'bullmq';
import { z } from 'zod';
import { countedJob, settleFailedJob } from './countedJob.js';
import type { WorkerMetrics } from './workerMetrics.js';

const QUEUE = QUEUE_NAMES.greetingFlushes;

/** Flushes due within one slot share a job: a burst of joins over a spent budget asks once. */
const SLOT_MS = 250;

/**
 * The slot a flush asked for at `nowMs` runs in: the first slot boundary at or after `nowMs + delayMs`, and
 * always a slot that has not begun. A flush job runs in its own slot or later, so a flush it asks for (a
 * budget spent again, Discord's 429) gets a new job instead of the running job's id, which would be
 * silently refused.
 */
export function flushSlot(nowMs: number, delayMs: number): number {
  return Math.max(Math.ceil((nowMs + Math.max(0, delayMs)) / SLOT_MS), Math.floor(nowMs / SLOT_MS) + 1);
}

const snowflake = z.string().refine(isSnowflake, { error: 'expected a snowflake' });
const flushRequest = z.object({
  guildId: snowflake,
  channelId: snowflake,
  kind: z.enum(['welcome', 'goodbye']),
});

/**
 * The greeting flushes a channel needs when its budget is spent: delayed jobs on the workers' own
 * `greeting-flushes` queue, one per channel, kind and quarter-second slot, so any replica may send them and a
 * burst of joins asks once. A sweep on every replica finds channels whose flush was lost (a replica killed
 * between claiming and sending) and flushes them again, so no greeting waits forever.
 */
export class GreetingFlushes {
  constructor(
    private readonly deps: {
      queue: Queue;
      logger: Logger;
      /** How often to sweep for lost flushes, and how long greetings wait before they count as lost. */
      sweepMs: number;
      now?: () => number;
    },
  ) {}

  /** `WelcomeDeps.scheduleFlush`. */
  readonly schedule = async (request: FlushRequest, delayMs: number): Promise<void> => {
    const nowMs = (this.deps.now ?? Date.now)();
    const slot = flushSlot(nowMs, delayMs);
    await this.deps.queue.add('flush', request, {
      ...jobOptionsFor(QUEUE),
      jobId: `flush-${request.channelId}-${request.kind}-${slot}`,
      delay: slot * SLOT_MS - nowMs,
    });
  };

  /** Every `sweepMs`, flushes again the channels `welcome` finds overdue. Stop with `stop()`. */
  startSweep(welcome: Pick<Welcome, 'overdueFlushes'>): { stop(): void } {
    const { sweepMs, logger } = this.deps;
    const sweep = async () => {
      const overdue = await welcome.overdueFlushes(sweepMs);
      for (const request of overdue) await this.schedule(request, 0);
      if (overdue.length > 0) logger.info({ channels: overdue.length }, 'overdue greetings flushed again');
    };
    // Jittered, so replicas started together do not sweep together.
    const timer = setInterval(
      () => {
        sweep().catch((error: unknown) => logger.warn({ err: error }, 'greeting sweep failed'));
      },
      sweepMs + Math.floor(Math.random() * (sweepMs / 4)),
    );
    timer.unref();
    return { stop: () => clearInterval(timer) };
  }
}

/** Runs one flush job: the welcome's `flush`, behind the database breaker. */
export class GreetingFlushProcessor {
  readonly #now: () => number;
  /** The BullMQ processor. */
  readonly process: (job: Job, token?: string) => Promise<string>;

  constructor(
    private readonly deps: {
      flush: Welcome['flush'];
      databaseBreaker: CircuitBreaker;
      metrics: WorkerMetrics;
      logger: Logger;
      now?: () => number;
    },
  ) {
    this.#now = deps.now ?? Date.now;
    this.process = countedJob(
      QUEUE,
      { metrics: deps.metrics, now: this.#now, logger: deps.logger },
      (job, token) => this.#run(job, token),
    );
  }

  async #run(job: Job, token: string | undefined): Promise<string> {
    const parsed = flushRequest.safeParse(job.data);
    if (!parsed.success) {
      throw new UnrecoverableError(`invalid greeting flush: ${z.prettifyError(parsed.error)}`);
    }
    try {
      return await this.deps.databaseBreaker.execute(() => this.deps.flush(parsed.data));
    } catch (error) {
      return settleFailedJob(job, token, error, this.#now, (decision) =>
        this.deps.logger.warn(
          { err: error, jobId: job.id, channelId: parsed.data.channelId, decision },
          'greeting flush failed',
        ),
      );
    }
  }
}
