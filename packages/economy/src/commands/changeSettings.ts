import { interactionJobId, type InteractionJob } from '@droas/contracts';
import { countAccountsAbove, lockEconomySettings, runOperation, updateEconomySettings } from '@droas/db';
import { timeQuery } from '../economyMetrics.js';
import { formatAmount } from '../money/formatAmount.js';
import type { Invocation } from '../options/readInvocation.js';
import {
  renderSettingsChangeReply,
  renderSettingsReply,
  toSettingsView,
  type SettingsOutcome,
} from '../replies/settingsReply.js';
import { withUndeliveredNotice } from '../replies/undeliveredNotice.js';
import { expectOutcome, refused, type CommandRun } from './defineCommand.js';
import { currencyOf, type EconomyContext } from './economyContext.js';
import { parseSettingsPatch } from './parseSettingsPatch.js';

/**
 * `/economy settings [options…]`, for a member already checked for Manage Server. Without options it shows
 * the settings; with options it changes those, as an operation claimed by the interaction id (a retry
 * answers the same) whose outcome (before, after, actor) is kept as the audit record. The new row is then
 * written through to the settings cache.
 */
export async function changeSettings(
  ctx: EconomyContext,
  job: InteractionJob,
  inv: Invocation,
): Promise<CommandRun> {
  const patch = parseSettingsPatch(inv);
  if (!patch.ok) return refused(`${patch.problem} Nothing changed.`);
  if (Object.keys(patch.value).length === 0) {
    const settings = await ctx.settings.get(job.guildId);
    return { reply: renderSettingsReply(toSettingsView(settings)), result: 'ok' };
  }

  const run = await timeQuery(ctx.metrics, 'settings', () =>
    runOperation(
      ctx.db,
      {
        idempotencyKey: interactionJobId(job.id),
        guildId: job.guildId,
        kind: 'settings',
        actorId: job.user.id,
      },
      async (tx): Promise<SettingsOutcome> => {
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
    ),
  );
  const outcome = expectOutcome(run.outcome, 'economy-settings');
  if (!run.replayed && outcome.status === 'updated') {
    await ctx.settings.refresh(job.guildId);
    ctx.logger.info(
      { guildId: job.guildId, actorId: job.user.id, changed: Object.keys(patch.value) },
      'economy settings changed',
    );
  }
  const updated = outcome.status === 'updated';
  const reply = renderSettingsChangeReply(outcome);
  return {
    reply: updated
      ? withUndeliveredNotice(reply, 'Your `/economy settings` change was saved', job.createdAtMs)
      : reply,
    result: run.replayed ? 'replayed' : updated ? 'ok' : 'refused',
  };
}
