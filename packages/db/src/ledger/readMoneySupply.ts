import type { Database } from '../database.js';

/**
 * The money supply (sum of balances) of each given guild, from an index-only pass over those guilds'
 * entries in `accounts_leaderboard_idx`. Guilds without accounts are absent from the result.
 */
export async function readMoneySupply(
  db: Database,
  guildIds: readonly string[],
): Promise<Map<string, bigint>> {
  if (guildIds.length === 0) return new Map();
  const rows = await db.query(
    'readMoneySupply',
    (sql) => sql<{ guild_id: bigint; supply: bigint }[]>`
      select guild_id, sum(balance)::bigint as supply from accounts
      where guild_id = any(${[...guildIds]}::bigint[])
      group by guild_id`,
  );
  return new Map(rows.map((r) => [r.guild_id.toString(), r.supply]));
}
