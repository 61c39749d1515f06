import type { Database, TransactionSql } from '../database.js';

/** A member's balance with what a cache and a rank display need. */
export interface AccountStanding {
  balance: bigint;
  /**
   * Id of the account's latest ledger entry. It grows in commit order for one account (its row lock
   * serialises writers), so a cache can refuse a copy older than the one it holds.
   */
  version: bigint;
  /** 1-based position in the guild's leaderboard order (balance descending, then user id). */
  rank: number;
}

/**
 * Reads a member's balance, version and rank in one statement (one snapshot, so the three agree), or
 * undefined when the member has no account. The rank is two counts on `accounts_leaderboard_idx`: the
 * accounts ahead with a larger balance, and those with the same balance and a smaller id.
 */
export async function readAccountStanding(
  db: Database,
  guildId: string,
  userId: string,
): Promise<AccountStanding | undefined> {
  const [row] = await db.query(
    'readAccountStanding',
    (sql) => sql<{ balance: bigint; version: bigint; rank: bigint }[]>`
    select a.balance,
      coalesce((select l.id from ledger_entries l
                where l.guild_id = a.guild_id and l.user_id = a.user_id
                order by l.id desc limit 1), 0) as version,
      1 + (select count(*) from accounts b where b.guild_id = a.guild_id and b.balance > a.balance)
        + (select count(*) from accounts b
           where b.guild_id = a.guild_id and b.balance = a.balance and b.user_id < a.user_id) as rank
    from accounts a
    where a.guild_id = ${guildId} and a.user_id = ${userId}`,
  );
  return row && { balance: row.balance, version: row.version, rank: Number(row.rank) };
}

/**
 * The rank a member with `balance` has (see {@link AccountStanding.rank}), from two index range counts.
 * For a balance read from a cache, so the rank shown matches the balance shown.
 */
export async function readAccountRank(
  db: Database,
  guildId: string,
  userId: string,
  balance: bigint,
): Promise<number> {
  const [row] = await db.query(
    'readAccountRank',
    (sql) => sql<{ rank: bigint }[]>`
    select 1 + (select count(*) from accounts where guild_id = ${guildId} and balance > ${balance.toString()}::bigint)
      + (select count(*) from accounts
         where guild_id = ${guildId} and balance = ${balance.toString()}::bigint and user_id < ${userId}::bigint) as rank`,
  );
  return Number(row?.rank ?? 1n);
}

/**
 * How many accounts of the guild hold more than `balance` (an index range count), inside the caller's
 * transaction, e.g. the one that lowers the maximum balance.
 */
export async function countAccountsAbove(
  tx: TransactionSql<{ bigint: bigint }>,
  guildId: string,
  balance: bigint,
): Promise<number> {
  const [row] = await tx<{ n: bigint }[]>`
    select count(*) as n from accounts where guild_id = ${guildId} and balance > ${balance.toString()}::bigint`;
  return Number(row?.n ?? 0n);
}
