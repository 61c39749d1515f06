import type { InteractionJob } from '@droas/contracts';
import { applyAdjustment, type AccountSnapshot, type AdjustmentPlan } from '@droas/db';
import { formatAmount } from '../money/formatAmount.js';
import { parseAmount } from '../money/parseAmount.js';
import type { OptionTree } from '@droas/contracts';
import { readTextOption, readUserOption } from '../options/readOptions.js';
import {
  renderAdminReply,
  type AdminAction,
  type AdminOutcome,
  type AdminResult,
} from '../replies/adminReply.js';
import { mention } from '../replies/reply.js';
import { MAX_REASON_CHARS } from './amountLimits.js';
import { refused, type CommandRun } from './defineCommand.js';
import { currencyOf, type EconomyContext } from './economyContext.js';
import { runMoneyOperation } from './runMoneyOperation.js';

/** The ledger entry versions the cached balance; stored with the outcome for write-through. */
type StoredAdmin = AdminOutcome & { entryId: bigint | null };

/**
 * `/economy grant|take|set user amount reason`, for a member already checked for Manage Server. The change
 * is one ledger entry of the action's kind with the admin as actor and the reason, decided under the
 * member's row lock and stored as the operation's outcome (a retried job changes nothing and answers the
 * same). A take of more than the member holds is refused, not clamped.
 */
export async function adjustBalance(
  ctx: EconomyContext,
  job: InteractionJob,
  inv: OptionTree,
  action: AdminAction,
): Promise<CommandRun> {
  const user = readUserOption(inv, 'user');
  if (!user.ok) return refused(user.problem);
  const amount = parseAmount(inv, 'amount', action === 'set' ? 0n : 1n);
  if (!amount.ok) return refused(amount.problem);
  const reason = readTextOption(inv, 'reason', { maxChars: MAX_REASON_CHARS });
  if (!reason.ok) return refused(reason.problem);
  const targetId = user.value;
  if (targetId === job.applicationId)
    return refused("I'm the bot running this economy and can't hold money.");

  const settings = await ctx.settings.get(job.guildId);
  const actorId = job.user.id;
  return runMoneyOperation<StoredAdmin>(ctx, job, {
    kind: action,
    query: action,
    command: 'economy',
    apply: async (tx, idempotencyKey) => {
      const base = {
        command: 'economy',
        action,
        currency: currencyOf(settings),
        targetId,
        amount: amount.value,
        reason: reason.value,
      } as const;
      if (action !== 'take' && amount.value > settings.maxBalance) {
        const result: AdminResult = { status: 'amount_above_max', maxBalance: settings.maxBalance };
        return { ...base, result, entryId: null } satisfies StoredAdmin;
      }
      const adjusted = await applyAdjustment(
        tx,
        {
          guildId: job.guildId,
          userId: targetId,
          kind: action,
          idempotencyKey,
          actorId,
          reason: reason.value,
          startingBalance: settings.startingBalance,
        },
        (account) => plan(action, amount.value, settings.maxBalance, account),
      );
      const result: AdminResult = adjusted.applied
        ? { status: 'applied', before: adjusted.balanceBefore, after: adjusted.applied.balanceAfter }
        : refusalOf(adjusted.detail);
      return { ...base, result, entryId: adjusted.applied?.entryId ?? null } satisfies StoredAdmin;
    },
    afterCommit: async (outcome) => {
      ctx.supply.noteChange(job.guildId);
      if (outcome.result.status === 'applied' && outcome.entryId !== null) {
        await ctx.balances.remember(job.guildId, targetId, outcome.result.after, outcome.entryId);
      } else {
        await ctx.balances.forget(job.guildId, [targetId]);
      }
      ctx.logger.info(
        {
          guildId: job.guildId,
          actorId,
          targetId,
          action,
          amount: amount.value.toString(),
          status: outcome.result.status,
        },
        'economy admin action',
      );
    },
    render: renderAdminReply,
    undeliveredNotice: (outcome) =>
      outcome.result.status === 'applied'
        ? `Your \`/economy ${action}\` of **${formatAmount(outcome.amount, outcome.currency)}** for ${mention(targetId)} was applied`
        : undefined,
    maxBalanceRace: `That would take ${mention(targetId)} past this server's maximum balance, which just changed. Nothing changed.`,
  });
}

type Refusal = Exclude<AdminResult, { status: 'applied' } | { status: 'amount_above_max' }>;

/** What an admin action does to the locked account. */
export function plan(
  action: AdminAction,
  amount: bigint,
  maxBalance: bigint,
  account: Pick<AccountSnapshot, 'balance'>,
): AdjustmentPlan<Refusal | null> {
  const balance = account.balance;
  switch (action) {
    case 'grant':
      return balance + amount > maxBalance
        ? { detail: { status: 'would_exceed_max', balance, maxBalance } }
        : { newBalance: balance + amount, detail: null };
    case 'take':
      return amount > balance
        ? { detail: { status: 'insufficient_funds', balance } }
        : { newBalance: balance - amount, detail: null };
    case 'set':
      return { newBalance: amount, detail: null };
  }
}

function refusalOf(detail: Refusal | null): Refusal {
  if (detail === null) throw new Error('an admin plan changed nothing without saying why');
  return detail;
}
