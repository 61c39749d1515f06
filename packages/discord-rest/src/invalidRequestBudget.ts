import type { Clock } from '@droas/resilience';
import type { RedisNamespace } from '@droas/runtime';
import type { Cluster, Redis } from 'ioredis';

export interface InvalidRequestBudgetOptions {
  /** This bot's namespace (`droas:discord:<bot>`). */
  namespace: RedisNamespace;
  windowMs: number;
  clock: Clock;
}

/** The invalid-request count of the current window, and when that window ends. */
export interface InvalidRequestWindow {
  count: number;
  endsInMs: number;
}

/**
 * Counts the bot's 401, 403 and (non-`shared`) 429 answers across every replica, in fixed windows of
 * `windowMs` (one Redis counter per window, expiring with it). Discord's own window is not documented; a
 * fixed window can see up to twice its count across a boundary, which the caller's threshold (a tenth of
 * Discord's 10,000) leaves ample room for. Windows are numbered by the local clock: a replica whose clock is
 * off by seconds counts a few requests into the neighbouring window, which the same margin absorbs.
 */
export class InvalidRequestBudget {
  readonly #redis: Redis | Cluster;
  readonly #options: InvalidRequestBudgetOptions;

  constructor(redis: Redis | Cluster, options: InvalidRequestBudgetOptions) {
    this.#redis = redis;
    this.#options = options;
  }

  async read(): Promise<InvalidRequestWindow> {
    const { key, endsInMs } = this.#window();
    const count = Number((await this.#redis.get(key)) ?? 0);
    return { count, endsInMs };
  }

  /** Counts one invalid answer; returns the window's count after it. */
  async record(): Promise<InvalidRequestWindow> {
    const { key, endsInMs } = this.#window();
    const results = await this.#redis.multi().incr(key).pexpire(key, endsInMs).exec();
    const count = results?.[0]?.[1];
    return { count: typeof count === 'number' ? count : 0, endsInMs };
  }

  #window(): { key: string; endsInMs: number } {
    const { windowMs, namespace, clock } = this.#options;
    const nowMs = clock();
    const index = Math.floor(nowMs / windowMs);
    return { key: namespace.key('invalid', index), endsInMs: Math.max(1, (index + 1) * windowMs - nowMs) };
  }
}
