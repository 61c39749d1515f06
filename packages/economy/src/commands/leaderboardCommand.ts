import {
  COMMAND_OPTION_TYPE,
  type CommandDefinition,
  type CommandHandler,
  type InteractionJob,
} from '@droas/contracts';
import { readOptionTree } from '@droas/contracts';
import { readCountOption } from '../options/readOptions.js';
import { renderLeaderboardReply } from '../replies/leaderboardReply.js';
import { GUILD_ONLY } from './amountLimits.js';
import { defineCommand, refused, type CommandRun } from './defineCommand.js';
import { currencyOf, type EconomyContext } from './economyContext.js';

/** `/leaderboard [page]`; `maxPage` is the highest page accepted. */
export function leaderboardDefinition(maxPage: number): CommandDefinition {
  return {
    name: 'leaderboard',
    description: 'Show the richest members of this server',
    contexts: GUILD_ONLY,
    options: [
      {
        type: COMMAND_OPTION_TYPE.Integer,
        name: 'page',
        description: 'Which page (1 is the top)',
        min_value: 1,
        max_value: maxPage,
      },
    ],
  };
}

/** `/leaderboard`: a page from the leaderboard index (cached for seconds), with the invoker's own rank. */
export function createLeaderboardCommand(ctx: EconomyContext): CommandHandler {
  return defineCommand(ctx, {
    definition: leaderboardDefinition(ctx.options.maxPage),
    defersEphemeral: false,
    run: (job) => leaderboard(ctx, job),
  });
}

async function leaderboard(ctx: EconomyContext, job: InteractionJob): Promise<CommandRun> {
  const page = readCountOption(readOptionTree(job.command), 'page', { min: 1, max: ctx.options.maxPage });
  if (!page.ok) return refused(page.problem);
  const pageNumber = page.value ?? 1;
  const pageSize = ctx.options.pageSize;
  const [settings, rows, viewer] = await Promise.all([
    ctx.settings.get(job.guildId),
    ctx.leaderboard.page(job.guildId, pageNumber, pageSize),
    ctx.balances.standing(job.guildId, job.user.id),
  ]);
  const reply = renderLeaderboardReply({
    currency: currencyOf(settings),
    page: pageNumber,
    pageSize,
    rows: rows.rows,
    hasMore: rows.hasMore,
    viewer,
  });
  return { reply, result: rows.rows.length > 0 ? 'ok' : 'refused' };
}
