import {
  ACK_CLAIM,
  ACK_CLAIM_TTL_MS,
  ackClaimKey,
  RELEASE_ACK_CLAIM_SCRIPT,
  type InteractionJob,
} from '@droas/contracts';
import type { Logger } from '@droas/runtime';
import type { Redis } from 'ioredis';
import type { GatewayMetrics } from './gatewayMetrics.js';
import { stripUndefined } from './stripUndefined.js';

/**
 * What the guard keeps of an interaction until it fires: four fields, not the whole job. Thousands are held
 * for 1.5 s at a time; whole jobs would survive into the old generation and cost major GCs.
 */
export interface GuardedInteraction {
  readonly id: string;
  readonly token: string;
  readonly commandName: string;
  readonly createdAtMs: number;
}

/** Sends the deferral (interaction callback type 5). */
export type DeferInteraction = (interaction: GuardedInteraction, ephemeral: boolean) => Promise<void>;

export interface AckGuardOptions {
  redis: Pick<Redis, 'set' | 'eval'>;
  defer: DeferInteraction;
  logger: Logger;
  metrics: GatewayMetrics;
  /** Fire this long after the interaction's creation (its snowflake time). @defaultValue 1500 */
  guardMs?: number;
  /** While a worker holds the claim but has not answered, keep checking until this long after creation. @defaultValue 2600 */
  lastChanceMs?: number;
  /** Between those checks. @defaultValue 200 */
  recheckMs?: number;
  /** Prefix of the claim key, shared with the workers. */
  keyPrefix: string;
  /** Whether the command's answer is ephemeral, so the deferral matches it. */
  isEphemeral: (commandName: string) => boolean;
  now?: () => number;
}

type ResolvedAckGuardOptions = AckGuardOptions & {
  guardMs: number;
  lastChanceMs: number;
  recheckMs: number;
  now: () => number;
};

/**
 * Makes sure every interaction is acknowledged within Discord's 3 seconds, however far behind the queue is
 * (ARCHITECTURE §4). At `guardMs` after the interaction was created, the gateway tries to take the
 * `ack:<id>` claim; the worker takes the same claim when its answer is ready. Exactly one wins: if the
 * worker did, there is nothing to do; if the guard did, it defers and the worker will edit the original
 * response instead of answering.
 */
export class AckGuard {
  readonly #o: ResolvedAckGuardOptions;
  readonly #timers = new Set<NodeJS.Timeout>();
  #closed = false;

  constructor(options: AckGuardOptions) {
    this.#o = {
      guardMs: 1500,
      lastChanceMs: 2600,
      recheckMs: 200,
      now: Date.now,
      ...stripUndefined(options),
    } as ResolvedAckGuardOptions;
  }

  /** Pending guards. */
  get pending(): number {
    return this.#timers.size;
  }

  arm(job: InteractionJob): void {
    const ix: GuardedInteraction = {
      id: job.id,
      token: job.token,
      commandName: job.command.name,
      createdAtMs: job.createdAtMs,
    };
    this.#schedule(ix, ix.createdAtMs + this.#o.guardMs);
  }

  #schedule(job: GuardedInteraction, atMs: number): void {
    if (this.#closed) return;
    const delayMs = Math.max(0, atMs - this.#o.now());
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      void this.#fire(job);
    }, delayMs);
    timer.unref();
    this.#timers.add(timer);
  }

  async #fire(job: GuardedInteraction): Promise<void> {
    const { metrics, logger } = this.#o;
    const key = `${this.#o.keyPrefix}:${ackClaimKey(job.id)}`;
    let claimed: boolean;
    let holder: string | null = null;
    try {
      // One round trip: claim if free, and learn who holds it if not (SET … NX GET, Redis ≥ 7.0).
      holder = await this.#o.redis.set(key, ACK_CLAIM.GatewayDeferring, 'PX', ACK_CLAIM_TTL_MS, 'NX', 'GET');
      claimed = holder === null;
    } catch (error) {
      // Redis is down, so no worker can be answering either: deferring is the only way the user gets an
      // answer. If a worker later answers with a callback, Discord says 40060 and the worker edits instead.
      logger.warn({ err: error, interactionId: job.id }, 'ack claim unavailable: deferring without it');
      claimed = true;
      metrics.guardDeferrals.inc({ result: 'unclaimed' });
    }
    if (!claimed) {
      // A worker that is still sending may fail (a 429, a 5xx) and release the claim: look again until
      // shortly before the deadline, so the user still gets a deferral in time.
      const next = this.#o.now() + this.#o.recheckMs;
      if (holder === ACK_CLAIM.WorkerSending && next <= job.createdAtMs + this.#o.lastChanceMs) {
        this.#schedule(job, next);
        return;
      }
      metrics.guardDeferrals.inc({ result: 'not_needed' });
      return;
    }
    try {
      await this.#o.defer(job, this.#o.isEphemeral(job.commandName));
      metrics.guardDeferrals.inc({ result: 'deferred' });
      await this.#o.redis
        .set(key, ACK_CLAIM.GatewayDeferred, 'PX', ACK_CLAIM_TTL_MS, 'XX')
        .catch(() => undefined);
    } catch (error) {
      metrics.guardDeferrals.inc({ result: 'failed' });
      // Let a worker try its own callback if there is still time.
      await this.#o.redis
        .eval(RELEASE_ACK_CLAIM_SCRIPT, 1, key, ACK_CLAIM.GatewayDeferring)
        .catch(() => undefined);
      logger.error(
        { err: error, interactionId: job.id, ageMs: this.#o.now() - job.createdAtMs },
        'deferral failed',
      );
    }
  }

  /** Cancels every pending guard (shutdown: the process will not be around to send them). */
  close(): void {
    this.#closed = true;
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
  }
}
