import {
  COMMAND_OPTION_TYPE,
  type CommandDefinition,
  type CommandHandler,
  type InteractionJob,
} from '@droas/contracts';
import { transfer } from '@droas/db';
import { formatAmount } from '../money/formatAmount.js';
import { parseAmount } from '../money/parseAmount.js';
import { readOptionTree } from '@droas/contracts';
import { readTextOption, readUserOption } from '../options/readOptions.js';
import { renderPayReply, type PayOutcome } from '../replies/payReply.js';
import { mention } from '../replies/reply.js';
import { GUILD_ONLY, MAX_OPTION_AMOUNT, MAX_REASON_CHARS } from './amountLimits.js';
import { defineCommand, refused, type CommandRun } from './defineCommand.js';
import { currencyOf, type EconomyContext } from './economyContext.js';
import { runMoneyOperation, type MoneyOperationChange } from './runMoneyOperation.js';

/** `/pay user amount [note]`. */
export const PAY_DEFINITION: CommandDefinition = {
  name: 'pay',
  description: 'Send money from your balance to another member',
  contexts: GUILD_ONLY,
  options: [
    {
      type: COMMAND_OPTION_TYPE.User,
      name: 'user',
      description: 'The member who receives the money',
      required: true,
    },
    {
      type: COMMAND_OPTION_TYPE.Integer,
      name: 'amount',
      description: 'How much to send (a whole number, at least 1)',
      required: true,
      min_value: 1,
      max_value: MAX_OPTION_AMOUNT,
    },
    {
      type: COMMAND_OPTION_TYPE.String,
      name: 'note',
      description: 'A note the receiver sees in their history',
      max_length: MAX_REASON_CHARS,
    },
  ],
};

/**
 * What Discord said of the payee (jobs from version 2 on carry it): a bot, not in the guild, or fine. A
 * version 1 job says nothing, and the payment goes ahead as it always did.
 */
function payeeAsResolved(job: InteractionJob, payeeId: string): 'bot' | 'not-a-member' | 'ok' {
  if (job.command.resolvedUsers === undefined) return 'ok';
  const resolved = job.command.resolvedUsers.find((u) => u.id === payeeId);
  if (resolved?.bot === true) return 'bot';
  return resolved?.member === true ? 'ok' : 'not-a-member';
}

/**
 * `/pay`: moves money between two members, once per interaction. Checks that need only the job (the
 * options, paying oneself, paying this bot) refuse before anything is written, so a retry refuses the same
 * way. Everything that depends on balances or settings is decided inside the operation and stored with it,
 * so a retried job answers exactly what the first attempt answered. The reply is public when money moved.
 *
 * The payee must be a member of the guild and not a bot, as Discord resolved them for the interaction.
 */
export function createPayCommand(ctx: EconomyContext): CommandHandler {
  return defineCommand(ctx, {
    definition: PAY_DEFINITION,
    defersEphemeral: false,
    run: (job) => pay(ctx, job),
  });
}

async function pay(ctx: EconomyContext, job: InteractionJob): Promise<CommandRun> {
  const inv = readOptionTree(job.command);
  const user = readUserOption(inv, 'user');
  if (!user.ok) return refused(user.problem);
  const amount = parseAmount(inv, 'amount', 1n);
  if (!amount.ok) return refused(amount.problem);
  const note = readTextOption(inv, 'note', { maxChars: MAX_REASON_CHARS }, 'optional');
  if (!note.ok) return refused(note.problem);
  const payerId = job.user.id;
  const payeeId = user.value;
  if (payeeId === payerId) return refused("You can't pay yourself. Pick another member.");
  if (payeeId === job.applicationId) {
    return refused("I'm the bot running this economy and can't hold money. Pick a member.");
  }
  const payee = payeeAsResolved(job, payeeId);
  if (payee === 'bot') return refused(`${mention(payeeId)} is a bot and can't hold money. Pick a member.`);
  if (payee === 'not-a-member') {
    return refused(
      `${mention(payeeId)} isn't a member of this server, so they can't be paid here. Nothing was sent.`,
    );
  }

  const settings = await ctx.settings.get(job.guildId);
  const guildId = job.guildId;
  const envelope = {
    command: 'pay' as const,
    currency: currencyOf(settings),
    payerId,
    payeeId,
    note: note.value ?? null,
  };
  const change: MoneyOperationChange<PayOutcome> =
    amount.value > settings.maxBalance
      ? // Above the maximum no receiver could take it: refused (and the refusal kept) before any account opens.
        {
          apply: () =>
            Promise.resolve({
              ...envelope,
              result: { status: 'amount_above_max', amount: amount.value, maxBalance: settings.maxBalance },
            }),
        }
      : {
          once: (idempotencyKey) =>
            transfer(
              ctx.db,
              {
                guildId,
                fromUserId: payerId,
                toUserId: payeeId,
                amount: amount.value,
                idempotencyKey,
                startingBalance: settings.startingBalance,
                maxBalance: settings.maxBalance,
                ...(note.value !== undefined && { reason: note.value }),
              },
              envelope,
            ),
        };
  return runMoneyOperation<PayOutcome>(ctx, job, {
    kind: 'transfer',
    query: 'pay',
    command: 'pay',
    ...change,
    afterCommit: (outcome) => afterCommit(ctx, guildId, outcome),
    render: renderPayReply,
    undeliveredNotice: ({ result: r, currency }) =>
      r.status === 'applied'
        ? `Your payment of **${formatAmount(r.amount, currency)}** to ${mention(payeeId)} went through`
        : undefined,
    maxBalanceRace: `That would take ${mention(payeeId)} past this server's maximum balance, which just changed. Nothing was sent.`,
  });
}

async function afterCommit(ctx: EconomyContext, guildId: string, o: PayOutcome): Promise<void> {
  const r = o.result;
  if (r.status === 'amount_above_max') return;
  // Accounts may have opened (money created at the starting balance), even for a refused payment.
  ctx.supply.noteChange(guildId);
  if (r.status === 'applied') {
    await Promise.all([
      ctx.balances.remember(guildId, o.payerId, r.fromBalance, r.fromEntryId),
      ctx.balances.remember(guildId, o.payeeId, r.toBalance, r.toEntryId),
    ]);
  } else {
    await ctx.balances.forget(guildId, [o.payerId, o.payeeId]);
  }
}
