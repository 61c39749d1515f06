import type { Clock } from '../world/clock.js';

export interface BucketLimit {
  /** Requests allowed per window. */
  limit: number;
  windowMs: number;
}

export interface BucketVerdict {
  allowed: boolean;
  limit: number;
  remaining: number;
  resetAtMs: number;
  resetAfterMs: number;
}

interface Window {
  count: number;
  resetAtMs: number;
}

/**
 * Discord's per-route buckets: a fixed window that opens with the first request on a key (route + top-level
 * resource, e.g. one channel) and resets `windowMs` later. Keys of idle windows are swept, so a load test over
 * 30,000 channels does not grow the map forever.
 */
export class RouteBuckets {
  readonly #windows = new Map<string, Window>();
  #lastSweepMs = 0;

  constructor(private readonly clock: Clock) {}

  take(key: string, limit: BucketLimit): BucketVerdict {
    const now = this.clock.now();
    this.#sweep(now);
    let window = this.#windows.get(key);
    if (!window || window.resetAtMs <= now) {
      window = { count: 0, resetAtMs: now + limit.windowMs };
      this.#windows.set(key, window);
    }
    const allowed = window.count < limit.limit;
    if (allowed) window.count += 1;
    return {
      allowed,
      limit: limit.limit,
      remaining: Math.max(limit.limit - window.count, 0),
      resetAtMs: window.resetAtMs,
      resetAfterMs: window.resetAtMs - now,
    };
  }

  reset(): void {
    this.#windows.clear();
  }

  get size(): number {
    return this.#windows.size;
  }

  #sweep(now: number): void {
    if (now - this.#lastSweepMs < 10_000 || this.#windows.size < 10_000) return;
    this.#lastSweepMs = now;
    for (const [key, window] of this.#windows) if (window.resetAtMs <= now) this.#windows.delete(key);
  }
}
