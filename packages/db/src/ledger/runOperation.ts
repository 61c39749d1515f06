import type { Database, TransactionSql } from '../database.js';
import { decodeOutcome, encodeOutcome } from './jsonCodec.js';

export type OperationKind = 'transfer' | 'daily' | 'grant' | 'take' | 'set' | 'open' | 'settings';

export interface OperationClaim {
  /** Derived from the Discord event, e.g. `ix-<interactionId>`: the same event always carries the same key. */
  idempotencyKey: string;
  guildId: string;
  kind: OperationKind;
  actorId?: string;
}

export interface OperationResult<T> {
  outcome: T;
  /** True when the key had already been used: nothing was changed, the stored outcome is returned. */
  replayed: boolean;
}

/**
 * Runs a money-moving operation at most once per idempotency key. The key is claimed with
 * `INSERT … ON CONFLICT DO NOTHING` as the transaction's first statement; a concurrent duplicate blocks on the
 * key until the first commits, then finds it taken and returns the first one's stored outcome. If the first
 * rolls back, the key is free again and the duplicate does the work. Refusals are outcomes too, so a retried
 * job answers exactly as the first attempt did.
 */
export async function runOperation<T>(
  db: Database,
  claim: OperationClaim,
  apply: (tx: TransactionSql<{ bigint: bigint }>) => Promise<T>,
): Promise<OperationResult<T>> {
  return db.transaction(claim.kind, async (tx) => {
    const claimed = await tx`
      insert into operations (idempotency_key, guild_id, kind, actor_id, outcome)
      values (${claim.idempotencyKey}, ${claim.guildId}, ${claim.kind}, ${claim.actorId ?? null}, '{}'::jsonb)
      on conflict (idempotency_key) do nothing
      returning 1`;
    if (claimed.length === 0) {
      const [row] = await tx<{ outcome: unknown }[]>`
        select outcome from operations where idempotency_key = ${claim.idempotencyKey}`;
      if (!row) throw new Error(`operation ${claim.idempotencyKey} vanished after its claim conflicted`);
      return { outcome: decodeOutcome<T>(row.outcome), replayed: true };
    }
    const outcome = await apply(tx);
    // Sent as text and cast by Postgres: a parameter typed jsonb would be JSON-encoded again by postgres.js
    // and stored as one jsonb string instead of a queryable object.
    await tx`
      update operations set outcome = ${encodeOutcome(outcome)}::text::jsonb
      where idempotency_key = ${claim.idempotencyKey}`;
    return { outcome, replayed: false };
  });
}
