import { SEEDED_JOINED_AT } from './memberships.js';
import type { GuildRecord, Population } from './population.js';

/** A guild member as Discord sends it (in GUILD_CREATE, an interaction's `member`, GET …/members/{id}). */
export function memberPayload(
  population: Population,
  guild: GuildRecord,
  userId: string,
): Record<string, unknown> {
  const state = population.memberships.state(guild, userId);
  return {
    user: population.user(userId),
    nick: null,
    avatar: null,
    roles: population.memberRoles(guild, userId),
    joined_at: state?.joinedAt ?? SEEDED_JOINED_AT,
    deaf: false,
    mute: false,
    flags: state?.flags ?? 0,
    // In GUILD_ events Discord always includes `pending` (resources/guild.mdx, "Guild Member Object").
    pending: state?.pending ?? false,
  };
}

/**
 * GUILD_MEMBER_ADD and GUILD_MEMBER_UPDATE: the whole member with `guild_id` (events/gateway-events.mdx,
 * "Guild Member Add" and "Guild Member Update"); an update carries every field, not only what changed.
 */
export function memberEventPayload(
  population: Population,
  guild: GuildRecord,
  userId: string,
): Record<string, unknown> {
  return {
    guild_id: guild.id,
    ...memberPayload(population, guild, userId),
    banner: null,
    premium_since: null,
    communication_disabled_until: null,
  };
}

/** A text channel as Discord sends it. */
export function channelPayload(
  population: Population,
  guild: GuildRecord,
  index: number,
): Record<string, unknown> {
  return {
    id: population.channelId(guild, index),
    type: 0,
    guild_id: guild.id,
    name: population.channelName(index),
    position: index,
    parent_id: null,
    topic: null,
    nsfw: false,
    rate_limit_per_user: 0,
    last_message_id: null,
    permission_overwrites: [],
  };
}

/**
 * The GUILD_CREATE body discord.js needs: the guild with `unavailable: false` and `channels` (Discord API docs,
 * events/gateway-events.mdx, 'Guild Create').
 */
export function guildCreatePayload(population: Population, guild: GuildRecord): Record<string, unknown> {
  // Built field by field rather than spread from a smaller object: a 100,000-guild READY burst builds every
  // role of every guild, and the spread copies were most of its cost.
  const roles = [rolePayload(guild.id, '@everyone', 0)];
  for (let k = 1; k <= guild.roleCount; k += 1) {
    const name = k === guild.roleCount && k >= 2 ? 'admin' : `role-${k}`;
    roles.push(rolePayload(population.roleId(guild, k), name, k));
  }
  const memberCount = population.memberCount(guild);
  return {
    id: guild.id,
    name: guild.name,
    icon: null,
    owner_id: population.userId(guild.memberBase),
    // resources/guild.mdx, "Guild Features": screening shows as MEMBER_VERIFICATION_GATE_ENABLED.
    features: population.memberships.screens(guild) ? ['MEMBER_VERIFICATION_GATE_ENABLED'] : [],
    joined_at: SEEDED_JOINED_AT,
    large: memberCount > 250,
    unavailable: false,
    member_count: memberCount,
    roles,
    channels: Array.from({ length: guild.channelCount }, (_, k) => channelPayload(population, guild, k)),
    members: [memberPayload(population, guild, population.botUserId)],
    threads: [],
    presences: [],
    voice_states: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
    emojis: [],
    stickers: [],
    system_channel_id: null,
    system_channel_flags: 0,
    premium_tier: 0,
    preferred_locale: 'en-US',
    mfa_level: 0,
    verification_level: 0,
    nsfw_level: 0,
    afk_timeout: 300,
  };
}

function rolePayload(id: string, name: string, position: number): Record<string, unknown> {
  return {
    id,
    name,
    position,
    permissions: position === 0 ? '1071698660929' : '0',
    color: 0,
    hoist: false,
    managed: false,
    mentionable: true,
    flags: 0,
  };
}
