import { interactionJobId, type CommandReply, type InteractionJob } from '@droas/contracts';
import { runOperation, type OperationKind, type OperationResult, type TransactionSql } from '@droas/db';
import { timeQuery } from '../economyMetrics.js';
import { withUndeliveredNotice } from '../replies/undeliveredNotice.js';
import { expectOutcome, isMaxBalanceViolation, refused, type CommandRun } from './defineCommand.js';
import type { EconomyContext } from './economyContext.js';

/**
 * What one command brings to {@link runMoneyOperation}. `T` is the outcome stored with the operation: all its
 * reply shows, tagged with the command, so a replay renders the same without reading anything else. The
 * change is either `apply`, run inside the operation's transaction, or `once`, the whole operation as one
 * statement (claim, change and stored outcome together, as `transfer` does).
 */
export type MoneyOperationSpec<T extends { command: string }> = MoneyOperationCommon<T> &
  MoneyOperationChange<T>;

/** How a money operation makes its change: inside a transaction of the operation's, or as one statement. */
export type MoneyOperationChange<T> =
  | {
      /**
       * Decides and applies the change inside the operation's transaction. Refusals are outcomes too. Ledger
       * entries carry `idempotencyKey`, the key the operation is claimed under.
       */
      apply: (tx: TransactionSql<{ bigint: bigint }>, idempotencyKey: string) => Promise<T>;
      once?: never;
    }
  | {
      /** The whole operation under `idempotencyKey`, at most once, in one round trip. */
      once: (idempotencyKey: string) => Promise<OperationResult<T>>;
      apply?: never;
    };

/** What every money operation declares, whichever way it makes its change. */
export interface MoneyOperationCommon<T extends { command: string }> {
  /** The operation's kind in the `operations` table. */
  kind: OperationKind;
  /** The operation's label in `droas_economy_query_seconds`. */
  query: string;
  /** The command a stored outcome must belong to. */
  command: T['command'];
  /**
   * After the commit: write-through to the caches, the money-supply gauge, the audit log. Skipped for a
   * replayed outcome, whose first run did it.
   */
  afterCommit?: (outcome: T) => Promise<void>;
  render: (outcome: T) => CommandReply;
  /**
   * What took effect, for the member to learn should the reply never reach them ("Your payment of … went
   * through"); undefined when the outcome is a refusal.
   */
  undeliveredNotice: (outcome: T) => string | undefined;
  /**
   * The refusal when Postgres rejects a balance above a maximum that changed after the transaction read it
   * (see {@link isMaxBalanceViolation}); nothing was written. Without it, that error propagates.
   */
  maxBalanceRace?: string;
}

/**
 * The skeleton of every command that changes the economy (`/pay`, `/daily`, `/economy grant|take|set`,
 * `/economy settings`, and any later effect kept as an operation): the change runs once per interaction,
 * claimed by `ix-<interactionId>` with the invoker as actor and timed; the stored outcome is checked to be
 * this command's; `afterCommit` follows a first commit; the reply is the rendered outcome, with the
 * undelivered notice when it took effect. A retried or duplicate job answers from the stored outcome
 * (`replayed`) and changes nothing.
 */
export async function runMoneyOperation<T extends { command: string }>(
  ctx: Pick<EconomyContext, 'db' | 'metrics'>,
  job: InteractionJob,
  spec: MoneyOperationSpec<T>,
): Promise<CommandRun> {
  const idempotencyKey = interactionJobId(job.id);
  const claim = { idempotencyKey, guildId: job.guildId, kind: spec.kind, actorId: job.user.id };
  let run;
  try {
    run = await timeQuery(ctx.metrics, spec.query, () =>
      spec.once !== undefined
        ? spec.once(idempotencyKey)
        : runOperation(ctx.db, claim, (tx) => spec.apply(tx, idempotencyKey)),
    );
  } catch (error) {
    if (spec.maxBalanceRace === undefined || !isMaxBalanceViolation(error)) throw error;
    return refused(spec.maxBalanceRace);
  }
  const outcome = expectOutcome(run.outcome, spec.command);
  if (!run.replayed) await spec.afterCommit?.(outcome);
  const reply = spec.render(outcome);
  const notice = spec.undeliveredNotice(outcome);
  return {
    reply: notice === undefined ? reply : withUndeliveredNotice(reply, notice, job.createdAtMs),
    result: run.replayed ? 'replayed' : notice === undefined ? 'refused' : 'ok',
  };
}
