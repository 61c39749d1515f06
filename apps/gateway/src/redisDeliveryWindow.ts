import type { RedisNamespace } from '@droas/runtime';
import type { Cluster, Redis } from 'ioredis';

/** One job handed to the queue, and the token of the submission that handed it (the same on every retry). */
export interface Delivery {
  jobId: string;
  token: string;
}

/** Remembers which job ids were delivered lately, to count the ones delivered more than once. */
export interface DeliveryWindow {
  /**
   * Records the deliveries and resolves to how many of them another submission delivered first. Recording a
   * (job id, token) pair again changes nothing and gets the same answer, so a retried batch is never counted
   * as its own duplicate. Sends its command before it returns, so a command issued right after on the same
   * connection shares the round trip.
   */
  record(deliveries: readonly Delivery[]): Promise<number>;
}

export interface RedisDeliveryWindowOptions {
  /**
   * Give it the queue's own connection, so the record goes out with the batch. Shared; the caller closes it.
   */
  redis: Redis | Cluster;
  /**
   * The gateway gives `<queue prefix>:delivered`; keys are `<namespace>:<queue>:<bucket>`. On a Redis Cluster
   * the three buckets of a record are declared keys of one script, so the namespace must carry a hash tag (a
   * partition's queue prefix does) to keep them in one slot, the queue's own.
   */
  namespace: RedisNamespace;
  /** The queue the job ids belong to. */
  queue: string;
  /**
   * Job ids are kept per bucket of this length, and looked up in the caller's bucket and both neighbours. A
   * duplicate is caught when it arrives at least `bucketMs` (less the clock skew between the hosts) and at most
   * `2 × bucketMs` after the first delivery: overlapping sessions deliver within milliseconds, a RESUME replays
   * within seconds. Redis holds about three buckets of ids per queue, ~100 bytes each: at 1,000 events/s
   * and the default, 180,000 ids, ~18 MB.
   * @defaultValue 60000
   */
  bucketMs?: number;
  now?: () => number;
}

export const DefaultRedisDeliveryWindowOptions = {
  bucketMs: 60_000,
} as const satisfies Partial<RedisDeliveryWindowOptions>;

/** Which buckets a record at `nowMs` reads, and how long the one it writes must live. */
export interface DeliveryBuckets {
  previous: number;
  current: number;
  next: number;
  /**
   * The current bucket lives to the end of the one after next: its last readers (callers in the next bucket)
   * are done by then, even on a host whose clock is up to a bucket behind or ahead.
   */
  expireMs: number;
}

export function deliveryBuckets(nowMs: number, bucketMs: number): DeliveryBuckets {
  if (!Number.isInteger(bucketMs) || bucketMs < 1_000) {
    throw new RangeError(`bucketMs must be a whole number of milliseconds ≥ 1000, got ${bucketMs}`);
  }
  const current = Math.floor(nowMs / bucketMs);
  return { previous: current - 1, current, next: current + 1, expireMs: (current + 3) * bucketMs - nowMs };
}

const COMMAND = 'droasRecordDeliveries';

// KEYS: the previous, current and next bucket (hashes of job id → token). ARGV: the current bucket's expiry
// in ms, then job id and token pairs. An id found in any of the three with another token is a duplicate; an id
// found nowhere is written to the current bucket. One script, so two gateways recording the same id are
// serialised: exactly one of them writes it, and the other is told it is a duplicate.
const RECORD_DELIVERIES_SCRIPT = `
local live = {}
for k = 1, 3 do live[k] = redis.call('EXISTS', KEYS[k]) == 1 end
local order = { 2, 1, 3 }
local duplicates = 0
local written = false
for i = 2, #ARGV, 2 do
  local owner = false
  for _, k in ipairs(order) do
    if live[k] then
      owner = redis.call('HGET', KEYS[k], ARGV[i])
      if owner then break end
    end
  end
  if not owner then
    redis.call('HSET', KEYS[2], ARGV[i], ARGV[i + 1])
    live[2] = true
    written = true
  elseif owner ~= ARGV[i + 1] then
    duplicates = duplicates + 1
  end
end
if written then redis.call('PEXPIRE', KEYS[2], ARGV[1]) end
return duplicates
`;

// ioredis adds a method per defineCommand at runtime; this names the one we add (see RedisTokenBucket).
interface WithRecordCommand {
  [COMMAND](
    previous: string,
    current: string,
    next: string,
    expireMs: number,
    ...pairs: string[]
  ): Promise<unknown>;
}

/**
 * The fleet-wide {@link DeliveryWindow}: time-bucketed hashes in Redis, one script per batch. Buckets follow the
 * caller's clock rather than Redis's (`TIME`), so the script declares every key it touches; looking in both
 * neighbours of the current bucket makes up for clock skew between gateway hosts.
 *
 * BullMQ's own `duplicated` events would cost the producer nothing, but they count a retried batch that had
 * reached Redis, miss an id added again after its job was removed, and need one reader for the whole fleet
 * of a stream that is trimmed; hence a record of our own, one more command per batch.
 */
export class RedisDeliveryWindow implements DeliveryWindow {
  readonly #redis: WithRecordCommand;
  readonly #namespace: RedisNamespace;
  readonly #queue: string;
  readonly #bucketMs: number;
  readonly #now: () => number;

  constructor(options: RedisDeliveryWindowOptions) {
    this.#bucketMs = options.bucketMs ?? DefaultRedisDeliveryWindowOptions.bucketMs;
    deliveryBuckets(0, this.#bucketMs); // fails now on a bad bucketMs, not on the first batch
    // Defining the same command again on a shared connection only replaces it with the same script.
    options.redis.defineCommand(COMMAND, { numberOfKeys: 3, lua: RECORD_DELIVERIES_SCRIPT });
    this.#redis = options.redis as unknown as WithRecordCommand;
    this.#namespace = options.namespace;
    this.#queue = options.queue;
    this.#now = options.now ?? Date.now;
  }

  async record(deliveries: readonly Delivery[]): Promise<number> {
    if (deliveries.length === 0) return 0;
    const { previous, current, next, expireMs } = deliveryBuckets(this.#now(), this.#bucketMs);
    const pairs: string[] = [];
    for (const d of deliveries) pairs.push(d.jobId, d.token);
    const reply = await this.#redis[COMMAND](
      this.#namespace.key(this.#queue, previous),
      this.#namespace.key(this.#queue, current),
      this.#namespace.key(this.#queue, next),
      expireMs,
      ...pairs,
    );
    if (typeof reply !== 'number') {
      throw new TypeError(`unexpected record-deliveries reply: ${JSON.stringify(reply)}`);
    }
    return reply;
  }
}
