import { RedisTokenBucket } from '@droas/resilience';
import type { RedisNamespace } from '@droas/runtime';
import type { Cluster, Redis } from 'ioredis';

export interface GlobalBudgetOptions {
  /** This bot's namespace (`droas:discord:<bot>`). */
  namespace: RedisNamespace;
  perSecond: number;
  burst: number;
}

/**
 * The bot's global request budget, shared by every replica through Redis: a token bucket (Redis time, one
 * Lua call) plus a block that a global 429 sets for its `Retry-After`, so one replica's 429 holds back all of
 * them instead of each finding out with 429s of its own. (An invalid-request ban has its own key, `BanState`,
 * which stops interaction responses too.)
 */
export class GlobalBudget {
  readonly #redis: Redis | Cluster;
  readonly #bucket: RedisTokenBucket;
  readonly #blockKey: string;

  constructor(redis: Redis | Cluster, options: GlobalBudgetOptions) {
    this.#redis = redis;
    this.#bucket = new RedisTokenBucket(redis, {
      capacity: options.burst,
      refillPerSecond: options.perSecond,
      keyPrefix: `${options.namespace.prefix}:`,
    });
    this.#blockKey = options.namespace.key('global-block');
  }

  /** Takes one request's token; 0 when the request may go now, else how long until it might. */
  async take(): Promise<number> {
    // Both go out at once on the one connection, so this costs one round trip. A token taken while blocked
    // is lost, which only matters during a block, when nothing is being sent anyway.
    const [blockedMs, decision] = await Promise.all([
      this.#redis.pttl(this.#blockKey),
      this.#bucket.take('global'),
    ]);
    if (blockedMs > 0) return blockedMs;
    return decision.allowed ? 0 : Math.max(1, decision.retryAfterMs);
  }

  /** Holds every replica's non-interaction requests for `ms`. */
  async block(ms: number): Promise<void> {
    await this.#redis.set(this.#blockKey, '1', 'PX', Math.max(1, Math.ceil(ms)));
  }
}
