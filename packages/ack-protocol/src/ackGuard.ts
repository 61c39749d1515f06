import type { Logger } from '@droas/runtime';
import type { AckDiscord, AckTarget } from './ackDiscord.js';
import type { AckMetrics, GuardResult } from './ackMetrics.js';
import type { AckStore } from './ackStore.js';
import { ACK_DEADLINE_MS, type AckTimings } from './ackTimings.js';
import { decideGuardStep, type GuardObservation } from './guardStep.js';
import { learnFromDiscord, sendUntilSettled } from './sendAcknowledgement.js';
import { MinHeap } from './minHeap.js';

/**
 * What the guard keeps of an interaction until it is done with it: a few fields, not the whole job. Thousands
 * are held for 1.5 s at a time; whole jobs would survive into the old generation and cost major GCs.
 */
export interface GuardedInteraction extends AckTarget {
  readonly commandName: string;
}

export interface AckGuardOptions {
  store: AckStore;
  discord: AckDiscord;
  timings: AckTimings;
  /** Whether the command's answer is ephemeral, so the deferral matches it. */
  isEphemeral: (commandName: string) => boolean;
  logger: Logger;
  metrics: AckMetrics;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

/** A look that falls due at `atMs`. */
interface Check {
  readonly ix: GuardedInteraction;
  readonly atMs: number;
  /** The last look found this worker's lease: if the worker has stopped beating, take it over. */
  readonly held?: { readonly holder: string; readonly lease: string };
}

/**
 * Makes sure every interaction is acknowledged within Discord's 3 seconds, however far behind the queue is.
 * At `guardFireMs` after an interaction's creation the guard tries to take its claim; a worker takes the same
 * claim when its answer is ready; exactly one holds it at a time (`ackClaim.ts`). What the guard does with
 * what it finds is `decideGuardStep`; this class schedules the looks and carries the steps out.
 *
 * Every interaction is looked at, so the looks share one timer and go to Redis a tick's worth at a time: at
 * a thousand interactions a second that is a hundred round trips, not a thousand timers and writes.
 */
export class AckGuard {
  readonly #o: Required<AckGuardOptions>;
  readonly #due = new MinHeap<Check>((check) => check.atMs);
  #timer: NodeJS.Timeout | undefined;
  #timerAtMs = Number.POSITIVE_INFINITY;
  #closed = false;
  #looking = 0;

