import { systemClock, type Clock } from './clock.js';
import {
  checkCost,
  resolveTokenBucketOptions,
  takeFromBucket,
  type BucketState,
  type RateLimitDecision,
  type RateLimiter,
  type ResolvedTokenBucketOptions,
  type TokenBucketOptions,
} from './tokenBucket.js';

export interface InMemoryTokenBucketOptions extends TokenBucketOptions {
  /** @defaultValue Date.now */
  clock?: Clock;
}

interface StoredBucket extends BucketState {
  /** When the bucket is full again; past it, the entry says nothing a missing one would not. */
  expiresAtMs: number;
}

/**
 * The {@link RateLimiter} of one process, with the same arithmetic as `RedisTokenBucket`: for unit tests
 * (with a hand-moved clock) and for limits that are per process on purpose.
 */
export class InMemoryTokenBucket implements RateLimiter {
  readonly #options: ResolvedTokenBucketOptions;
  readonly #clock: Clock;
  readonly #buckets = new Map<string, StoredBucket>();
  #nextSweepMs = 0;

  constructor(options: InMemoryTokenBucketOptions) {
    this.#options = resolveTokenBucketOptions(options);
    this.#clock = options.clock ?? systemClock;
  }

  take(key: string, cost = 1): Promise<RateLimitDecision> {
    // Asynchronous like the Redis bucket, so a caller's mistake (a bad cost) arrives as a rejection too.
    return Promise.resolve().then(() => this.#take(key, cost));
  }

  /** Buckets held, full ones not yet swept included; for tests. */
  get size(): number {
    return this.#buckets.size;
  }

  #take(key: string, cost: number): RateLimitDecision {
    checkCost(cost, this.#options.capacity);
    const nowMs = this.#clock();
    this.#sweep(nowMs);
    const fullKey = this.#options.keyPrefix + key;
    const stored = this.#buckets.get(fullKey);
    const state = stored !== undefined && stored.expiresAtMs > nowMs ? stored : undefined;
    const { decision, next, fullInMs } = takeFromBucket(state, nowMs, cost, this.#options);
    if (next) this.#buckets.set(fullKey, { ...next, expiresAtMs: nowMs + Math.max(1, fullInMs) });
    return decision;
  }

  // Idle buckets would otherwise pile up, one per user ever seen. Sweeping at most once per full-refill time
  // keeps the cost amortised O(1) per take.
  #sweep(nowMs: number): void {
    if (nowMs < this.#nextSweepMs) return;
    for (const [key, bucket] of this.#buckets) {
      if (bucket.expiresAtMs <= nowMs) this.#buckets.delete(key);
    }
    this.#nextSweepMs = nowMs + Math.ceil((this.#options.capacity * 1000) / this.#options.refillPerSecond);
  }
}
