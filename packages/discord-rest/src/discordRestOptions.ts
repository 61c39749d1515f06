import { createHash } from 'node:crypto';
import { systemClock, type CircuitBreakerOptions, type Clock } from '@droas/resilience';
import type { Logger, Metrics, RedisNamespace } from '@droas/runtime';
import type { Cluster, Redis } from 'ioredis';
import { DEFAULT_BAN_DURATION_MS } from './rateLimitHeaders.js';

export interface DiscordRestOptions {
  /** The bot token, sent as `Authorization: Bot …` on every route but the interaction ones. */
  token: string;
  /** The Redis every replica shares (global budget, invalid-request count). Stays the caller's to close. */
  redis: Redis | Cluster;
  /** Discord's API base, or the simulator's (`http://127.0.0.1:P/api`). @defaultValue 'https://discord.com/api' */
  apiUrl?: string;
  /** @defaultValue 10 */
  version?: number;
  /** Discord REST's own Redis namespace (`droas:discord`); each bot's keys go under a child of it. */
  namespace: RedisNamespace;
  /**
   * Sustained global rate per bot, across every replica. Interaction routes do not count. @defaultValue 45
   */
  globalPerSecond?: number;
  /**
   * Requests the global budget lets through at once after a quiet spell. Any one-second window then sees at
   * most `globalBurst + globalPerSecond` requests whatever its alignment, here 48 of Discord's 50, and the
   * 2 left over absorb requests that leave evenly spaced and arrive bunched. @defaultValue 3
   */
  globalBurst?: number;
  /**
   * Invalid answers (401, 403, non-`shared` 429) per window, across replicas, past which requests other than
   * interaction responses are refused here. A tenth of Discord's 10,000, whose penalty is a ban of every
   * request, interactions included. @defaultValue 1000
   */
  invalidRequestLimit?: number;
  /** The invalid-request window; Discord's is 10 minutes. @defaultValue 600000 */
  invalidWindowMs?: number;
  /**
   * How long an invalid-request ban is taken to last when its answer does not say: the JSON shape (`code: 0`)
   * never does, Cloudflare's text one usually has `Retry-After`, which is used instead. Every replica sends
   * nothing, interaction responses included, until it ends. Discord documents no length; bans are reported to
   * last about an hour, and ending the pause early only meets the ban again. @defaultValue 3600000
   */
  banDurationMs?: number;
  /**
   * One request's time limit, sending to last byte; past it the request is aborted and counts against the
   * breaker. @defaultValue 10000
   */
  requestTimeoutMs?: number;
  /**
   * How long one call may wait for rate limits (the route's bucket, then the global budget) before it gives
   * up with `RateLimitedError`, so a worker reschedules its job instead of holding a slot. Per call, it can
   * be overridden. @defaultValue 1000
   */
  maxWaitMs?: number;
  /** The breaker's settings; its timeout is `requestTimeoutMs`. @defaultValue the breaker's defaults */
  breaker?: Omit<CircuitBreakerOptions, 'timeoutMs' | 'ignoreError'>;
  metrics?: Metrics;
  logger?: Logger;
  /** Numbers the invalid-request windows. @defaultValue Date.now */
  clock?: Clock;
}

export const DefaultDiscordRestOptions = {
  apiUrl: 'https://discord.com/api',
  version: 10,
  globalPerSecond: 45,
  globalBurst: 3,
  invalidRequestLimit: 1000,
  invalidWindowMs: 600_000,
  banDurationMs: DEFAULT_BAN_DURATION_MS,
  requestTimeoutMs: 10_000,
  maxWaitMs: 1000,
} as const satisfies Partial<DiscordRestOptions>;

export type ResolvedDiscordRestOptions = Required<
  Omit<DiscordRestOptions, 'breaker' | 'metrics' | 'logger'>
> &
  Pick<DiscordRestOptions, 'breaker' | 'metrics' | 'logger'> & {
    /** `namespace` plus this bot's part: one bot's budgets are never another's. */
    botNamespace: RedisNamespace;
  };

/** Merges the defaults once and rejects settings no limiter could follow. */
export function resolveDiscordRestOptions(options: DiscordRestOptions): ResolvedDiscordRestOptions {
  const o = { ...DefaultDiscordRestOptions, clock: systemClock, ...options };
  if (o.token.trim() === '') throw new TypeError('token must not be empty');
  for (const key of ['globalPerSecond', 'invalidWindowMs', 'banDurationMs', 'requestTimeoutMs'] as const) {
    if (!(o[key] > 0) || !Number.isFinite(o[key])) throw new RangeError(`${key} must be positive`);
  }
  for (const key of ['globalBurst', 'invalidRequestLimit', 'version'] as const) {
    if (!Number.isInteger(o[key]) || o[key] < 1) throw new RangeError(`${key} must be a positive integer`);
  }
  if (!(o.maxWaitMs >= 0) || !Number.isFinite(o.maxWaitMs)) throw new RangeError('maxWaitMs must be ≥ 0');
  return { ...o, apiUrl: o.apiUrl.replace(/\/+$/, ''), botNamespace: o.namespace.child(botKey(o.token)) };
}

/**
 * Names the bot in Redis keys without putting its token there: the budgets are per bot (Discord's global
 * limit is per token), and a key is visible to anyone who can run `KEYS`. 64 bits of a SHA-256 tell bots
 * apart and say nothing about the token.
 */
function botKey(token: string): string {
  return createHash('sha256').update(token).digest('hex').slice(0, 16);
}
