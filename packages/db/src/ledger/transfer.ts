import type { Database } from '../database.js';
import { decodeOutcome, encodeOutcome } from './jsonCodec.js';
import type { OperationResult } from './runOperation.js';

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
 * Moves `amount` from one member to another, at most once per idempotency key, in one statement: the
 * `droas_transfer` function claims the key (as {@link runOperation} does), opens missing accounts, locks both
 * rows in ascending id order (no deadlock whatever the direction), checks, moves, writes the ledger and stores
 * the outcome, in a single round trip. Throws a `RangeError` for a non-positive amount or a transfer to oneself
 * (the caller's bugs), refused before anything is written. Refusals are recorded as the
 * operation's outcome.
 *
 * With `envelope`, the stored (and returned) outcome is `{...envelope, result}`: a command keeps all its reply
 * needs beside the transfer's result, so a replay renders the same reply.
 */
export async function transfer(db: Database, req: TransferRequest): Promise<OperationResult<TransferOutcome>>;
export async function transfer<E extends object>(
  db: Database,
  req: TransferRequest,
  envelope: E,
): Promise<OperationResult<E & { result: TransferOutcome }>>;
export async function transfer(
  db: Database,
  req: TransferRequest,
  envelope?: object,
): Promise<OperationResult<unknown>> {
  // Checked before the statement too, so a caller's bug claims no key.
  checkTransferRequest(req);
  return db.statement('transfer', async (sql) => {
    const [row] = await sql<{ replayed: boolean; outcome: unknown }[]>`
      select replayed, outcome from droas_transfer(
        ${req.idempotencyKey}, ${req.guildId}::bigint, ${req.fromUserId}::bigint, ${req.fromUserId}::bigint,
        ${req.toUserId}::bigint, ${req.amount.toString()}::bigint, ${req.reason ?? null}::text,
        ${req.startingBalance.toString()}::bigint, ${req.maxBalance.toString()}::bigint,
        ${envelope === undefined ? null : encodeOutcome(envelope)}::text::jsonb)`;
    if (!row) throw new Error(`droas_transfer returned no row for ${req.idempotencyKey}`);
    return { replayed: row.replayed, outcome: decodeOutcome(row.outcome) };
  });
}

/** Throws a `RangeError` for a request no caller should make. */
export function checkTransferRequest(req: Pick<TransferRequest, 'amount' | 'fromUserId' | 'toUserId'>): void {
  if (req.amount <= 0n) throw new RangeError(`transfer amount must be positive, got ${req.amount}`);
  if (req.fromUserId === req.toUserId) throw new RangeError('transfer to oneself');
}
