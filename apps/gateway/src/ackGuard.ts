import {
  ACK_CLAIM,
  ACK_CLAIM_TTL_MS,
  ACK_DEADLINE_MS,
  ackClaimKey,
  RELEASE_ACK_CLAIM_SCRIPT,
  type InteractionJob,
} from '@droas/contracts';
import type { Logger } from '@droas/runtime';
import type { Redis } from 'ioredis';
import type { GatewayMetrics } from './gatewayMetrics.js';
import { MinHeap } from './minHeap.js';
import { stripUndefined } from './stripUndefined.js';

/**
 * What the guard keeps of an interaction until it fires: five fields, not the whole job. Thousands are held
 * for 1.5 s at a time; whole jobs would survive into the old generation and cost major GCs.
 */
export interface GuardedInteraction {
  readonly id: string;
  readonly applicationId: string;
  readonly token: string;
  readonly commandName: string;
  readonly createdAtMs: number;
}

/** Sends the deferral (interaction callback type 5). */
export type DeferInteraction = (interaction: GuardedInteraction, ephemeral: boolean) => Promise<void>;

/** Whether Discord has the interaction's original response (`GET …/messages/@original`): it was acknowledged. */
export type HasOriginalResponse = (interaction: GuardedInteraction) => Promise<boolean>;

export interface AckGuardOptions {
  redis: Pick<Redis, 'set' | 'eval' | 'pipeline'>;
  defer: DeferInteraction;
  /**
   * Asked before deferring an interaction whose worker's "sending" lease ran out: the worker may have died
   * after its callback landed and before it could say so, and a deferral then would be refused (40060).
   */
  hasOriginalResponse: HasOriginalResponse;
  logger: Logger;
  metrics: GatewayMetrics;
  /** Fire this long after the interaction's creation (its snowflake time). @defaultValue 1500 */
  guardMs?: number;
  /** While a worker holds the claim but has not answered, keep checking until this long after creation. @defaultValue 2600 */
  lastChanceMs?: number;
  /** Between those checks. @defaultValue 200 */
  recheckMs?: number;
  /**
   * Checks falling due within one tick of each other go to Redis together, in one pipelined round trip;
   * each is at most this late. @defaultValue 10
   */
  tickMs?: number;
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
  tickMs: number;
  now: () => number;
};

/** A check that falls due at `atMs`. */
interface Check {
  readonly ix: GuardedInteraction;
  readonly atMs: number;
  /** An earlier check of this interaction found a worker sending its answer. */
  readonly sawWorkerSending: boolean;
}

/**
 * Makes sure every interaction is acknowledged within Discord's 3 seconds, however far behind the queue is
 * (ARCHITECTURE §4). At `guardMs` after the interaction was created, the gateway tries to take the
 * `ack:<id>` claim; the worker takes the same claim when its answer is ready. Exactly one wins: if the
 * worker did, there is nothing to do; if the guard did, it defers and the worker will edit the original
 * response instead of answering.
 *
 * Every interaction is checked, so the checks share one timer and go to Redis a tick's worth at a time: at
 * a thousand interactions a second that is a hundred round trips, not a thousand timers and writes.
 */
export class AckGuard {
  readonly #o: ResolvedAckGuardOptions;
  readonly #due = new MinHeap<Check>((check) => check.atMs);
  #timer: NodeJS.Timeout | undefined;
  #timerAtMs = Number.POSITIVE_INFINITY;
  #closed = false;

