import type { Logger } from '@droas/runtime';
import type { Cluster, Redis } from 'ioredis';
import type { EconomyMetrics } from '../economyMetrics.js';
import type { EconomyKeys } from './economyKeys.js';
import type { VersionedCache } from '@droas/resilience';

/** What the economy's caches share. */
export interface CacheContext {
  redis: Redis | Cluster;
  versioned: VersionedCache;
  keys: EconomyKeys;
  metrics: EconomyMetrics;
  logger: Logger;
  /** A TTL around `baseMs`, with jitter. */
  ttl(baseMs: number): number;
  /** How long a cache operation may take before the answer comes from Postgres instead. */
  timeoutMs: number;
}

/** The cache names used as metric labels. */
export type CacheName = 'balance' | 'rank' | 'settings' | 'leaderboard';

/** What {@link tryCache} returns when Redis failed. */
export const CACHE_DOWN = Symbol('cache down');

/**
 * Runs a cache operation. Redis is an optimisation, never the truth: a failure or an operation slower than
 * `ctx.timeoutMs` (a hung connection queues commands instead of failing them) is counted (`error` for
 * reads, `write_error` for writes), logged at debug (the counter is what alerts), and comes back as
 * {@link CACHE_DOWN} so the caller answers from Postgres.
 */
export async function tryCache<T>(
  ctx: CacheContext,
  cache: CacheName,
  kind: 'read' | 'write',
  op: () => Promise<T>,
): Promise<T | typeof CACHE_DOWN> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`cache operation took over ${ctx.timeoutMs} ms`)),
      ctx.timeoutMs,
    );
    timer.unref();
  });
  try {
    // The operation keeps running after a timeout; race() has subscribed to it, so its late failure is
    // handled, and a late write is still a versioned (or idempotent) one.
    return await Promise.race([op(), timeout]);
  } catch (error) {
    ctx.metrics.cacheRequests.inc({ cache, result: kind === 'read' ? 'error' : 'write_error' });
    ctx.logger.debug({ err: error, cache, kind }, 'economy cache unavailable; using Postgres');
    return CACHE_DOWN;
  } finally {
    clearTimeout(timer);
  }
}

/** Counts a cache look-up's result. */
export function countLookup(ctx: CacheContext, cache: CacheName, hit: boolean): void {
  ctx.metrics.cacheRequests.inc({ cache, result: hit ? 'hit' : 'miss' });
}
