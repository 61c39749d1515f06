import type {
  Admission,
  AnswerOutcome,
  InteractionAdmission,
  InteractionAnswerer,
} from '@droas/ack-protocol';
import { parseInteractionJob, QUEUE_NAMES, type CommandReply, type InteractionJob } from '@droas/contracts';
import type { CircuitBreaker } from '@droas/resilience';
import { inChildSpan, type Logger } from '@droas/runtime';
import type { Tracer } from '@opentelemetry/api';
import { DelayedError, UnrecoverableError, type Job } from 'bullmq';
import { classifyJobError } from './classifyJobError.js';
import { countedJob } from './countedJob.js';
import { describeJobOnSpan } from './describeJobOnSpan.js';
import type { CommandRegistry } from './commandRegistry.js';
import type { MemberNotices, PendingNotices } from './memberNotices.js';
import { apologyFor, attachNotices, noticesReply, tooFastReply, unknownCommandReply } from './replies.js';
import type { WorkerMetrics } from './workerMetrics.js';

export interface InteractionProcessorDeps {
  registry: CommandRegistry;
  admission: InteractionAdmission;
  answerer: InteractionAnswerer;
  notices: MemberNotices;
  /** Wraps handlers, which are where the database is used. */
  databaseBreaker: CircuitBreaker;
  metrics: WorkerMetrics;
  logger: Logger;
  /** A span per job, continuing the gateway's trace. Unset: tracing is off. */
  tracer?: Tracer;
  now?: () => number;
}

const QUEUE = QUEUE_NAMES.interactions;

/** One attempt's state, for the failure path: what was computed before it failed. */
interface Attempt {
  reply?: CommandReply;
}

/**
 * One interaction job, start to finish: validate (the queue is a trust boundary) → admit once (done already?
 * within the member's and the guild's rate limits when they asked?) → make sure an answer can still reach the
 * member → run the command → deliver the answer under the acknowledgement protocol, with any notices the member
 * is owed. Every outcome is counted.
 *
 * Failures become what BullMQ needs: UnrecoverableError (never retry), DelayedError after moving the job to a
 * later time (a rate limit, an open breaker, an acknowledgement in progress: no attempt spent), or the error
 * itself (retry with backoff). An answer that can never be delivered while its effect stands is kept as a
 * notice for the member's next interaction, so what they are told stays true.
 */
export class InteractionProcessor {
  readonly #d: InteractionProcessorDeps;
  readonly #now: () => number;
  /** The BullMQ processor. */
  readonly process: (job: Job, token?: string) => Promise<string>;

  constructor(deps: InteractionProcessorDeps) {
    this.#d = deps;
    this.#now = deps.now ?? Date.now;
    this.process = countedJob(
      QUEUE,
      { metrics: deps.metrics, now: this.#now, logger: deps.logger, tracer: deps.tracer },
      (job, token) => this.#run(job, token),
    );
  }

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
    describeJobOnSpan(ix);
    const attempt: Attempt = {};
    try {
      return await this.#handle(ix, attempt);
    } catch (error) {
      return this.#fail(job, token, ix, attempt, error);
    }
  }

  async #handle(ix: InteractionJob, attempt: Attempt): Promise<string> {
    const ref = { ...ix, userId: ix.user.id };
    const admission = await this.#d.admission.admit(ref);
    // A job that runs again after its answer was delivered: a stalled job re-run by another worker, or the
    // same interaction enqueued again after retention removed the first job.
    if (admission.kind === 'done') {
      this.#d.metrics.dedupeHits.inc({ queue: QUEUE });
      return 'duplicate';
    }
    if (!(await this.#d.answerer.deliverable(ix, admission.claim))) {
      // Nobody acknowledged it: the member saw "did not respond". A first admission has done nothing; a
      // later one may have (an attempt that ran the command, then lost the answer): learn what, and keep it.
      if (!admission.first && admission.decision.allowed) await this.#keepNotice(ix, await this.#reply(ix));
      return 'unacknowledged';
    }
    const { reply, outcome } = await this.#replyFor(ix, admission);
    attempt.reply = reply;
    const notices = admission.hasNotices ? await this.#d.notices.pending(ix) : undefined;
    const carrying = attachNotices(reply, notices);
    const answered = await this.#d.answerer.answer(ix, carrying.reply);
    await this.#afterAnswer(ix, reply, answered, notices, carrying.attached);
    return answered.delivered ? outcome : answered.reason === 'dead' ? 'unacknowledged' : 'expired';
  }

