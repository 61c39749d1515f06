/** The answer to one `take`. */
export interface RateLimitDecision {
  /** Whether the tokens were taken; when false, nothing was taken. */
  allowed: boolean;
  /** Whole tokens left in the bucket after this take. */
  remaining: number;
  /** 0 when allowed; otherwise how long until `cost` tokens will be there, if nobody else takes them. */
  retryAfterMs: number;
}

/**
 * A rate limit over keys the caller builds (`user:<guildId>:<userId>`, `channel:<id>`, `discord:global`). One
 * instance is one policy (one capacity and rate); a caller with several limits holds several limiters.
 */
export interface RateLimiter {
  /** Takes `cost` tokens (default 1) from `key`'s bucket if it holds that many, else takes nothing. */
  take(key: string, cost?: number): Promise<RateLimitDecision>;
}

export interface TokenBucketOptions {
  /** Most tokens a bucket holds: the largest burst allowed after a quiet spell. */
  capacity: number;
  /** Tokens added per second, up to `capacity`: the sustained rate. */
  refillPerSecond: number;
  /** Put in front of every key, to keep one policy's buckets apart from another's. @defaultValue 'rl:' */
  keyPrefix?: string;
}

export const DefaultTokenBucketOptions = {
  keyPrefix: 'rl:',
} as const satisfies Partial<TokenBucketOptions>;

export type ResolvedTokenBucketOptions = Required<TokenBucketOptions>;

/** Merges the defaults once and rejects a policy no bucket could follow. */
export function resolveTokenBucketOptions(options: TokenBucketOptions): ResolvedTokenBucketOptions {
  const resolved = { ...DefaultTokenBucketOptions, ...options };
  if (!(resolved.capacity > 0) || !Number.isFinite(resolved.capacity)) {
    throw new RangeError(`capacity must be a positive number, got ${resolved.capacity}`);
  }
  if (!(resolved.refillPerSecond > 0) || !Number.isFinite(resolved.refillPerSecond)) {
    throw new RangeError(`refillPerSecond must be a positive number, got ${resolved.refillPerSecond}`);
  }
  return resolved;
}

/** A cost the bucket can ever satisfy; anything else is a programming mistake, not a denial. */
export function checkCost(cost: number, capacity: number): void {
  if (!(cost > 0) || !Number.isFinite(cost) || cost > capacity) {
    throw new RangeError(`cost must be a positive number no larger than capacity (${capacity}), got ${cost}`);
  }
}

/** A bucket's stored state: `tokens` as of `updatedAtMs`. A missing bucket is a full one. */
export interface BucketState {
  tokens: number;
  updatedAtMs: number;
}

export interface BucketTake {
  decision: RateLimitDecision;
  /** The state to store; undefined when nothing changed worth storing (a denial). */
  next: BucketState | undefined;
  /** How long until the bucket is full again, after which its state can be dropped. */
  fullInMs: number;
}

/**
 * The token-bucket arithmetic that the Redis script (`TOKEN_BUCKET_LUA`) mirrors line by line, so the rules
 * can be read and unit-tested without Redis: refill by elapsed time (a clock that went backwards refills
 * nothing), then take `cost` if it is there.
 */
export function takeFromBucket(
  state: BucketState | undefined,
  nowMs: number,
  cost: number,
  options: Pick<TokenBucketOptions, 'capacity' | 'refillPerSecond'>,
): BucketTake {
  const { capacity, refillPerSecond } = options;
  const elapsedMs = state === undefined ? 0 : Math.max(0, nowMs - state.updatedAtMs);
  const tokens = Math.min(capacity, (state?.tokens ?? capacity) + (elapsedMs * refillPerSecond) / 1000);
  if (tokens < cost) {
    return {
      decision: {
        allowed: false,
        remaining: Math.floor(tokens),
        retryAfterMs: Math.ceil(((cost - tokens) * 1000) / refillPerSecond),
      },
      next: undefined,
      fullInMs: Math.ceil(((capacity - tokens) * 1000) / refillPerSecond),
    };
  }
  const left = tokens - cost;
  return {
    decision: { allowed: true, remaining: Math.floor(left), retryAfterMs: 0 },
    // Never move the timestamp back: time already counted must not be counted again.
    next: { tokens: left, updatedAtMs: Math.max(nowMs, state?.updatedAtMs ?? nowMs) },
    fullInMs: Math.ceil(((capacity - left) * 1000) / refillPerSecond),
  };
}
