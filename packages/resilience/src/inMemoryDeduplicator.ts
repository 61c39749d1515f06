import { systemClock, type Clock } from './clock.js';
import {
  checkTtlMs,
  resolveDeduplicatorOptions,
  type Deduplicator,
  type DeduplicatorOptions,
} from './deduplicator.js';

export interface InMemoryDeduplicatorOptions extends DeduplicatorOptions {
  /** @defaultValue Date.now */
  clock?: Clock;
}

/**
 * The {@link Deduplicator} of one process, with the same semantics as `RedisDeduplicator`; for unit tests.
 */
export class InMemoryDeduplicator implements Deduplicator {
  readonly #claims = new Map<string, { owner: string; expiresAtMs: number }>();
  readonly #keyPrefix: string;
  readonly #owner: string;
  readonly #clock: Clock;
  #sweepAtSize = 1024;

  constructor(options: InMemoryDeduplicatorOptions = {}) {
    const resolved = resolveDeduplicatorOptions(options);
    this.#keyPrefix = resolved.keyPrefix;
    this.#owner = resolved.owner;
    this.#clock = options.clock ?? systemClock;
  }

  // Asynchronous like the Redis one, so a caller's mistake (a bad TTL) arrives as a rejection either way.
  claim(key: string, ttlMs: number, owner = this.#owner): Promise<boolean> {
    return Promise.resolve().then(() => this.#claim(key, ttlMs, owner));
  }

  release(key: string, owner = this.#owner): Promise<boolean> {
    return Promise.resolve().then(() => this.#release(key, owner));
  }

  #claim(key: string, ttlMs: number, owner: string): boolean {
    checkTtlMs(ttlMs);
    const nowMs = this.#clock();
    this.#sweep(nowMs);
    const fullKey = this.#keyPrefix + key;
    const live = this.#claims.get(fullKey);
    if (live !== undefined && live.expiresAtMs > nowMs) return false;
    this.#claims.set(fullKey, { owner, expiresAtMs: nowMs + ttlMs });
    return true;
  }

  #release(key: string, owner: string): boolean {
    const fullKey = this.#keyPrefix + key;
    const live = this.#claims.get(fullKey);
    if (live === undefined || live.expiresAtMs <= this.#clock() || live.owner !== owner) return false;
    this.#claims.delete(fullKey);
    return true;
  }

  // Expired claims of keys never seen again would pile up. Sweeping each time the map doubles keeps the cost
  // amortised O(1) per claim.
  #sweep(nowMs: number): void {
    if (this.#claims.size < this.#sweepAtSize) return;
    for (const [key, claim] of this.#claims) {
      if (claim.expiresAtMs <= nowMs) this.#claims.delete(key);
    }
    this.#sweepAtSize = Math.max(1024, this.#claims.size * 2);
  }
}
