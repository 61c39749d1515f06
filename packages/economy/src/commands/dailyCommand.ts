import { type CommandDefinition, type CommandHandler, type InteractionJob } from '@droas/contracts';
import { applyAdjustment, type EconomySettings } from '@droas/db';
import { decideDaily, type DailyDecision, type DailyRules } from '../daily/decideDaily.js';
import { formatAmount } from '../money/formatAmount.js';
import { renderDailyReply, type DailyOutcome } from '../replies/dailyReply.js';
import { GUILD_ONLY } from './amountLimits.js';
import { defineCommand, type CommandRun } from './defineCommand.js';
import { currencyOf, type EconomyContext } from './economyContext.js';
import { runMoneyOperation } from './runMoneyOperation.js';

/** `/daily`. */
export const DAILY_DEFINITION: CommandDefinition = {
  name: 'daily',
  description: 'Claim your daily reward (with a streak bonus for consecutive days, if this server has one)',
  contexts: GUILD_ONLY,
};

/** The ledger entry of a claim versions the cached balance; stored with the outcome for write-through. */
type StoredDaily = DailyOutcome & { entryId: bigint | null };

/**
 * `/daily`: pays the guild's daily amount once per cooldown, decided under the account's row lock (two
 * claims at once cannot both pay). Cooldown, streak and the maximum are checked by {@link decideDaily}; the
 * decision is stored as the outcome, so a retried job answers the same, cooldown time included.
 */
export function createDailyCommand(ctx: EconomyContext): CommandHandler {
  return defineCommand(ctx, {
    definition: DAILY_DEFINITION,
    defersEphemeral: true,
    run: (job) => daily(ctx, job),
  });
}

async function daily(ctx: EconomyContext, job: InteractionJob): Promise<CommandRun> {
  const settings = await ctx.settings.get(job.guildId);
  const userId = job.user.id;
  const nowMs = ctx.now();
  return runMoneyOperation<StoredDaily>(ctx, job, {
    kind: 'daily',
    query: 'daily',
    command: 'daily',
    apply: async (tx, idempotencyKey) => {
      const base = {
        command: 'daily',
        currency: currencyOf(settings),
        streakBonusOn: settings.dailyStreakBonus > 0n,
      } as const;
      if (settings.dailyAmount <= 0n) {
        return {
          ...base,
          decision: { kind: 'disabled' },
          balanceAfter: null,
          entryId: null,
        } satisfies StoredDaily;
      }
      const rules = dailyRules(settings);
      const result = await applyAdjustment<DailyDecision>(
        tx,
        {
          guildId: job.guildId,
          userId,
          kind: 'daily',
          idempotencyKey,
          actorId: userId,
          startingBalance: settings.startingBalance,
        },
        (account) => {
          const decision = decideDaily(
            { balance: account.balance, streak: account.dailyStreak, lastClaimAtMs: account.lastDailyAtMs },
            rules,
            nowMs,
          );
          return decision.kind === 'claimed'
            ? {
                newBalance: account.balance + decision.credit,
                daily: { streak: decision.streak, claimedAtMs: nowMs },
                detail: decision,
              }
            : { detail: decision };
        },
      );
      return {
        ...base,
        decision: result.detail,
        balanceAfter: result.applied?.balanceAfter ?? null,
        entryId: result.applied?.entryId ?? null,
      } satisfies StoredDaily;
    },
    afterCommit: async (outcome) => {
      ctx.supply.noteChange(job.guildId);
      if (outcome.balanceAfter !== null && outcome.entryId !== null) {
        await ctx.balances.remember(job.guildId, userId, outcome.balanceAfter, outcome.entryId);
      }
    },
    render: renderDailyReply,
    undeliveredNotice: ({ decision: d, currency }) =>
      d.kind === 'claimed'
        ? `Your daily reward of **${formatAmount(d.credit, currency)}** was credited`
        : undefined,
    maxBalanceRace: "This server's maximum balance just changed; try `/daily` again.",
  });
}

function dailyRules(s: EconomySettings): DailyRules {
  return {
    amount: s.dailyAmount,
    cooldownMs: s.dailyCooldownSeconds * 1000,
    streakBonus: s.dailyStreakBonus,
    streakMaxDays: s.dailyStreakMaxDays,
    maxBalance: s.maxBalance,
  };
}
