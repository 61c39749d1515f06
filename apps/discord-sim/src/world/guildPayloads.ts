import type { GuildRecord, Population } from './population.js';

// Members are derived, not stored, so they have no join date of their own to remember: all share this one.
const JOINED_AT = '2024-01-01T00:00:00.000Z';

/** A guild member as Discord sends it (in GUILD_CREATE, an interaction's `member`, GET …/members/{id}). */
export function memberPayload(
  population: Population,
  guild: GuildRecord,
  userId: string,
): Record<string, unknown> {
  return {
    user: population.user(userId),
    nick: null,
    avatar: null,
    roles: population.memberRoles(guild, userId),
    joined_at: JOINED_AT,
    deaf: false,
    mute: false,
    flags: 0,
    pending: false,
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

/** The GUILD_CREATE body discord.js needs (`unavailable: false` and `channels`, see discord-platform.md §3.4). */
export function guildCreatePayload(population: Population, guild: GuildRecord): Record<string, unknown> {
  const roles = [{ id: guild.id, name: '@everyone', position: 0 }];
  for (let k = 1; k <= guild.roleCount; k += 1) {
    roles.push({
      id: population.roleId(guild, k),
      name: k === guild.roleCount && k >= 2 ? 'admin' : `role-${k}`,
      position: k,
    });
  }
  return {
    id: guild.id,
    name: guild.name,
    icon: null,
    owner_id: population.userId(guild.memberBase),
    features: [],
    joined_at: JOINED_AT,
    large: population.memberCount(guild) > 250,
    unavailable: false,
    member_count: population.memberCount(guild),
    roles: roles.map((r) => ({
      ...r,
      permissions: r.position === 0 ? '1071698660929' : '0',
      color: 0,
      hoist: false,
      managed: false,
      mentionable: true,
      flags: 0,
    })),
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
