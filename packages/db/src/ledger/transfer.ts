import type { Database } from '../database.js';
import { ensureAccounts, sortSnowflakes } from './ensureAccounts.js';
import { runOperation, type OperationResult } from './runOperation.js';

export interface TransferRequest {
  guildId: string;
  fromUserId: string;
  toUserId: string;
  /** Whole units, > 0. */
  amount: bigint;
  idempotencyKey: string;
  reason?: string;
  /** Balance a newly opened account starts with (from the guild's settings). */
  startingBalance: bigint;
  /** No balance may exceed this (from the guild's settings). */
  maxBalance: bigint;
}

export type TransferOutcome =
  | { status: 'applied'; amount: bigint; fromBalance: bigint; toBalance: bigint }
  | { status: 'insufficient_funds'; amount: bigint; balance: bigint }
  | { status: 'receiver_at_max'; amount: bigint; receiverBalance: bigint; maxBalance: bigint };

/**
 * Moves `amount` from one member to another, at most once per idempotency key. Both rows are locked in key
 * order (no deadlock whatever the direction), checked, updated, and written to the ledger in one
 * transaction; refusals are recorded as the operation's outcome.
 */
export async function transfer(
  db: Database,
  req: TransferRequest,
): Promise<OperationResult<TransferOutcome>> {
  if (req.amount <= 0n) throw new RangeError(`transfer amount must be positive, got ${req.amount}`);
  if (req.fromUserId === req.toUserId) throw new RangeError('transfer to oneself');

  return runOperation(
    db,
    { idempotencyKey: req.idempotencyKey, guildId: req.guildId, kind: 'transfer', actorId: req.fromUserId },
    async (tx) => {
      const ids = sortSnowflakes([req.fromUserId, req.toUserId]);
      await ensureAccounts(tx, {
        guildId: req.guildId,
        userIds: ids,
        startingBalance: req.startingBalance,
        idempotencyKey: req.idempotencyKey,
      });
      const rows = await tx<{ user_id: bigint; balance: bigint }[]>`
      select user_id, balance from accounts
      where guild_id = ${req.guildId} and user_id in ${tx(ids)}
      order by user_id
      for update`;
      const balanceOf = (id: string): bigint => {
        const row = rows.find((r) => r.user_id.toString() === id);
        if (!row) throw new Error(`account ${id} missing after ensureAccounts`);
        return row.balance;
      };
      const from = balanceOf(req.fromUserId);
      const to = balanceOf(req.toUserId);
      if (from < req.amount) return { status: 'insufficient_funds', amount: req.amount, balance: from };
      if (to + req.amount > req.maxBalance) {
        return {
          status: 'receiver_at_max',
          amount: req.amount,
          receiverBalance: to,
          maxBalance: req.maxBalance,
        };
      }
      const fromAfter = from - req.amount;
      const toAfter = to + req.amount;
      await tx`
      update accounts as a set balance = v.balance::bigint, updated_at = now()
      from (values (${req.fromUserId}::bigint, ${fromAfter.toString()}), (${req.toUserId}::bigint, ${toAfter.toString()})) as v(user_id, balance)
      where a.guild_id = ${req.guildId} and a.user_id = v.user_id`;
      await tx`
      insert into ledger_entries (guild_id, user_id, delta, balance_after, kind, counterparty_id, actor_id, reason, idempotency_key)
      values
        (${req.guildId}, ${req.fromUserId}, ${(-req.amount).toString()}, ${fromAfter.toString()}, 'transfer_out', ${req.toUserId}, ${req.fromUserId}, ${req.reason ?? null}, ${req.idempotencyKey}),
        (${req.guildId}, ${req.toUserId}, ${req.amount.toString()}, ${toAfter.toString()}, 'transfer_in', ${req.fromUserId}, ${req.fromUserId}, ${req.reason ?? null}, ${req.idempotencyKey})`;
      return { status: 'applied', amount: req.amount, fromBalance: fromAfter, toBalance: toAfter };
    },
  );
}