  constructor(options: AckGuardOptions) {
    this.#o = {
      guardMs: 1500,
      lastChanceMs: 2600,
      recheckMs: 200,
      tickMs: 10,
      now: Date.now,
      ...stripUndefined(options),
    } as ResolvedAckGuardOptions;
  }

  /** Pending checks. */
  get pending(): number {
    return this.#due.size;
  }

  arm(job: InteractionJob): void {
    // A dispatch replayed after a RESUME can arrive past Discord's deadline, when a deferral can only fail.
    if (this.#o.now() - job.createdAtMs >= ACK_DEADLINE_MS) {
      this.#o.metrics.guardDeferrals.inc({ result: 'too_late' });
      return;
    }
    const ix: GuardedInteraction = {
      id: job.id,
      applicationId: job.applicationId,
      token: job.token,
      commandName: job.command.name,
      createdAtMs: job.createdAtMs,
    };
    this.#schedule({ ix, atMs: ix.createdAtMs + this.#o.guardMs, sawWorkerSending: false });
  }

  #schedule(check: Check): void {
    if (this.#closed) return;
    this.#due.push(check);
    // Due times are rounded up to the tick, so checks close together share a wake-up.
    const wakeAtMs = Math.ceil(check.atMs / this.#o.tickMs) * this.#o.tickMs;
    if (wakeAtMs < this.#timerAtMs) this.#wakeAt(wakeAtMs);
  }

  #wakeAt(atMs: number): void {
    clearTimeout(this.#timer);
    this.#timerAtMs = atMs;
    this.#timer = setTimeout(() => this.#tick(), Math.max(0, atMs - this.#o.now()));
    this.#timer.unref();
  }

  #tick(): void {
    this.#timer = undefined;
    this.#timerAtMs = Number.POSITIVE_INFINITY;
    const now = this.#o.now();
    const batch: Check[] = [];
    for (let next = this.#due.peek(); next !== undefined && next.atMs <= now; next = this.#due.peek()) {
      batch.push(this.#due.pop()!);
    }
    const next = this.#due.peek();
    if (next !== undefined) this.#wakeAt(Math.ceil(next.atMs / this.#o.tickMs) * this.#o.tickMs);
    if (batch.length > 0) void this.#check(batch);
  }

  /**
   * Tries to take every claim of the batch in one round trip: SET … NX GET (Redis ≥ 7.0) claims if free, and
   * says who holds it if not.
   */
  async #check(batch: Check[]): Promise<void> {
    const pipeline = this.#o.redis.pipeline();
    for (const { ix } of batch) {
      pipeline.set(this.#key(ix), ACK_CLAIM.GatewayDeferring, 'PX', ACK_CLAIM_TTL_MS, 'NX', 'GET');
    }
    let answers: [error: Error | null, holder: unknown][];
    try {
      answers = (await pipeline.exec()) ?? [];
    } catch (error) {
      answers = batch.map(() => [error instanceof Error ? error : new Error(String(error)), null]);
    }
    await Promise.all(
      batch.map((check, i) => this.#settle(check, answers[i] ?? [new Error('no answer'), null])),
    );
  }

  async #settle(check: Check, [error, holder]: [Error | null, unknown]): Promise<void> {
    const { metrics, logger } = this.#o;
    const { ix: job } = check;
    const key = this.#key(job);
    let claimed: boolean;
    if (error !== null) {
      // Redis is down, so no worker can be answering either: deferring is the only way the user gets an
      // answer. If a worker later answers with a callback, Discord says 40060 and the worker edits instead.
      logger.warn({ err: error, interactionId: job.id }, 'ack claim unavailable: deferring without it');
      claimed = true;
      metrics.guardDeferrals.inc({ result: 'unclaimed' });
    } else {
      claimed = holder === null;
    }
    if (!claimed) {
      // A worker that is still sending may fail (a 429, a 5xx) and release the claim: look again until
      // shortly before the deadline, so the user still gets a deferral in time.
      const next = this.#o.now() + this.#o.recheckMs;
      if (holder === ACK_CLAIM.WorkerSending && next <= job.createdAtMs + this.#o.lastChanceMs) {
        this.#schedule({ ix: job, atMs: next, sawWorkerSending: true });
        return;
      }
      metrics.guardDeferrals.inc({ result: 'not_needed' });
      return;
    }
    if (check.sawWorkerSending && (await this.#answeredBeforeItsWorkerDied(job, key))) return;
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

  #key(ix: GuardedInteraction): string {
    return `${this.#o.keyPrefix}:${ackClaimKey(ix.id)}`;
  }

  /**
   * The claim was a worker's lease that ran out without the worker confirming. Either its callback failed
   * (it would have released the claim, and Discord has no response) or the worker died around the callback,
   * which may have landed. Asking Discord costs one request in that rare case and saves a refused deferral.
   */
  async #answeredBeforeItsWorkerDied(job: GuardedInteraction, key: string): Promise<boolean> {
    let answered: boolean;
    try {
      answered = await this.#o.hasOriginalResponse(job);
    } catch (error) {
      // Unknown: deferring risks a refusal (40060), not deferring risks no acknowledgement at all.
      this.#o.logger.warn({ err: error, interactionId: job.id }, 'could not ask whether the worker answered');
      return false;
    }
    if (!answered) return false;
    this.#o.metrics.guardDeferrals.inc({ result: 'already_answered' });
    await this.#o.redis
      .set(key, ACK_CLAIM.WorkerAnswered, 'PX', ACK_CLAIM_TTL_MS, 'XX')
      .catch(() => undefined);
    return true;
  }

  /** Cancels every pending check (shutdown: the process will not be around to send deferrals). */
  close(): void {
    this.#closed = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#timerAtMs = Number.POSITIVE_INFINITY;
    this.#due.clear();
  }
}