  constructor(options: AckGuardOptions) {
    this.#o = {
      now: Date.now,
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms).unref()),
      ...options,
    };
  }

  /** Looks still to come. */
  get pending(): number {
    return this.#due.size;
  }

  /**
   * Starts watching `ix`: its first look at `guardFireMs`, or at once (`'at-once'`) when the caller knows no
   * worker will get to it before then (the queue is behind). A deferral started at once has the whole 3 s to
   * land, where one started at `guardFireMs` has what is left of them if this process stalls.
   */
  arm(ix: GuardedInteraction, when: 'at-fire' | 'at-once' = 'at-fire'): void {
    // A dispatch replayed after a RESUME can arrive when a deferral could only fail.
    const ageMs = this.#o.now() - ix.createdAtMs;
    if (ageMs >= this.#o.timings.guardLastStartMs) {
      this.#count('too_late');
      return;
    }
    const atMs = when === 'at-once' ? this.#o.now() : ix.createdAtMs + this.#o.timings.guardFireMs;
    this.#schedule({ ix, atMs });
  }

  /**
   * Answers an interaction whose dispatch could not become a job (it broke the contract) with a private
   * error, so the member reads what was wrong instead of "The application did not respond". It takes the
   * claim like a deferral would, so a dispatch delivered twice is answered once.
   */
  async replyWithError(ix: AckTarget, content: string): Promise<'replied' | 'not_needed' | 'failed'> {
    const { store, timings, discord } = this.#o;
    const ageMs = this.#o.now() - ix.createdAtMs;
    if (ageMs >= timings.guardLastStartMs) return 'failed';
    let taken;
    try {
      taken = await store.take(ix, { party: 'gateway', leaseMs: timings.leaseEndMs - ageMs });
    } catch (error) {
      this.#o.logger.warn({ err: error, interactionId: ix.id }, 'could not claim a malformed dispatch');
      return 'failed';
    }
    if (taken.kind !== 'taken') return 'not_needed';
    const reply = { content, ephemeral: true, allowedMentions: { parse: [] } } as const;
    const sent = await sendUntilSettled(this.#deps(), {
      ix,
      party: 'gateway',
      kind: 'error_reply',
      lease: taken.lease,
      lastStartMs: timings.guardLastStartMs,
      send: (limits) => discord.respond(ix, reply, limits),
      landedAs: { kind: 'error-replied' },
      done: 'callback',
    });
    return sent.kind === 'landed' ? 'replied' : sent.kind === 'someone-else' ? 'not_needed' : 'failed';
  }

  /**
   * Resolves once every look already scheduled has been carried out, each within Discord's 3 s of its
   * interaction: a gateway shutting down still defers what it took before its sessions pass to the next
   * process, which is not given those interactions again.
   */
  async drain(): Promise<void> {
    while (!this.#closed && (this.#due.size > 0 || this.#looking > 0)) await this.#o.sleep(20);
  }

  /** Cancels every look still to come (the process will not be around to defer). */
  close(): void {
    this.#closed = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#timerAtMs = Number.POSITIVE_INFINITY;
    this.#due.clear();
  }

  #schedule(check: Check): void {
    if (this.#closed) return;
    this.#due.push(check);
    // Due times are rounded up to the tick, so looks close together share a wake-up.
    const wakeAtMs = this.#roundUp(check.atMs);
    if (wakeAtMs < this.#timerAtMs) this.#wakeAt(wakeAtMs);
  }

  #roundUp(atMs: number): number {
    const tick = this.#o.timings.guardTickMs;
    return Math.ceil(atMs / tick) * tick;
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
    if (next !== undefined) this.#wakeAt(this.#roundUp(next.atMs));
    if (batch.length > 0) {
      this.#looking++;
      void this.#look(batch).finally(() => this.#looking--);
    }
  }

  /**
   * Tries to take every claim of the batch in one round trip (two when some were held by workers last time:
   * first whether those workers still beat), then carries out each one's step.
   */
  async #look(batch: readonly Check[]): Promise<void> {
    const { store, timings } = this.#o;
    let observed: GuardObservation[];
    try {
      const dead = await this.#deadHolders(batch);
      const checks = new Map(batch.map((c) => [c.ix, c]));
      const results = await store.takeMany(
        batch.map((c) => c.ix),
        (ix) => {
          const held = checks.get(ix as GuardedInteraction)?.held;
          return {
            party: 'gateway',
            leaseMs: ix.createdAtMs + timings.leaseEndMs - this.#o.now(),
            ...(held !== undefined && dead.has(held.holder) && { takeOver: held.lease }),
          };
        },
      );
      observed = results.map((r) => (r instanceof Error ? { kind: 'unreachable' } : r));
    } catch {
      observed = batch.map(() => ({ kind: 'unreachable' }));
    }
    await Promise.all(batch.map((check, i) => this.#carryOut(check, observed[i]!)));
  }

  /** The holders of last look's worker leases that have stopped beating; none when that cannot be told. */
  async #deadHolders(batch: readonly Check[]): Promise<Set<string>> {
    const holders = [...new Set(batch.flatMap((c) => (c.held === undefined ? [] : [c.held.holder])))];
    if (holders.length === 0) return new Set();
    const alive = await this.#o.store.alive(holders);
    return new Set(holders.filter((h) => !alive.has(h)));
  }

  async #carryOut(check: Check, observed: GuardObservation): Promise<void> {
    const { ix } = check;
    const step = decideGuardStep(observed, this.#o.now() - ix.createdAtMs, this.#o.timings);
    try {
      switch (step.do) {
        case 'recheck': {
          const held =
            observed.kind === 'held' && observed.by === 'worker' && observed.holder !== undefined
              ? { holder: observed.holder, lease: observed.lease }
              : undefined;
          this.#schedule({ ix, atMs: ix.createdAtMs + step.atAgeMs, ...(held && { held }) });
          return;
        }
        case 'stop':
          if (step.release !== undefined) await this.#o.store.release(ix, step.release).catch(() => {});
          this.#count(step.result);
          return;
        case 'defer':
          this.#count(await this.#defer(ix, step.lease));
          return;
        case 'ask-then-defer':
        case 'ask-then-defer-unclaimed': {
          const lease = step.do === 'ask-then-defer' ? step.lease : undefined;
          const known = await learnFromDiscord(this.#deps(), ix, 'gateway');
          if (known !== undefined) {
            if (lease !== undefined) await this.#o.store.settle(ix, known).catch(() => {});
            this.#count(known.kind === 'dead' ? 'dead' : 'already_answered');
            return;
          }
          const result = await this.#defer(ix, lease);
          this.#count(result === 'deferred' && lease === undefined ? 'deferred_unclaimed' : result);
          return;
        }
      }
    } catch (error) {
      // Asking Discord failed: nothing was sent, so nothing races. The user may see no acknowledgement.
      this.#o.logger.warn({ err: error, interactionId: ix.id }, 'acknowledgement guard step failed');
      this.#count('failed');
    }
  }

  /** Sends the deferral, holding `lease` (none while Redis is away), until Discord's answer settles it. */
  async #defer(ix: GuardedInteraction, lease: string | undefined): Promise<GuardResult> {
    const ephemeral = this.#o.isEphemeral(ix.commandName);
    const settled = await sendUntilSettled(this.#deps(), {
      ix,
      party: 'gateway',
      kind: 'deferral',
      lease,
      lastStartMs: this.#o.timings.guardLastStartMs,
      send: (limits) => this.#o.discord.defer(ix, ephemeral, limits),
      landedAs: { kind: 'deferred', ephemeral },
    });
    switch (settled.kind) {
      case 'landed':
        return 'deferred';
      case 'someone-else':
        return settled.state.kind === 'dead' ? 'dead' : 'already_answered';
      case 'gave-up':
        if (this.#o.now() - ix.createdAtMs < ACK_DEADLINE_MS) {
          this.#o.logger.warn({ interactionId: ix.id, why: settled.why }, 'deferral did not land in time');
        }
        return 'failed';
    }
  }

  #deps() {
    const { store, discord, timings, metrics, logger, now, sleep } = this.#o;
    return { store, discord, timings, metrics, logger, now, sleep };
  }

  #count(result: GuardResult): void {
    this.#o.metrics.guardResults.inc({ result });
  }
}
