import { COMMAND_OPTION_TYPE, type CommandDefinition, type CommandOptionDefinition } from '@droas/contracts';
import { DISCORD_LIMITS } from '../message/discordLimits.js';
import type { GreetingKind } from '../message/greetingMessage.js';
import { BOT_POLICIES, GREETING_LIMITS, WELCOME_MOMENTS } from '../settings/greetingSettings.js';

const {
  Subcommand,
  SubcommandGroup,
  String: Text,
  Integer,
  Boolean: Bool,
  Channel,
  Role,
} = COMMAND_OPTION_TYPE;

/**
 * An option as registered. `channel_types` is Discord's filter on the channel picker; contracts'
 * `CommandOptionDefinition` does not name it yet, and registration sends definitions as they are.
 */
type OptionDefinition = CommandOptionDefinition & {
  readonly channel_types?: readonly number[];
  readonly options?: readonly OptionDefinition[];
};

/** Text (0) and announcement (5) channels: where a greeting can be posted. */
export const GREETING_CHANNEL_TYPES = [0, 5] as const;
/** Manage Server (0x20): greetings change what every newcomer sees. */
const MANAGE_GUILD = '32';
const GUILD_ONLY = [0];

function subcommand(
  name: string,
  description: string,
  options: readonly OptionDefinition[] = [],
): OptionDefinition {
  return { type: Subcommand, name, description, options };
}

function template(
  name: string,
  description: string,
  maxLength: number,
  isRequired: boolean,
): OptionDefinition {
  return { type: Text, name, description, required: isRequired, min_length: 1, max_length: maxLength };
}

function choice(name: string, description: string, values: readonly string[]): OptionDefinition {
  return {
    type: Text,
    name,
    description,
    required: true,
    choices: values.map((v) => ({ name: v, value: v })),
  };
}

function shared(kind: GreetingKind): OptionDefinition[] {
  const noun = kind === 'welcome' ? 'welcome' : 'goodbye';
  return [
    subcommand('channel', `Choose where ${noun} messages are posted`, [
      {
        type: Channel,
        name: 'channel',
        description: 'A text or announcement channel',
        required: true,
        channel_types: GREETING_CHANNEL_TYPES,
      },
    ]),
    subcommand('message', `Set the ${noun} message as plain text`, [
      template(
        'text',
        'The message; placeholders such as {user} {server} {memberCount}',
        DISCORD_LIMITS.contentChars,
        true,
      ),
    ]),
    subcommand('embed', `Set the ${noun} message as an embed`, [
      template(
        'description',
        'The embed’s text; placeholders such as {user} {server}',
        DISCORD_LIMITS.embedDescriptionChars,
        true,
      ),
      template('title', 'The embed’s title', DISCORD_LIMITS.embedTitleChars, false),
      { type: Text, name: 'colour', description: 'Hex colour, e.g. #5865F2', min_length: 6, max_length: 8 },
      { type: Bool, name: 'thumbnail', description: 'Show the member’s avatar (default: on)' },
      template(
        'content',
        'Plain text above the embed (the only part where {user} pings)',
        DISCORD_LIMITS.contentChars,
        false,
      ),
      template('footer', 'Small text under the embed', DISCORD_LIMITS.embedFooterChars, false),
    ]),
    subcommand('bots', `Whether bots get a ${noun} message`, [
      choice('mode', 'greet or ignore bots', BOT_POLICIES),
    ]),
    subcommand('enable', `Turn ${noun} messages on`),
    subcommand('disable', `Turn ${noun} messages off`),
    subcommand('preview', `Show the ${noun} message as it would look for you, and who it pings`),
    subcommand('test', `Post the ${noun} message for you in its channel now`),
    subcommand('status', `Show the ${noun} settings and recent problems`),
  ];
}

const WELCOME_ONLY: OptionDefinition[] = [
  subcommand('dm', 'Also send new members a private message', [
    choice('state', 'on or off', ['on', 'off']),
    template(
      'text',
      'The private message; placeholders such as {user.name} {server}',
      DISCORD_LIMITS.contentChars,
      false,
    ),
  ]),
  {
    type: SubcommandGroup,
    name: 'autorole',
    description: `Roles given to new members (at most ${GREETING_LIMITS.autoroles})`,
    options: [
      subcommand('add', 'Give this role to new members', [
        { type: Role, name: 'role', description: 'The role', required: true },
      ]),
      subcommand('remove', 'Stop giving this role', [
        { type: Role, name: 'role', description: 'The role', required: true },
      ]),
    ],
  },
  subcommand('min-account-age', 'Do not welcome accounts younger than this', [
    {
      type: Integer,
      name: 'days',
      description: 'Minimum account age in days (0 welcomes every account)',
      required: true,
      min_value: GREETING_LIMITS.minAccountAgeDays.min,
      max_value: GREETING_LIMITS.minAccountAgeDays.max,
    },
  ]),
  subcommand('when', 'Welcome on joining, or once membership screening is passed', [
    choice('moment', 'join or screening-passed', WELCOME_MOMENTS),
  ]),
];

/** `/welcome`: Manage Server, guilds only. */
export const WELCOME_DEFINITION: CommandDefinition = {
  name: 'welcome',
  description: 'Welcome new members (Manage Server permission)',
  default_member_permissions: MANAGE_GUILD,
  contexts: GUILD_ONLY,
  options: [...shared('welcome'), ...WELCOME_ONLY],
};

/** `/goodbye`: Manage Server, guilds only. */
export const GOODBYE_DEFINITION: CommandDefinition = {
  name: 'goodbye',
  description: 'Say goodbye when members leave (Manage Server permission)',
  default_member_permissions: MANAGE_GUILD,
  contexts: GUILD_ONLY,
  options: shared('goodbye'),
};
