/** The identify rules a fleet starts under, as the simulator (or Discord) enforces them. */
export interface IdentifyRules {
  /** `max_concurrency`: buckets are `shard_id % maxConcurrency`. */
  maxConcurrency: number;
  /** One IDENTIFY per bucket per this window (Discord: 5 s). */
  windowMs: number;
}

/** The fastest a set of shards can all be identified, and what bounds it. */
export interface IdentifyFloor {
  /** Identifies the busiest bucket must make one after another. */
  rounds: number;
  /** `(rounds − 1) × windowMs`: from the first identify to the last, at best. */
  floorMs: number;
}

/**
 * The identify-bound part of a fleet's start: each bucket (`shard % maxConcurrency`) takes one IDENTIFY per
 * window, so the busiest bucket's count, less one, times the window is the least time between the first
 * identify and the last. A whole start adds to it one handshake (READY and the guilds) and the processes' boot.
 */
export function identifyFloor(shardIds: readonly number[], rules: IdentifyRules): IdentifyFloor {
  if (!Number.isInteger(rules.maxConcurrency) || rules.maxConcurrency < 1)
    throw new RangeError(`maxConcurrency must be a whole number ≥ 1, got ${rules.maxConcurrency}`);
  if (!(rules.windowMs >= 0)) throw new RangeError(`windowMs must be ≥ 0, got ${rules.windowMs}`);
  const perBucket = new Map<number, number>();
  for (const shard of new Set(shardIds)) {
    const bucket = shard % rules.maxConcurrency;
    perBucket.set(bucket, (perBucket.get(bucket) ?? 0) + 1);
  }
  const rounds = Math.max(0, ...perBucket.values());
  return { rounds, floorMs: Math.max(0, rounds - 1) * rules.windowMs };
}
