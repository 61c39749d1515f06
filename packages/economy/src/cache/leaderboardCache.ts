import { decodeOutcome, encodeOutcome, readLeaderboard, type Database, type LeaderboardRow } from '@droas/db';
import { timeQuery } from '../economyMetrics.js';
import { CACHE_DOWN, countLookup, tryCache, type CacheContext } from './cacheContext.js';

/** One leaderboard page and whether another follows. */
export interface LeaderboardPage {
  rows: LeaderboardRow[];
  hasMore: boolean;
}

/**
 * Leaderboard pages: read from `accounts_leaderboard_idx` (one row past the page says whether there is a
 * next one, no count of the guild), cached whole for a few seconds. A page may lag payments by that long;
 * it is a ranking, not a statement of account.
 */
export class LeaderboardCache {
  constructor(
    private readonly ctx: CacheContext,
    private readonly db: Database,
    private readonly ttlMs: number,
  ) {}

  /** Page `page` (1-based) of `pageSize` rows. */
  async page(guildId: string, page: number, pageSize: number): Promise<LeaderboardPage> {
    const key = this.ctx.keys.leaderboard(guildId, page, pageSize);
    const cached = await tryCache(this.ctx, 'leaderboard', 'read', () => this.ctx.redis.get(key));
    if (cached !== CACHE_DOWN) {
      countLookup(this.ctx, 'leaderboard', cached !== null);
      if (cached !== null) return decodeOutcome<LeaderboardPage>(cached);
    }
    const rows = await timeQuery(this.ctx.metrics, 'leaderboard', () =>
      readLeaderboard(this.db, guildId, { offset: (page - 1) * pageSize, limit: pageSize + 1 }),
    );
    const result = { rows: rows.slice(0, pageSize), hasMore: rows.length > pageSize };
    await tryCache(this.ctx, 'leaderboard', 'write', () =>
      this.ctx.redis.set(key, encodeOutcome(result), 'PX', this.ctx.ttl(this.ttlMs)),
    );
    return result;
  }
}
