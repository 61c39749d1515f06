import type { Cluster, Redis } from 'ioredis';
import {
  checkTtlMs,
  resolveDeduplicatorOptions,
  type Deduplicator,
  type DeduplicatorOptions,
} from './deduplicator.js';

const RELEASE_COMMAND = 'droasDedupeRelease';

// Compare-and-delete in one step: a GET then DEL from the client could delete a claim another worker made
// in between, after ours expired.
const RELEASE_SCRIPT = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
`;

// See redisTokenBucket.ts: the method defineCommand adds, named without a global module augmentation.
interface WithReleaseCommand {
  [RELEASE_COMMAND](key: string, owner: string): Promise<unknown>;
}

/**
 * The cluster-wide {@link Deduplicator}: `SET key owner NX PX ttl` to claim, compare-and-delete to release.
 */
export class RedisDeduplicator implements Deduplicator {
  readonly #redis: Redis | Cluster;
  readonly #keyPrefix: string;
  readonly #owner: string;

  /** `redis` is shared and stays the caller's to close. */
  constructor(redis: Redis | Cluster, options: DeduplicatorOptions = {}) {
    const resolved = resolveDeduplicatorOptions(options);
    this.#keyPrefix = resolved.keyPrefix;
    this.#owner = resolved.owner;
    redis.defineCommand(RELEASE_COMMAND, { numberOfKeys: 1, lua: RELEASE_SCRIPT });
    this.#redis = redis;
  }

  async claim(key: string, ttlMs: number, owner = this.#owner): Promise<boolean> {
    checkTtlMs(ttlMs);
    const reply = await this.#redis.set(this.#keyPrefix + key, owner, 'PX', ttlMs, 'NX');
    return reply === 'OK';
  }

  async release(key: string, owner = this.#owner): Promise<boolean> {
    const redis = this.#redis as unknown as WithReleaseCommand;
    const deleted = await redis[RELEASE_COMMAND](this.#keyPrefix + key, owner);
    return deleted === 1;
  }
}
