export interface BackoffOptions {
  /** The ceiling of the first retry's delay; each later retry doubles the ceiling. */
  baseMs: number;
  /** No delay is longer than this, however many attempts have failed. */
  maxMs: number;
}

/** A source of uniform numbers in [0, 1), replaced in tests. */
export type RandomSource = () => number;

/**
 * The delay before retry number `attempt` (1 for the first retry): exponential backoff with full jitter, a
 * uniform draw from [0, min(maxMs, baseMs × 2^(attempt−1))). Full jitter rather than a fixed exponential
 * because a dependency coming back from an outage would otherwise meet every worker's retries at the same
 * instants; spreading them over the whole window keeps the load flat at the cost of a slightly longer wait.
 */
export function computeBackoffMs(
  attempt: number,
  options: BackoffOptions,
  random: RandomSource = Math.random,
): number {
  if (!Number.isInteger(attempt) || attempt < 1) {
    throw new RangeError(`attempt must be an integer from 1, got ${attempt}`);
  }
  const { baseMs, maxMs } = options;
  if (!(baseMs > 0) || !Number.isFinite(baseMs)) {
    throw new RangeError(`baseMs must be a positive number, got ${baseMs}`);
  }
  if (!(maxMs >= baseMs) || !Number.isFinite(maxMs)) {
    throw new RangeError(`maxMs must be a number no smaller than baseMs (${baseMs}), got ${maxMs}`);
  }
  // 2 ** attempt overflows to Infinity past ~1024 attempts, which min() turns back into maxMs.
  const ceilingMs = Math.min(maxMs, baseMs * 2 ** (attempt - 1));
  const draw = random();
  if (!(draw >= 0 && draw < 1)) throw new RangeError(`random() must return a number in [0, 1), got ${draw}`);
  return Math.floor(draw * ceilingMs);
}
