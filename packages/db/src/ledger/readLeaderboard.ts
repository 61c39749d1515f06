import type { Database, Sql } from '../database.js';

export interface LeaderboardRow {
  userId: string;
  balance: bigint;
}

/**
 * One page of the guild's top balances, in leaderboard order (balance descending, then user id), read from
 * `accounts_leaderboard_idx`: the database walks the index from the top, it never sorts the guild. Offsets
 * cost their length in index entries, so callers cap the page number.
 */
export async function readLeaderboard(
  db: Database,
  guildId: string,
  page: { offset: number; limit: number },
): Promise<LeaderboardRow[]> {
  const rows = await db.query('readLeaderboard', (sql) => leaderboardQuery(sql, guildId, page));
  return rows.map((r) => ({ userId: r.user_id.toString(), balance: r.balance }));
}

/** The statement behind {@link readLeaderboard}; the ledger benchmark explains this very text. */
export function leaderboardQuery(
  sql: Sql<{ bigint: bigint }>,
  guildId: string,
  page: { offset: number; limit: number },
) {
  return sql<{ user_id: bigint; balance: bigint }[]>`
    select user_id, balance from accounts
    where guild_id = ${guildId}
    order by balance desc, user_id
    limit ${page.limit} offset ${page.offset}`;
}
