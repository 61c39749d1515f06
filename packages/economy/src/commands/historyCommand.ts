import {
  COMMAND_OPTION_TYPE,
  type CommandDefinition,
  type CommandHandler,
  type InteractionJob,
} from '@droas/contracts';
import { readHistory } from '@droas/db';
import { timeQuery } from '../economyMetrics.js';
import { readOptionTree } from '@droas/contracts';
import { readCountOption } from '../options/readOptions.js';
import { renderHistoryReply } from '../replies/historyReply.js';
import { GUILD_ONLY } from './amountLimits.js';
import { defineCommand, refused, type CommandRun } from './defineCommand.js';
import { currencyOf, type EconomyContext } from './economyContext.js';

/** `/history [page]`; `maxPage` is the highest page accepted. */
export function historyDefinition(maxPage: number): CommandDefinition {
  return {
    name: 'history',
    description: 'Show your transactions in this server: what, when, with whom, and the note',
    contexts: GUILD_ONLY,
    options: [
      {
        type: COMMAND_OPTION_TYPE.Integer,
        name: 'page',
        description: 'Which page (1 is the newest)',
        min_value: 1,
        max_value: maxPage,
      },
    ],
  };
}

/** `/history`: the invoker's own ledger, newest first, from the ledger's per-account index. */
export function createHistoryCommand(ctx: EconomyContext): CommandHandler {
  return defineCommand(ctx, {
    definition: historyDefinition(ctx.options.maxPage),
    defersEphemeral: true,
    run: (job) => history(ctx, job),
  });
}

async function history(ctx: EconomyContext, job: InteractionJob): Promise<CommandRun> {
  const page = readCountOption(readOptionTree(job.command), 'page', { min: 1, max: ctx.options.maxPage });
  if (!page.ok) return refused(page.problem);
  const pageNumber = page.value ?? 1;
  const pageSize = ctx.options.pageSize;
  const [settings, entries] = await Promise.all([
    ctx.settings.get(job.guildId),
    timeQuery(ctx.metrics, 'history', () =>
      readHistory(ctx.db, job.guildId, job.user.id, {
        offset: (pageNumber - 1) * pageSize,
        limit: pageSize + 1,
      }),
    ),
  ]);
  const reply = renderHistoryReply({
    currency: currencyOf(settings),
    page: pageNumber,
    entries: entries.slice(0, pageSize),
    hasMore: entries.length > pageSize,
  });
  return { reply, result: entries.length > 0 ? 'ok' : 'refused' };
}
