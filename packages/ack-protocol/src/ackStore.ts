import type { Snowflake } from '@droas/contracts';
import type { ClaimView, SettledAck, TakeRequest, TakeResult } from './ackClaim.js';

/** Which interaction: enough to find its record and to know how long it lives. */
export interface InteractionRef {
  readonly id: Snowflake;
  readonly guildId: Snowflake;
  /** Creation time from the snowflake, Unix ms. */
  readonly createdAtMs: number;
}

/** How an answer reached the member: as the acknowledgement itself, an edit of a deferral, or a follow-up. */
export type AnsweredVia = 'callback' | 'edit' | 'followup';

/**
 * Where the claim lives: Redis in production (`RedisAckStore`), memory in the protocol's model test. Every
 * operation is atomic on one interaction's record.
 */
export interface AckStore {
  /** Takes the claim, or says who has it. */
  take(ix: InteractionRef, request: TakeRequest): Promise<TakeResult>;
  /**
   * The guard's take for a batch of interactions in one round trip. An entry is an `Error` when that one
   * failed; the whole call rejects when the store cannot be reached.
   */
  takeMany(
    batch: readonly InteractionRef[],
    request: (ix: InteractionRef) => TakeRequest,
  ): Promise<(TakeResult | Error)[]>;
  /** Which of `holders` (processes named in leases) are alive: they kept up their heartbeat. */
  alive(holders: readonly string[]): Promise<Set<string>>;
  /** `holder` is alive for `ttlMs` more. */
  heartbeat(holder: string, ttlMs: number): Promise<void>;
  /** Reads the claim without taking it. */
  view(ix: InteractionRef): Promise<ClaimView>;
  /** Gives back `lease` (as `take` returned it) if it is still the holder's. */
  release(ix: InteractionRef, lease: string): Promise<void>;
  /** Writes what Discord did; `done` when the answer itself was delivered. */
  settle(ix: InteractionRef, state: SettledAck, done?: AnsweredVia): Promise<void>;
}
