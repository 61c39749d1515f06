import type { Database, Sql } from '../database.js';

export interface LedgerBreach {
  guildId: string;
  userId?: string;
  problem: 'balance_differs_from_ledger' | 'negative_balance';
  balance?: bigint;
  ledgerSum?: bigint;
}

export interface LedgerReport {
  guildsChecked: number;
  accountsChecked: number;
  /** Sum of all balances checked. */
  moneySupply: bigint;
  breaches: LedgerBreach[];
}

/**
 * Proves the ledger's invariants, for one guild or all: every account's balance equals the sum of its ledger
 * deltas (which implies, per guild, sum(balances) = sum(ledger)), and no balance is negative.
 */
export async function verifyLedger(db: Database, options: { guildId?: string } = {}): Promise<LedgerReport> {
  const guild = options.guildId ?? null;
  return db.query('verifyLedger', (sql) => verifyWith(sql, guild));
}

async function verifyWith(sql: Sql<{ bigint: bigint }>, guild: string | null): Promise<LedgerReport> {
  const [totals] = await sql<{ guilds: bigint; accounts: bigint; supply: bigint | null }[]>`
    select count(distinct guild_id) as guilds, count(*) as accounts, sum(balance)::bigint as supply
    from accounts where ${guild}::bigint is null or guild_id = ${guild}::bigint`;
  const accountBreaches = await sql<
    { guild_id: bigint; user_id: bigint; balance: bigint | null; ledger: bigint | null }[]
  >`
    with l as (
      select guild_id, user_id, sum(delta)::bigint as ledger from ledger_entries
      where ${guild}::bigint is null or guild_id = ${guild}::bigint
      group by guild_id, user_id
    ), a as (
      select guild_id, user_id, balance from accounts where ${guild}::bigint is null or guild_id = ${guild}::bigint
    )
    select guild_id, user_id, a.balance, l.ledger
    from a full join l using (guild_id, user_id)
    where a.balance is distinct from l.ledger or a.balance < 0
    order by guild_id, user_id
    limit 1000`;
  const breaches: LedgerBreach[] = accountBreaches.map((r) => {
    const base = { guildId: r.guild_id.toString(), userId: r.user_id.toString() };
    if (r.balance !== null && r.balance < 0n)
      return { ...base, problem: 'negative_balance', balance: r.balance };
    return {
      ...base,
      problem: 'balance_differs_from_ledger',
      ...(r.balance !== null && { balance: r.balance }),
      ...(r.ledger !== null && { ledgerSum: r.ledger }),
    };
  });
  return {
    guildsChecked: Number(totals?.guilds ?? 0n),
    accountsChecked: Number(totals?.accounts ?? 0n),
    moneySupply: totals?.supply ?? 0n,
    breaches,
  };
}
