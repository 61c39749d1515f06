import {
  interactionDedupeKey,
  parseInteractionJob,
  QUEUE_NAMES,
  type CommandReply,
  type InteractionJob,
} from '@droas/contracts';
import type { DiscordRestClient } from '@droas/discord-rest';
import type { CircuitBreaker, RateLimiter } from '@droas/resilience';
import type { Logger } from '@droas/runtime';
import { DelayedError, UnrecoverableError, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { answerInteraction } from './answerInteraction.js';
import { classifyJobError } from './classifyJobError.js';
import type { CommandRegistry } from './commandRegistry.js';
import type { WorkerMetrics } from './workerMetrics.js';

export interface InteractionProcessorDeps {
  registry: CommandRegistry;
  rest: DiscordRestClient;
  redis: Redis;
  keyPrefix: string;
  /** Wraps handlers, which are where the database is used. */
  databaseBreaker: CircuitBreaker;
  userLimiter: RateLimiter;
  guildLimiter: RateLimiter;
  metrics: WorkerMetrics;
  logger: Logger;
  now?: () => number;
}

const QUEUE = QUEUE_NAMES.interactions;
// Done markers outlive the interaction token: after 15 minutes nothing can be answered anyway.
const DONE_TTL_MS = 16 * 60_000;

/**
 * One interaction job, start to finish: validate (the queue is a trust boundary) → drop if the token is
 * dead → skip if already answered → rate limit → run the command → answer. Every outcome is counted.
 * Failures become what BullMQ needs: UnrecoverableError (never retry), DelayedError after moving the job
 * to a later time (rate limit, open breaker: no attempt spent), or the error itself (retry with backoff).
 */
export class InteractionProcessor {
  readonly #d: InteractionProcessorDeps;
  readonly #now: () => number;

  constructor(deps: InteractionProcessorDeps) {
    this.#d = deps;
    this.#now = deps.now ?? Date.now;
  }

  readonly process = async (job: Job, token?: string): Promise<string> => {
    const started = this.#now();
    this.#d.metrics.queueWaitSeconds.observe({ queue: QUEUE }, Math.max(0, started - job.timestamp) / 1000);
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
      this.#d.metrics.jobs.inc({ queue: QUEUE, outcome });
      this.#d.metrics.processingSeconds.observe({ queue: QUEUE }, (this.#now() - started) / 1000);
    }
  };

  async #run(job: Job, token: string | undefined): Promise<string> {
    const parsed = parseInteractionJob(job.data);
    if (!parsed.ok) {
      this.#d.logger.warn(
        { jobId: job.id, problems: parsed.error.issues.slice(0, 5) },
        'invalid interaction job: not retried',
      );
      throw new UnrecoverableError(`invalid interaction job: ${parsed.error.message}`);
    }
    const ix = parsed.value;
    if (ix.expiresAtMs <= this.#now()) return 'expired';

    // Catches a job that runs again after its answer was delivered: a stalled job re-run by another worker,
    // or the same interaction enqueued again after retention removed the first job (so BullMQ's job-id
    // dedupe no longer applies). Set only after the answer, so a crash before it leaves the job retryable.
    const doneKey = `${this.#d.keyPrefix}:${interactionDedupeKey(ix.id)}`;
    if ((await this.#d.redis.exists(doneKey)) === 1) {
      this.#d.metrics.dedupeHits.inc({ queue: QUEUE });
      return 'duplicate';
    }

    try {
      const reply = await this.#reply(ix);
      const via = await answerInteraction(
        { redis: this.#d.redis, rest: this.#d.rest, keyPrefix: this.#d.keyPrefix },
        ix,
        reply.reply,
        this.#defersEphemeral(ix),
      );
      await this.#d.redis.set(doneKey, via, 'PX', DONE_TTL_MS);
      this.#d.metrics.interactionAgeSeconds.observe({ via }, (this.#now() - ix.createdAtMs) / 1000);
      return reply.outcome;
    } catch (error) {
      return this.#fail(job, token, ix, error);
    }
  }

  async #reply(ix: InteractionJob): Promise<{ reply: CommandReply; outcome: string }> {
    const user = await this.#d.userLimiter.take(`u:${ix.guildId}:${ix.user.id}`);
    const guild = user.allowed ? await this.#d.guildLimiter.take(`g:${ix.guildId}`) : undefined;
    const denied = !user.allowed
      ? { scope: 'user', ...user }
      : guild && !guild.allowed
        ? { scope: 'guild', ...guild }
        : undefined;
    if (denied) {
      this.#d.metrics.rateLimited.inc({ scope: denied.scope });
      const seconds = Math.max(1, Math.ceil(denied.retryAfterMs / 1000));
      const who = denied.scope === 'user' ? 'You are' : 'This server is';
      return {
        outcome: 'rate_limited',
        reply: {
          content: `${who} sending commands too fast. Try again in ${seconds} s.`,
          ephemeral: true,
          allowedMentions: { parse: [] },
        },
      };
    }
    const handler = this.#d.registry.get(ix.command.name);
    if (!handler) {
      return {
        outcome: 'unknown_command',
        reply: {
          content: `I don't know /${ix.command.name} any more. It may have been removed.`,
          ephemeral: true,
          allowedMentions: { parse: [] },
        },
      };
    }
    const reply = await this.#d.databaseBreaker.execute(() => handler.handle(ix));
    return { reply, outcome: 'answered' };
  }

  async #fail(job: Job, token: string | undefined, ix: InteractionJob, error: unknown): Promise<never> {
    const decision = classifyJobError(error);
    const attempts = job.opts.attempts ?? 1;
    const lastAttempt = job.attemptsMade + 1 >= attempts;
    if (decision.action === 'retry-at' && token) {
      // Rate limit or open breaker: come back later without spending an attempt.
      await job.moveToDelayed(this.#now() + decision.delayMs, token);
      throw new DelayedError();
    }
    this.#d.logger.warn(
      {
        err: error,
        jobId: job.id,
        interactionId: ix.id,
        command: ix.command.name,
        decision: decision.action,
        attempt: job.attemptsMade + 1,
        attempts,
      },
      'interaction job failed',
    );
    if (decision.action === 'never' || lastAttempt) {
      await this.#apologise(ix);
      throw new UnrecoverableError(
        decision.action === 'never' ? decision.reason : `gave up after ${attempts} attempts`,
      );
    }
    throw error;
  }

  /**
   * Whether the gateway's guard defers this command ephemerally: it does for the commands the registry lists
   * as ephemeral (its EPHEMERAL_COMMANDS must name the same), so not for a command this worker does not know.
   */
  #defersEphemeral(ix: InteractionJob): boolean {
    return this.#d.registry.get(ix.command.name)?.defersEphemeral ?? false;
  }

  /** The user should hear that it failed rather than watch "thinking…" until it expires. Best effort. */
  async #apologise(ix: InteractionJob): Promise<void> {
    const reply: CommandReply = {
      content: 'Sorry, that did not work and nothing was changed. Please try again in a moment.',
      ephemeral: true,
      allowedMentions: { parse: [] },
    };
    try {
      await answerInteraction(
        { redis: this.#d.redis, rest: this.#d.rest, keyPrefix: this.#d.keyPrefix },
        ix,
        reply,
        this.#defersEphemeral(ix),
      );
    } catch (error) {
      this.#d.logger.debug({ err: error, interactionId: ix.id }, 'could not tell the user about the failure');
    }
  }
}
