import type { TransactionSql } from '../database.js';
import { ensureAccounts } from './ensureAccounts.js';

/** The ledger kinds a single-account change can have. */
export type AdjustmentKind = 'daily' | 'grant' | 'take' | 'set';

export interface AdjustmentRequest {
  guildId: string;
  userId: string;
  kind: AdjustmentKind;
  idempotencyKey: string;
  /** Who caused the change: the member for `daily`, the admin for `grant`/`take`/`set`. */
  actorId: string;
  /** Shown in the member's history; at most 200 characters. */
  reason?: string;
  /** Balance the account opens with if it does not exist yet (from the guild's settings). */
  startingBalance: bigint;
}

/** The locked account as `decide` sees it. */
export interface AccountSnapshot {
  balance: bigint;
  dailyStreak: number;
  /** Unix ms of the last daily claim, or null if there was none. */
  lastDailyAtMs: number | null;
}

/** What `decide` wants done. */
export interface AdjustmentPlan<D> {
  /** The balance to set; leave it out to change nothing (a refusal). */
  newBalance?: bigint;
  /** For `daily`: the streak and claim time to record with the change. */
  daily?: { streak: number; claimedAtMs: number };
  /** Anything the caller wants back (the reason for a refusal, the bonus paid…). */
  detail: D;
}

export interface AdjustmentResult<D> {
  detail: D;
  balanceBefore: bigint;
  /** Present when the balance was changed. */
  applied?: {
    balanceAfter: bigint;
    delta: bigint;
    /** The ledger entry's id; an account's entry ids grow in commit order, so it versions cached balances. */
    entryId: bigint;
  };
}

/**
 * Changes one member's balance inside a transaction the caller opened (normally through `runOperation`):
 * opens the account if needed, locks its row, lets `decide` choose from the locked state, and records the
 * change as one ledger entry of `req.kind` with actor and reason. The decision runs under the row lock, so
 * concurrent changes to the same account are serialised and none is lost.
 */
export async function applyAdjustment<D>(
  tx: TransactionSql<{ bigint: bigint }>,
  req: AdjustmentRequest,
  decide: (account: AccountSnapshot) => AdjustmentPlan<D>,
): Promise<AdjustmentResult<D>> {
  await ensureAccounts(tx, {
    guildId: req.guildId,
    userIds: [req.userId],
    startingBalance: req.startingBalance,
    idempotencyKey: req.idempotencyKey,
  });
  const [row] = await tx<{ balance: bigint; daily_streak: number; last_daily_ms: bigint | null }[]>`
    select balance, daily_streak, (extract(epoch from last_daily_at) * 1000)::bigint as last_daily_ms
    from accounts where guild_id = ${req.guildId} and user_id = ${req.userId}
    for update`;
  if (!row) throw new Error(`account ${req.userId} missing after ensureAccounts`);
  const plan = decide({
    balance: row.balance,
    dailyStreak: row.daily_streak,
    lastDailyAtMs: row.last_daily_ms === null ? null : Number(row.last_daily_ms),
  });
  if (plan.newBalance === undefined) return { detail: plan.detail, balanceBefore: row.balance };
  if (plan.newBalance < 0n) throw new RangeError(`a balance cannot be negative, got ${plan.newBalance}`);

  const after = plan.newBalance;
  const delta = after - row.balance;
  const daily = plan.daily;
  await tx`
    update accounts set
      balance = ${after.toString()}::bigint,
      daily_streak = coalesce(${daily?.streak ?? null}::integer, daily_streak),
      last_daily_at = coalesce(to_timestamp(${daily ? daily.claimedAtMs / 1000 : null}::double precision), last_daily_at),
      updated_at = now()
    where guild_id = ${req.guildId} and user_id = ${req.userId}`;
  const [entry] = await tx<{ id: bigint }[]>`
    insert into ledger_entries (guild_id, user_id, delta, balance_after, kind, actor_id, reason, idempotency_key)
    values (${req.guildId}, ${req.userId}, ${delta.toString()}, ${after.toString()}, ${req.kind}, ${req.actorId}, ${req.reason ?? null}, ${req.idempotencyKey})
    returning id`;
  if (!entry) throw new Error('ledger insert returned no id');
  return {
    detail: plan.detail,
    balanceBefore: row.balance,
    applied: { balanceAfter: after, delta, entryId: entry.id },
  };
}
