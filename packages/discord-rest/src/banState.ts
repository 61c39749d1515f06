import type { RedisNamespace } from '@droas/runtime';
import type { Cluster, Redis } from 'ioredis';
import type { BanShape } from './rateLimitHeaders.js';

/** A ban in force: its shape and how long it has left. */
export interface BanInForce {
  shape: BanShape;
  remainingMs: number;
}

// Starts the ban, or lengthens one already in force to end no sooner than this answer says; never shortens
// it. Returns 1 when this call started it, so that exactly one replica reports each ban.
const RECORD_BAN = `
local ttl = redis.call('PTTL', KEYS[1])
local ms = tonumber(ARGV[2])
if ttl < 0 then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ms)
  return 1
end
if ttl < ms then redis.call('PEXPIRE', KEYS[1], ms) end
return 0
`;

// The ban's shape and time left, read together. One script rather than MULTI/GET/PTTL/EXEC: every request
// reads it, and four commands (and a transaction's bookkeeping in the client) became one.
const READ_BAN = `
local shape = redis.call('GET', KEYS[1])
if not shape then return false end
return { shape, redis.call('PTTL', KEYS[1]) }
`;

interface WithReadBan {
  droasReadBan(key: string): Promise<[string, number] | null>;
}

/**
 * The bot's invalid-request ban as every replica sees it: one Redis key (`<bot>:ban`, holding the shape) that
 * expires when the ban is taken to end. The first replica to get a ban answer sets it; every replica reads it
 * before each request, so the whole fleet stops within the requests already in flight, and starts again, with
 * no message passing, when the key expires.
 */
export class BanState {
  readonly #redis: Redis | Cluster;
  readonly #key: string;

  constructor(redis: Redis | Cluster, namespace: RedisNamespace) {
    // Defining the same command again on a shared connection only replaces it with the same script.
    redis.defineCommand('droasReadBan', { numberOfKeys: 1, lua: READ_BAN });
    this.#redis = redis;
    this.#key = namespace.key('ban');
  }

  /** The ban in force, if any. One round trip. */
  async read(): Promise<BanInForce | undefined> {
    const found = await (this.#redis as unknown as WithReadBan).droasReadBan(this.#key);
    const [shape, remainingMs] = found ?? [];
    if ((shape !== 'text' && shape !== 'json') || typeof remainingMs !== 'number' || remainingMs <= 0) {
      return undefined;
    }
    return { shape, remainingMs };
  }

  /** Records a ban answer; true when it started a ban (no ban was in force). */
  async record(shape: BanShape, durationMs: number): Promise<boolean> {
    const started = await this.#redis.eval(
      RECORD_BAN,
      1,
      this.#key,
      shape,
      String(Math.max(1, Math.ceil(durationMs))),
    );
    return started === 1;
  }
}
