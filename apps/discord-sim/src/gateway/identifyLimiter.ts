import type { Clock } from '../world/clock.js';

export interface IdentifyLimiterOptions {
  /** `session_start_limit.max_concurrency`: buckets are `shard_id % maxConcurrency`. */
  maxConcurrency: number;
  /** One identify per bucket per window. Discord: 5 s. */
  windowMs: number;
  /** Session starts per day. Discord: 1,000. */
  dailyLimit: number;
  /** @defaultValue 24 h */
  dayMs?: number;
}

export type IdentifyVerdict = 'ok' | 'concurrency' | 'exhausted';

/** `session_start_limit` as `/gateway/bot` gives it. */
export interface SessionStartLimit {
  total: number;
  remaining: number;
  reset_after: number;
  max_concurrency: number;
}

/** Discord's identify rules: `max_concurrency` buckets of one IDENTIFY per 5 s, and a daily session budget. */
export class IdentifyLimiter {
  readonly #lastByBucket = new Map<number, number>();
  #used = 0;
  #dayStartMs: number | undefined;

  constructor(
    private readonly clock: Clock,
    readonly options: IdentifyLimiterOptions,
  ) {}

  tryStart(shardId: number): IdentifyVerdict {
    const now = this.clock.now();
    this.#rollDay(now);
    if (this.#used >= this.options.dailyLimit) return 'exhausted';
    const bucket = shardId % this.options.maxConcurrency;
    const last = this.#lastByBucket.get(bucket);
    if (last !== undefined && now - last < this.options.windowMs) return 'concurrency';
    this.#lastByBucket.set(bucket, now);
    this.#dayStartMs ??= now;
    this.#used += 1;
    return 'ok';
  }

  /** `session_start_limit` for `/gateway/bot`. */
  sessionStartLimit(): SessionStartLimit {
    const now = this.clock.now();
    this.#rollDay(now);
    const dayMs = this.options.dayMs ?? 86_400_000;
    return {
      total: this.options.dailyLimit,
      remaining: this.options.dailyLimit - this.#used,
      reset_after: this.#dayStartMs === undefined ? dayMs : this.#dayStartMs + dayMs - now,
      max_concurrency: this.options.maxConcurrency,
    };
  }

  reset(): void {
    this.#lastByBucket.clear();
    this.#used = 0;
    this.#dayStartMs = undefined;
  }

  #rollDay(now: number): void {
    if (this.#dayStartMs !== undefined && now - this.#dayStartMs >= (this.options.dayMs ?? 86_400_000)) {
      this.#dayStartMs = undefined;
      this.#used = 0;
    }
  }
}
