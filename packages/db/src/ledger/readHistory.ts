import type { Database, Sql } from '../database.js';

/** One change of a member's balance, as the ledger holds it. */
export interface HistoryEntry {
  id: bigint;
  kind: 'opening' | 'transfer_out' | 'transfer_in' | 'daily' | 'grant' | 'take' | 'set';
  delta: bigint;
  balanceAfter: bigint;
  /** The other member of a transfer. */
  counterpartyId: string | null;
  /** Who caused it (the payer, the admin, the member claiming a daily). */
  actorId: string | null;
  /** The payment's note or the admin's reason. */
  reason: string | null;
  createdAtMs: number;
}

/** A page of a member's ledger, newest first, from `ledger_entries_account_idx` of the guild's partition. */
export async function readHistory(
  db: Database,
  guildId: string,
  userId: string,
  page: { offset: number; limit: number },
): Promise<HistoryEntry[]> {
  const rows = await db.query('readHistory', (sql) => historyQuery(sql, guildId, userId, page));
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    delta: r.delta,
    balanceAfter: r.balance_after,
    counterpartyId: r.counterparty_id?.toString() ?? null,
    actorId: r.actor_id?.toString() ?? null,
    reason: r.reason,
    createdAtMs: Number(r.created_ms),
  }));
}

/** The statement behind {@link readHistory}; the ledger benchmark explains this very text. */
export function historyQuery(
  sql: Sql<{ bigint: bigint }>,
  guildId: string,
  userId: string,
  page: { offset: number; limit: number },
) {
  return sql<
    {
      id: bigint;
      kind: HistoryEntry['kind'];
      delta: bigint;
      balance_after: bigint;
      counterparty_id: bigint | null;
      actor_id: bigint | null;
      reason: string | null;
      created_ms: bigint;
    }[]
  >`
    select id, kind, delta, balance_after, counterparty_id, actor_id, reason,
      (extract(epoch from created_at) * 1000)::bigint as created_ms
    from ledger_entries
    where guild_id = ${guildId} and user_id = ${userId}
    order by id desc
    limit ${page.limit} offset ${page.offset}`;
}
