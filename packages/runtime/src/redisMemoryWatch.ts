import type { Logger } from 'pino';
import type { Metrics } from './metrics.js';

/** The one command of a Redis client the watch uses (ioredis's `info`). */
export interface RedisInfoSource {
  info(section: 'memory'): Promise<string>;
}

/** What `INFO memory` says about eviction. */
export interface RedisMemoryState {
  readonly usedBytes: number;
  /** 0: no limit. */
  readonly maxBytes: number;
  readonly policy: string;
}

/** The only eviction policy DROAS runs with: a full Redis refuses writes instead of dropping keys. */
export const REQUIRED_EVICTION_POLICY = 'noeviction';

/** Thrown when Redis would evict keys: an evicted job is a job lost without a trace. */
export class RedisEvictionPolicyError extends Error {
  override readonly name = 'RedisEvictionPolicyError';
  constructor(readonly policy: string) {
    super(
      `Redis maxmemory-policy is ${policy}, and DROAS needs ${REQUIRED_EVICTION_POLICY}: with any other policy a full ` +
        'Redis silently deletes queued jobs, claims and dedupe keys. Set `maxmemory-policy noeviction` in redis.conf ' +
        '(or `CONFIG SET maxmemory-policy noeviction`), then start again.',
    );
  }
}

/** Parses `INFO memory`. */
export function parseRedisMemory(info: string): RedisMemoryState {
  const field = (name: string) => new RegExp(`^${name}:(.*)$`, 'm').exec(info)?.[1]?.trim();
  const policy = field('maxmemory_policy');
  if (policy === undefined) throw new TypeError('INFO memory has no maxmemory_policy');
  return {
    usedBytes: Number(field('used_memory') ?? Number.NaN),
    maxBytes: Number(field('maxmemory') ?? 0),
    policy,
  };
}

export interface RedisMemoryWatchOptions {
  redis: RedisInfoSource;
  metrics: Metrics;
  logger: Logger;
  /** Between looks at a running Redis. @defaultValue 15000 */
  intervalMs?: number;
}

/**
 * Keeps DROAS off a Redis that could evict its keys. `check` at start refuses (throws) unless the eviction
 * policy is `noeviction`; `start` then looks again every `intervalMs`, so a policy changed at run time makes
 * the process not ready (`ok`) and says so in the log, and it exports used memory against `maxmemory`
 * (`droas_redis_memory_used_bytes`, `droas_redis_memory_max_bytes`, `droas_redis_noeviction`).
 */
export class RedisMemoryWatch {
  readonly #o: Required<RedisMemoryWatchOptions>;
  readonly #gauges;
  #timer: NodeJS.Timeout | undefined;
  #ok = true;

  constructor(options: RedisMemoryWatchOptions) {
    this.#o = { intervalMs: 15_000, ...options };
    const { metrics } = options;
    this.#gauges = {
      used: metrics.gauge({
        name: 'redis_memory_used_bytes',
        help: 'Redis used_memory, as INFO memory says',
      }),
      max: metrics.gauge({ name: 'redis_memory_max_bytes', help: 'Redis maxmemory (0: no limit)' }),
      noeviction: metrics.gauge({
        name: 'redis_noeviction',
        help: '1 while Redis runs with maxmemory-policy noeviction, 0 when it could evict keys',
      }),
    };
  }

  /** False once Redis was seen with another policy, until it is seen with `noeviction` again. */
  get ok(): boolean {
    return this.#ok;
  }

  /** Reads Redis's memory state once; throws `RedisEvictionPolicyError` unless it is safe to run on. */
  async check(): Promise<RedisMemoryState> {
    const state = parseRedisMemory(await this.#o.redis.info('memory'));
    this.#gauges.used.set(state.usedBytes);
    this.#gauges.max.set(state.maxBytes);
    const safe = state.policy === REQUIRED_EVICTION_POLICY;
    this.#gauges.noeviction.set(safe ? 1 : 0);
    if (safe !== this.#ok) {
      if (safe) this.#o.logger.info('Redis is back on maxmemory-policy noeviction: ready again');
      else this.#o.logger.error({ policy: state.policy }, new RedisEvictionPolicyError(state.policy).message);
    }
    this.#ok = safe;
    if (!safe) throw new RedisEvictionPolicyError(state.policy);
    return state;
  }

  /**
   * The check a process makes before it starts: waits for Redis to answer (logging every `intervalMs` while it
   * does not), then throws `RedisEvictionPolicyError` unless the policy is safe.
   */
  async checkAtStart(retryMs = 500): Promise<RedisMemoryState> {
    // The first failure is only the connection still opening: said once the wait has lasted a while.
    let lastLogged = Date.now();
    for (;;) {
      try {
        return await this.check();
      } catch (error) {
        if (error instanceof RedisEvictionPolicyError) throw error;
        if (Date.now() - lastLogged >= this.#o.intervalMs) {
          this.#o.logger.warn({ err: error }, 'waiting for Redis to check its eviction policy');
          lastLogged = Date.now();
        }
        await new Promise((resolve) => setTimeout(resolve, retryMs));
      }
    }
  }

  /** Looks again every `intervalMs`. A Redis that cannot be reached is other checks' business. */
  start(): void {
    this.#timer ??= setInterval(() => {
      this.check().catch(() => {});
    }, this.#o.intervalMs).unref();
  }

  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }
}

/**
 * For apps' main.ts: waits until Redis's eviction policy has been checked, then starts watching it; a Redis
 * that could evict keys stops the process with the reason on stderr and status 78 (EX_CONFIG), as a bad
 * variable does.
 */
export async function watchRedisMemory(
  watch: RedisMemoryWatch,
  exit: (code: number) => never = (code) => process.exit(code),
): Promise<void> {
  try {
    await watch.checkAtStart();
  } catch (error) {
    if (!(error instanceof RedisEvictionPolicyError)) throw error;
    process.stderr.write(`${error.message}\n`);
    return exit(78);
  }
  watch.start();
}
