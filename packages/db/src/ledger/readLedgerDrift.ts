import type { Database } from '../database.js';

/**
 * Each given guild's drift: the sum of its balances minus the sum of its ledger deltas, which the ledger's
 * invariant holds at 0. One statement, so both sums come from one snapshot: a transfer committing meanwhile
 * is in both or in neither, and a clean guild reads exactly 0. It reads every ledger entry of those guilds
 * (the accounts index gives the balances), so callers run it rarely.
 */
export async function readLedgerDrift(
  db: Database,
  guildIds: readonly string[],
): Promise<Map<string, bigint>> {
  if (guildIds.length === 0) return new Map();
  const rows = await db.statement(
    'readLedgerDrift',
    (sql) => sql<{ guild_id: bigint; drift: bigint }[]>`
      select g.guild_id,
        coalesce((select sum(balance) from accounts a where a.guild_id = g.guild_id), 0)::bigint
        - coalesce((select sum(delta) from ledger_entries l where l.guild_id = g.guild_id), 0)::bigint as drift
      from unnest(${[...guildIds]}::bigint[]) as g(guild_id)`,
  );
  return new Map(rows.map((r) => [r.guild_id.toString(), r.drift]));
}
