import { INTERACTION_TOKEN_LIFETIME_MS, type CommandReply } from '@droas/contracts';
import { RateLimitedError } from '@droas/resilience';
import type { Logger } from '@droas/runtime';
import type { ClaimView, SettledAck } from './ackClaim.js';
import type { AckDiscord, AckTarget, WebhookOutcome } from './ackDiscord.js';
import type { AckMetrics } from './ackMetrics.js';
import type { AckStore, AnsweredVia } from './ackStore.js';
import { ACK_DEADLINE_MS, type AckTimings } from './ackTimings.js';
import { learnFromDiscord, sendUntilSettled, type ProtocolDeps } from './sendAcknowledgement.js';
import { decideWorkerStep } from './workerStep.js';

/** What a public deferral is edited to when the answer is private: the answer itself goes as a follow-up. */
export const PRIVATE_ANSWER_NOTICE: CommandReply = {
  content: '🔒 The answer was sent privately.',
  ephemeral: false,
  allowedMentions: { parse: [] },
};

/** Whether the answer reached the member, and how; or why it never can. */
export type AnswerOutcome =
  | { readonly delivered: true; readonly via: AnsweredVia }
  /** `dead`: nobody acknowledged in time; `expired`: the token died (15 minutes) before the answer went. */
  | { readonly delivered: false; readonly reason: 'dead' | 'expired' };

