import type { Database } from '@droas/db';
import type { Logger, Metrics, RedisNamespace } from '@droas/runtime';
import type { Cluster, Redis } from 'ioredis';

/** Tuning of the economy's caches and pages. */
export interface EconomyOptions {
  /** How long a cached balance lives; it is written through on every change, so this only bounds drift after a missed write. @defaultValue 300000 */
  balanceTtlMs?: number;
  /** How long "this member has no account" is cached. Short: the account may open in a refused payment. @defaultValue 60000 */
  noAccountTtlMs?: number;
  /** How long a cached rank lives: others' payments move it without touching this member's keys. @defaultValue 30000 */
  rankTtlMs?: number;
  /** How long cached guild settings live; changes write through, so this only bounds drift after a missed write. @defaultValue 300000 */
  settingsTtlMs?: number;
  /** How long a leaderboard page is cached: absorbs bursts of `/leaderboard` in a busy guild. @defaultValue 10000 */
  leaderboardTtlMs?: number;
  /** Each TTL is drawn from ±this fraction around its value, so entries filled together do not expire together. @defaultValue 0.1 */
  ttlJitterRatio?: number;
  /** A cache operation slower than this is abandoned and Postgres answers; Redis normally takes well under 1 ms. @defaultValue 250 */
  cacheTimeoutMs?: number;
  /** Rows per leaderboard or history page. @defaultValue 10 */
  pageSize?: number;
  /** The highest page number accepted; offsets cost their length in index entries. @defaultValue 1000 */
  maxPage?: number;
  /** The money-supply gauge refreshes at most this often, whatever the scrape rate. @defaultValue 15000 */
  supplyRefreshIntervalMs?: number;
  /** A guild this process has not changed for this long leaves its money-supply gauge. @defaultValue 600000 */
  supplyForgetAfterMs?: number;
  /** The ledger-drift gauge (every ledger entry of the changed guilds) refreshes at most this often. @defaultValue 300000 */
  driftRefreshIntervalMs?: number;
}

export const DefaultEconomyOptions = {
  balanceTtlMs: 300_000,
  noAccountTtlMs: 60_000,
  rankTtlMs: 30_000,
  settingsTtlMs: 300_000,
  leaderboardTtlMs: 10_000,
  ttlJitterRatio: 0.1,
  cacheTimeoutMs: 250,
  pageSize: 10,
  maxPage: 1000,
  supplyRefreshIntervalMs: 15_000,
  supplyForgetAfterMs: 600_000,
  driftRefreshIntervalMs: 300_000,
} as const satisfies Required<EconomyOptions>;

/** Everything the economy needs from its composition root. The clients stay the caller's to close. */
export interface EconomyDeps {
  db: Database;
  redis: Redis | Cluster;
  metrics: Metrics;
  logger: Logger;
  /** The economy's own Redis namespace, e.g. `droas:economy`. */
  namespace: RedisNamespace;
  /** Unix ms; injected so tests can move time (daily cooldowns, streaks). @defaultValue Date.now */
  now?: () => number;
  /** Uniform in [0, 1), for TTL jitter. @defaultValue Math.random */
  random?: () => number;
  options?: EconomyOptions;
}
