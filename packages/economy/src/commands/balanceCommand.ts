import {
  COMMAND_OPTION_TYPE,
  type CommandDefinition,
  type CommandHandler,
  type InteractionJob,
} from '@droas/contracts';
import { readOptionTree } from '@droas/contracts';
import { readUserOption } from '../options/readOptions.js';
import { renderBalanceReply } from '../replies/balanceReply.js';
import { GUILD_ONLY } from './amountLimits.js';
import { defineCommand, refused, type CommandRun } from './defineCommand.js';
import { currencyOf, type EconomyContext } from './economyContext.js';

/** `/balance [user]`. */
export const BALANCE_DEFINITION: CommandDefinition = {
  name: 'balance',
  description: 'Show your balance and rank in this server, or another member’s',
  contexts: GUILD_ONLY,
  options: [
    { type: COMMAND_OPTION_TYPE.User, name: 'user', description: 'Whose balance to show (you, if left out)' },
  ],
};

/**
 * `/balance`: a read, served from Redis when it can be (see `BalanceStore`); it never opens an account, so
 * a member without one sees the starting balance they would get.
 */
export function createBalanceCommand(ctx: EconomyContext): CommandHandler {
  return defineCommand(ctx, {
    definition: BALANCE_DEFINITION,
    defersEphemeral: true,
    run: (job) => balance(ctx, job),
  });
}

async function balance(ctx: EconomyContext, job: InteractionJob): Promise<CommandRun> {
  const user = readUserOption(readOptionTree(job.command), 'user', 'optional');
  if (!user.ok) return refused(user.problem);
  const userId = user.value ?? job.user.id;
  if (userId === job.applicationId)
    return refused("I'm the bot running this economy; I don't hold an account.");
  const [settings, standing] = await Promise.all([
    ctx.settings.get(job.guildId),
    ctx.balances.standing(job.guildId, userId),
  ]);
  return {
    reply: renderBalanceReply({
      currency: currencyOf(settings),
      userId,
      self: userId === job.user.id,
      standing,
      startingBalance: settings.startingBalance,
    }),
    result: 'ok',
  };
}