export interface InteractionAnswererOptions {
  store: AckStore;
  /** This process, named in the claims it takes; it must keep up an `AckHeartbeat` under the same name. */
  holder?: string;
  discord: AckDiscord;
  timings: AckTimings;
  metrics: AckMetrics;
  logger: Logger;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Delivers a worker's answer under the acknowledgement protocol. The worker takes the claim when its answer
 * is ready; holding it, it sends the answer as the acknowledgement itself (one request, no "thinking…"). If
 * the guard deferred first, the answer edits the deferral. What to do with what it finds is
 * `decideWorkerStep`; this class carries the steps out.
 *
 * It throws `RateLimitedError` when the answer must wait (someone else is sending, a 429 left no time to try
 * again, Discord's record is not final yet): the job comes back then, without spending an attempt. Any other
 * error is a failure to retry.
 *
 * Idempotent: a retried job finds the claim settled and edits the same answer in (or finds it delivered).
 */
export class InteractionAnswerer {
  readonly #deps: ProtocolDeps;
  readonly #holder: string | undefined;

  constructor(options: InteractionAnswererOptions) {
    this.#holder = options.holder;
    this.#deps = {
      now: Date.now,
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms).unref()),
      ...options,
    };
  }

  async answer(ix: AckTarget, reply: CommandReply): Promise<AnswerOutcome> {
    const outcome = await this.#answer(ix, reply);
    this.#deps.metrics.answers.inc({ result: outcome.delivered ? outcome.via : outcome.reason });
    return outcome;
  }

  async #answer(ix: AckTarget, reply: CommandReply): Promise<AnswerOutcome> {
    const { store, timings, now } = this.#deps;
    // Each round moves the claim forward (taken, settled); a few are plenty, more means something is wrong.
    for (let round = 0; round < 5; round++) {
      const ageMs = now() - ix.createdAtMs;
      if (ageMs >= INTERACTION_TOKEN_LIFETIME_MS) return { delivered: false, reason: 'expired' };
      const observed =
        ageMs < timings.workerLastCallbackMs
          ? await store.take(ix, {
              party: 'worker',
              leaseMs: timings.leaseEndMs - ageMs,
              ...(this.#holder !== undefined && { holder: this.#holder }),
            })
          : await store.view(ix);
      const step = decideWorkerStep(observed, now() - ix.createdAtMs, timings);
      switch (step.do) {
        case 'respond': {
          if (step.askFirst && (await this.#learn(ix, step.lease))) continue;
          const sent = await sendUntilSettled(this.#deps, {
            ix,
            party: 'worker',
            kind: 'callback',
            lease: step.lease,
            lastStartMs: timings.workerLastCallbackMs,
            send: (limits) => this.#deps.discord.respond(ix, reply, limits),
            landedAs: { kind: 'answered' },
            done: 'callback',
          });
          if (sent.kind === 'landed') return { delivered: true, via: 'callback' };
          if (sent.kind === 'gave-up') throw comeBack(sent.retryAfterMs ?? 250, 'callback-not-landed');
          continue;
        }
        case 'ask': {
          if (await this.#learn(ix, step.lease)) continue;
          const late = now() - ix.createdAtMs;
          if (late >= ACK_DEADLINE_MS) {
            await store.settle(ix, { kind: 'dead' });
            return { delivered: false, reason: 'dead' };
          }
          if (step.lease !== undefined) await store.release(ix, step.lease);
          throw comeBack(ACK_DEADLINE_MS + 250 - late, 'acknowledgement-not-final');
        }
        case 'edit':
          return this.#edit(ix, reply, step.state);
        case 'delivered':
          return { delivered: true, via: step.via };
        case 'dead':
          return { delivered: false, reason: 'dead' };
        case 'wait':
          throw comeBack(step.ms, 'acknowledgement-in-progress');
      }
    }
    throw new Error(`the acknowledgement claim of interaction ${ix.id} keeps changing`);
  }

  /**
   * Whether an answer to `ix` can still reach the member, judged from `claim` as read with its admission:
   * asked before running a command, so that nothing is done for an interaction nobody acknowledged (its member
   * saw "The application did not respond" and will try again). Throws `RateLimitedError` while Discord's
   * record is not final yet (a deferral sent without a claim may still land before the deadline).
   */
  async deliverable(ix: AckTarget, claim: ClaimView): Promise<boolean> {
    const ageMs = this.#deps.now() - ix.createdAtMs;
    if (ageMs >= INTERACTION_TOKEN_LIFETIME_MS) return false;
    switch (claim.kind) {
      case 'settled':
        return claim.state.kind !== 'dead' && claim.state.kind !== 'error-replied';
      case 'held':
        return true;
      case 'free':
      case 'lapsed':
        if (ageMs < this.#deps.timings.workerLastCallbackMs) return true;
        if (ageMs < ACK_DEADLINE_MS)
          throw comeBack(ACK_DEADLINE_MS + 250 - ageMs, 'acknowledgement-not-final');
        if (await this.#learn(ix, undefined)) return true;
        await this.#deps.store.settle(ix, { kind: 'dead' });
        return false;
    }
  }

  /** Sends another message after the answer was delivered; false when the token can no longer be used. */
  async followUp(ix: AckTarget, reply: CommandReply): Promise<boolean> {
    return (await this.#deps.discord.followUp(ix, reply)) === 'sent';
  }

  /**
   * Asks Discord whether the interaction was acknowledged and records what it says. True when it was; false
   * when not (the caller still holds `lease`). A failure to ask gives the claim back and is thrown.
   */
  async #learn(ix: AckTarget, lease: string | undefined): Promise<boolean> {
    let known: SettledAck | undefined;
    try {
      known = await learnFromDiscord(this.#deps, ix, 'worker');
    } catch (error) {
      if (lease !== undefined) await this.#deps.store.release(ix, lease).catch(() => {});
      throw error;
    }
    if (known === undefined) return false;
    await this.#deps.store.settle(ix, known);
    return true;
  }

  /** Edits the answer into an acknowledged response; a private answer never into a public one. */
  async #edit(
    ix: AckTarget,
    reply: CommandReply,
    state: Extract<SettledAck, { kind: 'answered' | 'deferred' }>,
  ): Promise<AnswerOutcome> {
    const { discord, store } = this.#deps;
    // The worker's own callback had the answer's visibility; a deferral has its own.
    const publicResponse = state.kind === 'deferred' ? !state.ephemeral : !reply.ephemeral;
    if (reply.ephemeral && publicResponse) {
      const notice = await discord.editOriginal(ix, PRIVATE_ANSWER_NOTICE);
      if (notice !== 'sent') return this.#refused(ix, notice);
      const sent = await discord.followUp(ix, reply);
      if (sent !== 'sent') return this.#refused(ix, sent);
      // A crash between the follow-up and this line sends the follow-up once more on the retry.
      await store.settle(ix, { kind: 'followed-up' }, 'followup');
      return { delivered: true, via: 'followup' };
    }
    const edited = await discord.editOriginal(ix, reply);
    if (edited !== 'sent') return this.#refused(ix, edited);
    await store.settle(ix, state, 'edit');
    return { delivered: true, via: 'edit' };
  }

  async #refused(ix: AckTarget, why: Exclude<WebhookOutcome, 'sent'>): Promise<AnswerOutcome> {
    if (why === 'expired') return { delivered: false, reason: 'expired' };
    // No response to edit: the record said acknowledged, Discord says not. Discord is the truth.
    this.#deps.logger.warn({ interactionId: ix.id }, 'the acknowledged response is gone; the answer is lost');
    await this.#deps.store.settle(ix, { kind: 'dead' });
    return { delivered: false, reason: 'dead' };
  }
}

function comeBack(ms: number, code: string): RateLimitedError {
  return new RateLimitedError({ retryAfterMs: Math.max(1, Math.ceil(ms)), code });
}
