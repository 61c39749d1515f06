import type { ApplicationCommand } from './commandRegistry.js';
import { channelPayload, memberPayload } from './guildPayloads.js';
import type { GuildRecord, Population } from './population.js';
import { isSnowflake } from './snowflake.js';

export type OptionValue = string | number | boolean;

/**
 * An option with its type given. A subcommand (type 1) or subcommand group (type 2) carries `options`, the
 * next level of the tree, instead of a value.
 */
export interface ExplicitOption {
  name: string;
  type: number;
  value?: OptionValue | undefined;
  options?: readonly ExplicitOption[] | undefined;
}

/**
 * Options as the control API takes them: `{ amount: 5 }`, or explicit `[{ name, type, value }]`, e.g.
 * `[{ name: 'grant', type: 1, options: [{ name: 'amount', type: 4, value: 5 }] }]` for a subcommand.
 */
export type OptionsInput = Record<string, OptionValue> | readonly ExplicitOption[];

/** An option as it goes into `data.options`: a value, or (subcommands and groups) nested options. */
export interface ResolvedOption {
  name: string;
  type: number;
  value?: OptionValue;
  options?: ResolvedOption[];
}

const OptionType = { String: 3, Integer: 4, Boolean: 5, User: 6, Channel: 7, Role: 8, Number: 10 } as const;

// Everything a member could have; what Discord sends as `app_permissions`/`member.permissions` for an admin-less bot.
// Without Administrator (0x8) and Manage Server (0x20): an ordinary member.
export const DEFAULT_MEMBER_PERMISSIONS = '2248473465835073';

/**
 * Types options: explicit types win, then the registered command's definition, then the value's shape (a
 * snowflake naming a known user is a USER option).
 */
export function resolveOptions(
  input: OptionsInput | undefined,
  command: ApplicationCommand | undefined,
  population: Population,
): ResolvedOption[] {
  if (input === undefined) return [];
  if (isExplicit(input)) return input.map(explicitOption);
  return Object.entries(input).map(([name, value]) => {
    const declared = command?.options.find((o) => o.name === name)?.type;
    return { name, type: declared ?? inferType(value, population), value };
  });
}

function isExplicit(input: OptionsInput): input is readonly ExplicitOption[] {
  return Array.isArray(input);
}

function explicitOption(o: ExplicitOption): ResolvedOption {
  return {
    name: o.name,
    type: o.type,
    ...(o.value !== undefined && { value: o.value }),
    ...(o.options !== undefined && { options: o.options.map(explicitOption) }),
  };
}

/** The value options of a tree, wherever they sit (top level, in a subcommand, in a group's subcommand). */
function valueOptions(options: readonly ResolvedOption[]): ResolvedOption[] {
  return options.flatMap((o) => (o.options === undefined ? [o] : valueOptions(o.options)));
}

function inferType(value: OptionValue, population: Population): number {
  if (typeof value === 'boolean') return OptionType.Boolean;
  if (typeof value === 'number') return Number.isInteger(value) ? OptionType.Integer : OptionType.Number;
  if (isSnowflake(value) && population.user(value)) return OptionType.User;
  return OptionType.String;
}

export interface InteractionSpec {
  id: string;
  token: string;
  applicationId: string;
  guild: GuildRecord;
  channelIndex: number;
  userId: string;
  commandId: string;
  commandName: string;
  options: ResolvedOption[];
  locale: string;
  /** `member.permissions`, a decimal bitfield. @defaultValue {@link DEFAULT_MEMBER_PERMISSIONS} */
  permissions?: string;
}

/**
 * An INTERACTION_CREATE body (chat input command) with every field discord.js 14 dereferences:
 * `entitlements`, `authorizing_integration_owners`, a `channel` object, `resolved` users for USER options
 * (Discord API docs, interactions/receiving-and-responding.mdx, 'Interaction Object').
 */
export function buildInteraction(spec: InteractionSpec, population: Population): Record<string, unknown> {
  const { guild } = spec;
  const users: Record<string, unknown> = {};
  const members: Record<string, unknown> = {};
  for (const option of valueOptions(spec.options)) {
    if (option.type !== OptionType.User || typeof option.value !== 'string') continue;
    const user = population.user(option.value);
    if (!user) continue;
    users[option.value] = user;
    if (population.isMember(guild, option.value)) {
      const {
        user: _user,
        deaf: _deaf,
        mute: _mute,
        ...partial
      } = memberPayload(population, guild, option.value);
      members[option.value] = { ...partial, permissions: '0' };
    }
  }
  const channel = channelPayload(population, guild, spec.channelIndex);
  const data: Record<string, unknown> = {
    id: spec.commandId,
    name: spec.commandName,
    type: 1,
    guild_id: guild.id,
    options: spec.options,
  };
  if (Object.keys(users).length > 0) data.resolved = { users, members };
  return {
    id: spec.id,
    application_id: spec.applicationId,
    type: 2,
    token: spec.token,
    version: 1,
    guild_id: guild.id,
    channel_id: channel.id,
    channel: { id: channel.id, type: 0, guild_id: guild.id, name: channel.name },
    member: {
      ...memberPayload(population, guild, spec.userId),
      permissions: spec.permissions ?? DEFAULT_MEMBER_PERMISSIONS,
    },
    app_permissions: DEFAULT_MEMBER_PERMISSIONS,
    locale: spec.locale,
    guild_locale: 'en-US',
    entitlements: [],
    authorizing_integration_owners: { '0': guild.id },
    context: 0,
    attachment_size_limit: 10_485_760,
    data,
  };
}
