import { readAccountRank, readAccountStanding, type Database } from '@droas/db';
import { timeQuery } from '../economyMetrics.js';
import { CACHE_DOWN, countLookup, tryCache, type CacheContext } from './cacheContext.js';

/** A member's balance and 1-based rank in the guild. */
export interface Standing {
  balance: bigint;
  rank: number;
}

export interface BalanceStoreTtls {
  balanceTtlMs: number;
  noAccountTtlMs: number;
  rankTtlMs: number;
}

// The cached data of a member without an account; version 0 is older than any ledger entry, so the first
// write after the account opens replaces it.
const NO_ACCOUNT = '';

/**
 * Balances and ranks for `/balance`, from Redis when possible. Balances are written through after each
 * commit, versioned by the account's latest ledger entry id so a late writer cannot put an older balance
 * back; a member without an account is cached too (briefly). Ranks are cached with the balance they were
 * computed for and recomputed when it differs, so the rank shown always matches the balance shown; others'
 * payments move it within `rankTtlMs`. With Redis flushed or down, Postgres answers.
 */
export class BalanceStore {
  constructor(
    private readonly ctx: CacheContext,
    private readonly db: Database,
    private readonly ttls: BalanceStoreTtls,
  ) {}

  /** The member's standing, or null when they have no account. */
  async standing(guildId: string, userId: string): Promise<Standing | null> {
    const { keys, versioned, redis, metrics } = this.ctx;
    const balanceKey = keys.balance(guildId, userId);
    const rankKey = keys.rank(guildId, userId);
    const cached = await tryCache(this.ctx, 'balance', 'read', () =>
      Promise.all([versioned.get(balanceKey), redis.get(rankKey)]),
    );
    if (cached !== CACHE_DOWN) {
      const [entry, rankText] = cached;
      countLookup(this.ctx, 'balance', entry !== undefined);
      if (entry?.data === NO_ACCOUNT) return null;
      if (entry) {
        const balance = BigInt(entry.data);
        const rank = rankFor(rankText, balance);
        countLookup(this.ctx, 'rank', rank !== undefined);
        if (rank !== undefined) return { balance, rank };
        const fresh = await timeQuery(metrics, 'rank', () =>
          readAccountRank(this.db, guildId, userId, balance),
        );
        await this.#cacheRank(rankKey, balance, fresh);
        return { balance, rank: fresh };
      }
    }
    const standing = await timeQuery(metrics, 'standing', () =>
      readAccountStanding(this.db, guildId, userId),
    );
    if (!standing) {
      await tryCache(this.ctx, 'balance', 'write', () =>
        versioned.setIfNewer(
          balanceKey,
          { version: 0n, data: NO_ACCOUNT },
          this.ctx.ttl(this.ttls.noAccountTtlMs),
        ),
      );
      return null;
    }
    await Promise.all([
      tryCache(this.ctx, 'balance', 'write', () =>
        versioned.setIfNewer(
          balanceKey,
          { version: standing.version, data: standing.balance.toString() },
          this.ctx.ttl(this.ttls.balanceTtlMs),
        ),
      ),
      this.#cacheRank(rankKey, standing.balance, standing.rank),
    ]);
    return { balance: standing.balance, rank: standing.rank };
  }

  /**
   * Writes a committed balance through (`version` = the id of the ledger entry that produced it) and drops
   * the member's cached rank, which moved with the balance.
   */
  async remember(guildId: string, userId: string, balance: bigint, version: bigint): Promise<void> {
    const { keys, versioned, redis } = this.ctx;
    await tryCache(this.ctx, 'balance', 'write', () =>
      Promise.all([
        versioned.setIfNewer(
          keys.balance(guildId, userId),
          { version, data: balance.toString() },
          this.ctx.ttl(this.ttls.balanceTtlMs),
        ),
        redis.del(keys.rank(guildId, userId)),
      ]),
    );
  }

  /**
   * Drops what is cached for these members: after an operation that may have opened their accounts without
   * reporting the balances (a refused payment opens both accounts first).
   */
  async forget(guildId: string, userIds: readonly string[]): Promise<void> {
    const { keys, redis } = this.ctx;
    const all = userIds.flatMap((id) => [keys.balance(guildId, id), keys.rank(guildId, id)]);
    await tryCache(this.ctx, 'balance', 'write', () => redis.del(...all));
  }

  async #cacheRank(rankKey: string, balance: bigint, rank: number): Promise<void> {
    await tryCache(this.ctx, 'rank', 'write', () =>
      this.ctx.redis.set(rankKey, `${balance}:${rank}`, 'PX', this.ctx.ttl(this.ttls.rankTtlMs)),
    );
  }
}

/** The cached rank if it was computed for `balance`. */
function rankFor(text: string | null, balance: bigint): number | undefined {
  if (text === null) return undefined;
  const [forBalance, rank] = text.split(':');
  if (forBalance !== balance.toString() || rank === undefined) return undefined;
  const n = Number(rank);
  return Number.isSafeInteger(n) && n >= 1 ? n : undefined;
}
