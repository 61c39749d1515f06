import type { InteractionJob } from '@droas/contracts';
import { countAccountsAbove, lockEconomySettings, updateEconomySettings } from '@droas/db';
import { formatAmount } from '../money/formatAmount.js';
import type { OptionTree } from '@droas/contracts';
import {
  renderSettingsChangeReply,
  renderSettingsReply,
  toSettingsView,
  type SettingsOutcome,
} from '../replies/settingsReply.js';
import { refused, type CommandRun } from './defineCommand.js';
import { currencyOf, type EconomyContext } from './economyContext.js';
import { parseSettingsPatch } from './parseSettingsPatch.js';
import { runMoneyOperation } from './runMoneyOperation.js';

/**
 * `/economy settings [options…]`, for a member already checked for Manage Server. Without options it shows
 * the settings; with options it changes those, as an operation claimed by the interaction id (a retry
 * answers the same) whose outcome (before, after, actor) is kept as the audit record. The new row is then
 * written through to the settings cache.
 */
export async function changeSettings(
  ctx: EconomyContext,
  job: InteractionJob,
  inv: OptionTree,
): Promise<CommandRun> {
  const patch = parseSettingsPatch(inv);
  if (!patch.ok) return refused(`${patch.problem} Nothing changed.`);
  if (Object.keys(patch.value).length === 0) {
    const settings = await ctx.settings.get(job.guildId);
    return { reply: renderSettingsReply(toSettingsView(settings)), result: 'ok' };
  }

  return runMoneyOperation<SettingsOutcome>(ctx, job, {
    kind: 'settings',
    query: 'settings',
    command: 'economy-settings',
    apply: async (tx) => {
      const before = await lockEconomySettings(tx, job.guildId);
      const merged = { ...before, ...patch.value };
      if (merged.startingBalance > merged.maxBalance) {
        const money = (n: bigint) => formatAmount(n, currencyOf(merged));
        return {
          command: 'economy-settings',
          status: 'invalid',
          problem: `The starting balance (${money(merged.startingBalance)}) can't be above the maximum balance (${money(merged.maxBalance)}).`,
        };
      }
      const after = await updateEconomySettings(tx, job.guildId, patch.value);
      const aboveMax =
        after.maxBalance < before.maxBalance
          ? await countAccountsAbove(tx, job.guildId, after.maxBalance)
          : 0;
      return {
        command: 'economy-settings',
        status: 'updated',
        before: toSettingsView(before),
        after: toSettingsView(after),
        aboveMax,
      };
    },
    afterCommit: async (outcome) => {
      if (outcome.status !== 'updated') return;
      await ctx.settings.refresh(job.guildId);
      ctx.logger.info(
        { guildId: job.guildId, actorId: job.user.id, changed: Object.keys(patch.value) },
        'economy settings changed',
      );
    },
    render: renderSettingsChangeReply,
    undeliveredNotice: (outcome) =>
      outcome.status === 'updated' ? 'Your `/economy settings` change was saved' : undefined,
  });
}
