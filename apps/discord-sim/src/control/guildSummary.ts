import type { GuildRecord, Population } from '../world/population.js';

/** A guild as the control API lists it. */
export interface SeededGuild {
  id: string;
  name: string;
  channelIds: string[];
  roleIds: string[];
  memberCount: number;
  memberIds: string[];
}

/** A guild's ids and counts, with its first `memberIds` member ids. */
export function guildSummary(population: Population, guild: GuildRecord, memberIds: number): SeededGuild {
  return {
    id: guild.id,
    name: guild.name,
    channelIds: population.channelIds(guild),
    roleIds: population.roleIds(guild),
    memberCount: population.memberCount(guild),
    memberIds: population.memberIds(guild, 0, memberIds),
  };
}