  async #replyFor(
    ix: InteractionJob,
    admission: Extract<Admission, { kind: 'admitted' }>,
  ): Promise<{ reply: CommandReply; outcome: string }> {
    const { decision } = admission;
    if (!decision.allowed) {
      if (admission.first) this.#d.metrics.rateLimited.inc({ scope: decision.scope });
      return { reply: tooFastReply(decision), outcome: 'rate_limited' };
    }
    if (!this.#d.registry.get(ix.command.name)) {
      return { reply: unknownCommandReply(ix.command.name), outcome: 'unknown_command' };
    }
    return { reply: await this.#reply(ix), outcome: 'answered' };
  }

  async #reply(ix: InteractionJob): Promise<CommandReply> {
    const handler = this.#d.registry.get(ix.command.name);
    if (!handler) return unknownCommandReply(ix.command.name);
    return inChildSpan(`command ${ix.command.name}`, { 'droas.command': ix.command.name }, () =>
      this.#d.databaseBreaker.execute(() => handler.handle(ix)),
    );
  }

  async #afterAnswer(
    ix: InteractionJob,
    reply: CommandReply,
    answered: AnswerOutcome,
    notices: PendingNotices | undefined,
    attached: boolean,
  ): Promise<void> {
    if (!answered.delivered) {
      await this.#keepNotice(ix, reply);
      return;
    }
    this.#d.metrics.interactionAgeSeconds.observe(
      { via: answered.via },
      (this.#now() - ix.createdAtMs) / 1000,
    );
    if (notices === undefined) return;
    // Notices the answer could not carry (it was public, or full) follow it privately.
    const told = attached || (await this.#d.answerer.followUp(ix, noticesReply(notices)));
    if (told) await this.#d.notices.delivered(ix, notices);
  }

  async #keepNotice(ix: InteractionJob, reply: CommandReply): Promise<void> {
    if (reply.undeliveredNotice !== undefined) await this.#d.notices.record(ix, reply.undeliveredNotice);
  }

  async #fail(
    job: Job,
    token: string | undefined,
    ix: InteractionJob,
    attempt: Attempt,
    error: unknown,
  ): Promise<never> {
    const decision = classifyJobError(error);
    const attempts = job.opts.attempts ?? 1;
    const lastAttempt = job.attemptsMade + 1 >= attempts;
    if (decision.action === 'retry-at' && token) {
      // A rate limit, an open breaker, an acknowledgement in progress: come back later without spending an
      // attempt.
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
    if (decision.action !== 'never' && !lastAttempt) throw error;
    if (attempt.reply !== undefined) {
      // The command ran; its answer is what failed to go. Its effect stands, so the member is told later.
      await this.#keepNotice(ix, attempt.reply).catch((e: unknown) =>
        this.#d.logger.error({ err: e, interactionId: ix.id }, 'could not keep an undelivered notice'),
      );
    } else {
      await this.#apologise(ix, error, decision.action === 'never');
    }
    throw new UnrecoverableError(
      decision.action === 'never' ? decision.reason : `gave up after ${attempts} attempts`,
    );
  }

  /** The member should hear that it failed rather than watch "thinking…" until it expires. Best effort. */
  async #apologise(ix: InteractionJob, error: unknown, definitive: boolean): Promise<void> {
    try {
      await this.#d.answerer.answer(ix, apologyFor(error, definitive));
    } catch (apologyError) {
      this.#d.logger.debug(
        { err: apologyError, interactionId: ix.id },
        'could not tell the member about the failure',
      );
    }
  }
}
