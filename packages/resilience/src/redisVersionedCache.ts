import type { Cluster, Redis } from 'ioredis';
import type { VersionedCache, VersionedEntry } from './versionedCache.js';

const SET_IF_NEWER = 'droasSetIfNewer';

// Compare and write in one step, in Redis, so no other write lands in between. Versions are decimal
// strings without leading zeros: comparing length, then text, orders them exactly at any size (Lua numbers
// are doubles and would not).
const SET_IF_NEWER_SCRIPT = `
local current = redis.call('HGET', KEYS[1], 'v')
if current and (#current > #ARGV[1] or (#current == #ARGV[1] and current >= ARGV[1])) then
  return 0
end
redis.call('HSET', KEYS[1], 'v', ARGV[1], 'd', ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1
`;

interface WithSetIfNewer {
  [SET_IF_NEWER](key: string, version: string, data: string, ttlMs: number): Promise<number>;
}

/** {@link VersionedCache} as Redis hashes `{ v: version, d: data }`, written by a Lua compare-and-set. */
export class RedisVersionedCache implements VersionedCache {
  readonly #redis: Redis | Cluster;

  /** `redis` is shared and stays the caller's to close. */
  constructor(redis: Redis | Cluster) {
    redis.defineCommand(SET_IF_NEWER, { numberOfKeys: 1, lua: SET_IF_NEWER_SCRIPT });
    this.#redis = redis;
  }

  async get(key: string): Promise<VersionedEntry | undefined> {
    const [version, data] = await this.#redis.hmget(key, 'v', 'd');
    if (version === null || version === undefined || data === null || data === undefined) return undefined;
    return { version: BigInt(version), data };
  }

  async setIfNewer(key: string, entry: VersionedEntry, ttlMs: number): Promise<boolean> {
    if (entry.version < 0n) throw new RangeError(`version must be non-negative, got ${entry.version}`);
    const redis = this.#redis as unknown as WithSetIfNewer;
    return (
      (await redis[SET_IF_NEWER](
        key,
        entry.version.toString(),
        entry.data,
        Math.max(1, Math.round(ttlMs)),
      )) === 1
    );
  }
}
