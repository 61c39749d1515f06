import { randomUUID } from 'node:crypto';

/**
 * "Has anyone started this already?", answered atomically across processes. A claim is a marker with an
 * expiry, nothing more:
 *
 * - It is **not** atomic with the work it guards. Used as "done", a crash between claim and effect loses the
 *   work until the claim expires; used as "in progress", a crash leaves a claim that blocks retries until it
 *   expires. So it is a cheap pre-filter in front of effects that are idempotent on their own (Postgres
 *   idempotency keys), never the only guard of a money movement.
 * - The caller chooses the key and the TTL, and says next to the call which duplicate it catches (a BullMQ
 *   retry, a gateway replay after a reconnect, a stalled job run twice) and why the TTL is long enough
 *   for it.
 * - When the work fails and should be retried, the caller releases the claim; otherwise the retry is
 *   deduplicated away and the work is lost.
 */
export interface Deduplicator {
  /**
   * Claims `key` for `ttlMs`. True when no live claim existed, so this caller is first and should do the
   * work; false when another claim is live (the work is in progress or done).
   *
   * `owner` marks whose claim it is, so a late `release` cannot remove someone else's; it defaults to an id
   * of this deduplicator, which is enough unless one process can hold two attempts at the same key at once.
   */
  claim(key: string, ttlMs: number, owner?: string): Promise<boolean>;
  /** Removes the claim on `key` if `owner` still holds it; true when it did. */
  release(key: string, owner?: string): Promise<boolean>;
}

export interface DeduplicatorOptions {
  /** Put in front of every key. @defaultValue 'dedupe:' */
  keyPrefix?: string;
  /** The owner of claims made without one. @defaultValue a random UUID per deduplicator */
  owner?: string;
}

export const DefaultDeduplicatorOptions = {
  keyPrefix: 'dedupe:',
} as const satisfies Partial<DeduplicatorOptions>;

export function resolveDeduplicatorOptions(options: DeduplicatorOptions): Required<DeduplicatorOptions> {
  return { ...DefaultDeduplicatorOptions, owner: randomUUID(), ...options };
}

export function checkTtlMs(ttlMs: number): void {
  // PX takes a positive integer; a fractional or zero TTL is a bug in the caller, not a duplicate.
  if (!Number.isInteger(ttlMs) || ttlMs < 1) {
    throw new RangeError(`ttlMs must be a positive integer, got ${ttlMs}`);
  }
}
