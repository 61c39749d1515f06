import type { TransactionSql } from '../database.js';

/**
 * Opens the accounts that do not exist yet with the guild's starting balance, each recorded as an `opening`
 * ledger entry under the operation that caused it. Ids are inserted in ascending order, the same order every
 * transaction locks in, so two transactions opening the same pair cannot deadlock.
 */
export async function ensureAccounts(
  tx: TransactionSql<{ bigint: bigint }>,
  input: { guildId: string; userIds: readonly string[]; startingBalance: bigint; idempotencyKey: string },
): Promise<void> {
  const ids = sortSnowflakes(input.userIds);
  const opened = await tx<{ user_id: bigint }[]>`
    insert into accounts (guild_id, user_id, balance)
    select ${input.guildId}::bigint, id, ${input.startingBalance.toString()}::bigint
    from unnest(${ids}::bigint[]) with ordinality as t(id, ord)
    order by ord
    on conflict (guild_id, user_id) do nothing
    returning user_id`;
  if (opened.length === 0) return;
  await tx`
    insert into ledger_entries (guild_id, user_id, delta, balance_after, kind, idempotency_key)
    select ${input.guildId}::bigint, id, ${input.startingBalance.toString()}::bigint, ${input.startingBalance.toString()}::bigint, 'opening', ${input.idempotencyKey}
    from unnest(${opened.map((r) => r.user_id.toString())}::bigint[]) as t(id)`;
}

/** Distinct snowflakes in ascending numeric order (the lock order). */
export function sortSnowflakes(ids: readonly string[]): string[] {
  return [...new Set(ids)].sort((a, b) => {
    const x = BigInt(a);
    const y = BigInt(b);
    return x < y ? -1 : x > y ? 1 : 0;
  });
}
