import { COMMAND_OPTION_TYPE } from '@droas/contracts';
import type { ExplicitOption } from '@droas/discord-sim';

const { Subcommand: SUBCOMMAND, String: STRING, Integer: INTEGER, User: USER } = COMMAND_OPTION_TYPE;

/** Manage Server (0x20) as `member.permissions`: what `/economy` requires. */
export const MANAGE_GUILD = '32';
/** Administrator (0x8), which implies every permission. */
export const ADMINISTRATOR = '8';

/** `/economy grant|take|set user amount reason` as the option tree Discord sends. */
export function adminAction(
  action: 'grant' | 'take' | 'set',
  args: { user: string; amount: number; reason: string },
): ExplicitOption[] {
  return [
    {
      name: action,
      type: SUBCOMMAND,
      options: [
        { name: 'user', type: USER, value: args.user },
        { name: 'amount', type: INTEGER, value: args.amount },
        { name: 'reason', type: STRING, value: args.reason },
      ],
    },
  ];
}

/** `/economy settings [option…]`: numbers as integer options, text as string options. */
export function settingsChange(values: Record<string, string | number> = {}): ExplicitOption[] {
  return [
    {
      name: 'settings',
      type: SUBCOMMAND,
      options: Object.entries(values).map(([name, value]) => ({
        name,
        type: typeof value === 'number' ? INTEGER : STRING,
        value,
      })),
    },
  ];
}

/** `/pay user amount [note]` with explicit types, so an odd amount reaches the worker as sent. */
export function payOptions(user: string, amount: number, note?: string): ExplicitOption[] {
  return [
    { name: 'user', type: USER, value: user },
    { name: 'amount', type: INTEGER, value: amount },
    ...(note === undefined ? [] : [{ name: 'note', type: STRING, value: note }]),
  ];
}
