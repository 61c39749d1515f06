import {
  COMMAND_OPTION_TYPE,
  type CommandDefinition,
  type CommandHandler,
  type CommandOptionDefinition,
  type InteractionJob,
} from '@droas/contracts';
import { readOptionTree } from '@droas/contracts';
import { hasManageGuild } from '@droas/contracts';
import { adjustBalance } from './adjustBalance.js';
import { GUILD_ONLY, MAX_OPTION_AMOUNT, MAX_REASON_CHARS } from './amountLimits.js';
import { changeSettings } from './changeSettings.js';
import { defineCommand, refused, type CommandRun } from './defineCommand.js';
import type { EconomyContext } from './economyContext.js';
import { SETTINGS_LIMITS } from './parseSettingsPatch.js';

const { Subcommand, User, Integer, String: Text } = COMMAND_OPTION_TYPE;

function moneyAction(
  name: string,
  description: string,
  amountHelp: string,
  minAmount: 0 | 1,
): CommandOptionDefinition {
  return {
    type: Subcommand,
    name,
    description,
    options: [
      { type: User, name: 'user', description: 'The member whose balance changes', required: true },
      {
        type: Integer,
        name: 'amount',
        description: amountHelp,
        required: true,
        min_value: minAmount,
        max_value: MAX_OPTION_AMOUNT,
      },
      {
        type: Text,
        name: 'reason',
        description: 'Why; kept in the ledger and shown in the member’s history',
        required: true,
        min_length: 1,
        max_length: MAX_REASON_CHARS,
      },
    ],
  };
}

/** `/economy grant|take|set|settings`, for members with Manage Server (permission bit 0x20 = "32"). */
export const ECONOMY_DEFINITION: CommandDefinition = {
  name: 'economy',
  description: 'Manage this server’s economy (Manage Server permission)',
  default_member_permissions: '32',
  contexts: GUILD_ONLY,
  options: [
    moneyAction(
      'grant',
      'Give a member money (new money, recorded in the ledger)',
      'How much to give (at least 1)',
      1,
    ),
    moneyAction(
      'take',
      'Remove money from a member (never more than they have)',
      'How much to remove (at least 1)',
      1,
    ),
    moneyAction('set', 'Set a member’s balance to an exact amount', 'The new balance (0 or more)', 0),
    {
      type: Subcommand,
      name: 'settings',
      description: 'Show the economy settings, or change the ones you give',
      options: [
        {
          type: Text,
          name: 'currency_name',
          description: 'Name of the currency, e.g. coins',
          min_length: 1,
          max_length: SETTINGS_LIMITS.currencyNameChars,
        },
        {
          type: Text,
          name: 'currency_symbol',
          description: 'Symbol shown before amounts, e.g. 🪙',
          min_length: 1,
          max_length: SETTINGS_LIMITS.currencySymbolChars,
        },
        {
          type: Integer,
          name: 'starting_balance',
          description: 'What a new account starts with',
          min_value: 0,
          max_value: MAX_OPTION_AMOUNT,
        },
        {
          type: Integer,
          name: 'daily_amount',
          description: 'The /daily reward (0 turns /daily off)',
          min_value: 0,
          max_value: MAX_OPTION_AMOUNT,
        },
        {
          type: Integer,
          name: 'daily_cooldown_minutes',
          description: 'Minutes between two /daily claims (1440 = one day)',
          min_value: SETTINGS_LIMITS.cooldownMinutes.min,
          max_value: SETTINGS_LIMITS.cooldownMinutes.max,
        },
        {
          type: Integer,
          name: 'streak_bonus',
          description: 'Extra /daily reward per consecutive day (0 turns streaks off)',
          min_value: 0,
          max_value: MAX_OPTION_AMOUNT,
        },
        {
          type: Integer,
          name: 'streak_max_days',
          description: 'The streak day from which the bonus stops growing',
          min_value: SETTINGS_LIMITS.streakMaxDays.min,
          max_value: SETTINGS_LIMITS.streakMaxDays.max,
        },
        {
          type: Integer,
          name: 'max_balance',
          description: 'The most any member can hold',
          min_value: 1,
          max_value: MAX_OPTION_AMOUNT,
        },
      ],
    },
  ],
};

/**
 * `/economy`: checks Manage Server (or Administrator) from the interaction's permissions on every use, since
 * a server can override `default_member_permissions` per role, then runs the subcommand.
 */
export function createEconomyCommand(ctx: EconomyContext): CommandHandler {
  return defineCommand(ctx, {
    definition: ECONOMY_DEFINITION,
    defersEphemeral: true,
    run: (job) => economy(ctx, job),
  });
}

async function economy(ctx: EconomyContext, job: InteractionJob): Promise<CommandRun> {
  if (!hasManageGuild(job.memberPermissions)) {
    return refused('You need the **Manage Server** permission to use `/economy`.');
  }
  const inv = readOptionTree(job.command);
  const [subcommand, ...rest] = inv.path;
  if (rest.length > 0)
    return refused('Unknown subcommand: use `/economy grant`, `take`, `set` or `settings`.');
  if (subcommand === 'grant' || subcommand === 'take' || subcommand === 'set') {
    return adjustBalance(ctx, job, inv, subcommand);
  }
  if (subcommand === 'settings') return changeSettings(ctx, job, inv);
  return refused('Unknown subcommand: use `/economy grant`, `take`, `set` or `settings`.');
}
