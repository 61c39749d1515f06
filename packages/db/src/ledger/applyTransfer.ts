import type { TransactionSql } from '../database.js';
import { ensureAccounts, sortSnowflakes } from './ensureAccounts.js';

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
  | {
      status: 'applied';
      amount: bigint;
      fromBalance: bigint;
      toBalance: bigint;
      /**
       * Ids of the two ledger entries. An account's entry ids grow in commit order (its row lock serialises
       * them), so they version cached balances.
       */
      fromEntryId: bigint;
      toEntryId: bigint;
    }
  | { status: 'insufficient_funds'; amount: bigint; balance: bigint }
  | { status: 'receiver_at_max'; amount: bigint; receiverBalance: bigint; maxBalance: bigint };

/**
 * The body of a transfer, inside a transaction the caller opened (normally through `runOperation`, which
 * claims the idempotency key first). Both rows are locked in key order (no deadlock whatever the direction),
 * checked, updated, and written to the ledger. Throws a `RangeError` for a non-positive amount or a transfer
 * to oneself: those are the caller's bugs, refused before anything is written.
 */
export async function applyTransfer(
  tx: TransactionSql<{ bigint: bigint }>,
  req: TransferRequest,
): Promise<TransferOutcome> {
  checkTransferRequest(req);
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
    return { status: 'receiver_at_max', amount: req.amount, receiverBalance: to, maxBalance: req.maxBalance };
  }
  const fromAfter = from - req.amount;
  const toAfter = to + req.amount;
  await tx`
    update accounts as a set balance = v.balance::bigint, updated_at = now()
    from (values (${req.fromUserId}::bigint, ${fromAfter.toString()}), (${req.toUserId}::bigint, ${toAfter.toString()})) as v(user_id, balance)
    where a.guild_id = ${req.guildId} and a.user_id = v.user_id`;
  const entries = await tx<{ id: bigint; kind: string }[]>`
    insert into ledger_entries (guild_id, user_id, delta, balance_after, kind, counterparty_id, actor_id, reason, idempotency_key)
    values
      (${req.guildId}, ${req.fromUserId}, ${(-req.amount).toString()}, ${fromAfter.toString()}, 'transfer_out', ${req.toUserId}, ${req.fromUserId}, ${req.reason ?? null}, ${req.idempotencyKey}),
      (${req.guildId}, ${req.toUserId}, ${req.amount.toString()}, ${toAfter.toString()}, 'transfer_in', ${req.fromUserId}, ${req.fromUserId}, ${req.reason ?? null}, ${req.idempotencyKey})
    returning id, kind`;
  const entryId = (kind: string): bigint => {
    const entry = entries.find((e) => e.kind === kind);
    if (!entry) throw new Error(`ledger entry ${kind} missing after insert`);
    return entry.id;
  };
  return {
    status: 'applied',
    amount: req.amount,
    fromBalance: fromAfter,
    toBalance: toAfter,
    fromEntryId: entryId('transfer_out'),
    toEntryId: entryId('transfer_in'),
  };
}

/** Throws a `RangeError` for a request no caller should make. */
export function checkTransferRequest(req: Pick<TransferRequest, 'amount' | 'fromUserId' | 'toUserId'>): void {
  if (req.amount <= 0n) throw new RangeError(`transfer amount must be positive, got ${req.amount}`);
  if (req.fromUserId === req.toUserId) throw new RangeError('transfer to oneself');
}
