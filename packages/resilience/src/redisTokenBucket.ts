import type { Cluster, Redis } from 'ioredis';
import {
  checkCost,
  resolveTokenBucketOptions,
  type RateLimitDecision,
  type RateLimiter,
  type ResolvedTokenBucketOptions,
  type TokenBucketOptions,
} from './tokenBucket.js';
import { TOKEN_BUCKET_TAKE_SCRIPT } from './tokenBucketScript.js';

const COMMAND = 'droasTokenBucketTake';

// ioredis adds a method per defineCommand at runtime; its types only know it through a global module
// augmentation, which would leak into every package that imports ioredis. This names the one method we add.
interface WithTakeCommand {
  [COMMAND](key: string, capacity: number, refillPerSecond: number, cost: number): Promise<unknown>;
}

/**
 * The cluster-wide {@link RateLimiter}: one Lua script per take, atomic in Redis, timed by Redis's clock, so
 * every worker and gateway shares each bucket exactly. The script is loaded once per connection and then run
 * by hash (ioredis `defineCommand`: EVALSHA, falling back to EVAL after a script flush or failover).
 *
 * With Redis Cluster, put a `{hash tag}` in keys only if several buckets must live on one node; each take
 * touches one key, so none is needed for correctness.
 */
export class RedisTokenBucket implements RateLimiter {
  readonly #redis: WithTakeCommand;
  readonly #options: ResolvedTokenBucketOptions;

  /** `redis` is shared and stays the caller's to close. */
  constructor(redis: Redis | Cluster, options: TokenBucketOptions) {
    this.#options = resolveTokenBucketOptions(options);
    // Defining the same command again on a shared connection only replaces it with the same script.
    redis.defineCommand(COMMAND, { numberOfKeys: 1, lua: TOKEN_BUCKET_TAKE_SCRIPT });
    this.#redis = redis as unknown as WithTakeCommand;
  }

  async take(key: string, cost = 1): Promise<RateLimitDecision> {
    const { capacity, refillPerSecond, keyPrefix } = this.#options;
    checkCost(cost, capacity);
    const reply = await this.#redis[COMMAND](keyPrefix + key, capacity, refillPerSecond, cost);
    return parseReply(reply);
  }
}

function parseReply(reply: unknown): RateLimitDecision {
  if (Array.isArray(reply) && reply.length === 3 && reply.every((n) => typeof n === 'number')) {
    const [allowed, remaining, retryAfterMs] = reply as [number, number, number];
    return { allowed: allowed === 1, remaining, retryAfterMs };
  }
  throw new TypeError(`unexpected token bucket script reply: ${JSON.stringify(reply)}`);
}
