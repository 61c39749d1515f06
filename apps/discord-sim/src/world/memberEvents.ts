import type { Clock } from './clock.js';
import type { EventGateway } from './eventGateway.js';
import { memberEventPayload } from './guildPayloads.js';
import type { GuildRecord, Population } from './population.js';
import { SimRequestError } from './simRequestError.js';
import type { SimStats } from './simStats.js';

/** What became of a member event: whose it was, and whether a session took it. */
export interface MemberEventResult {
  guildId: string;
  userId: string;
  shardId: number | null;
  delivered: boolean;
}

/**
 * The parts of the world a member event touches. `gateway` is read on every event, not captured, so a test
 * that wraps `state.gateway.dispatch` sees member events too.
 */
export interface MemberWorld {
  readonly population: Population;
  readonly clock: Clock;
  readonly stats: SimStats;
  readonly gateway: EventGateway;
}

/**
 * A user joins a guild: an existing user, or (without `userId`) a brand-new account. GUILD_MEMBER_ADD carries
 * `pending: true` in a guild that screens members, and DID_REJOIN in `flags` for someone who had left
 * (resources/guild.mdx, "Membership Screening Object" and "Guild Member Flags").
 */
export function joinMember(world: MemberWorld, guildId: string, userId?: string): MemberEventResult {
  const guild = knownGuild(world, guildId);
  const id = userId ?? world.population.createUser();
  if (!world.population.user(id)) throw new SimRequestError('unknown', `unknown user ${id}`);
  world.population.addMember(guild, id);
  world.stats.memberJoins += 1;
  return send(world, guild, id, 'GUILD_MEMBER_ADD', memberEventPayload(world.population, guild, id));
}

/**
 * A member leaves: they are no longer a member, their roles and screening are forgotten, and the bot gets
 * GUILD_MEMBER_REMOVE with only `guild_id` and `user` (events/gateway-events.mdx, "Guild Member Remove").
 */
export function removeMember(world: MemberWorld, guildId: string, userId: string): MemberEventResult {
  const guild = knownGuild(world, guildId);
  const user = world.population.user(userId);
  if (!user) throw new SimRequestError('unknown', `unknown user ${userId}`);
  if (userId === world.population.botUserId)
    throw new SimRequestError('invalid', 'the bot cannot leave: that would be a GUILD_DELETE');
  if (!world.population.memberships.leave(guild, userId))
    throw new SimRequestError('invalid', `user ${userId} is not a member of guild ${guildId}`);
  world.stats.memberLeaves += 1;
  return send(world, guild, userId, 'GUILD_MEMBER_REMOVE', { guild_id: guild.id, user });
}

/**
 * A pending member completes membership screening: GUILD_MEMBER_UPDATE with `pending: false`
 * (resources/guild.mdx, "Membership Screening Object").
 */
export function passScreening(world: MemberWorld, guildId: string, userId: string): MemberEventResult {
  const guild = knownGuild(world, guildId);
  if (!world.population.isMember(guild, userId))
    throw new SimRequestError('invalid', `user ${userId} is not a member of guild ${guildId}`);
  if (!world.population.memberships.passScreening(guild, userId))
    throw new SimRequestError('invalid', `member ${userId} is not pending screening`);
  return memberUpdated(world, guild, userId);
}

/** Sends GUILD_MEMBER_UPDATE with the member as it is now: every field, as Discord sends it. */
export function memberUpdated(world: MemberWorld, guild: GuildRecord, userId: string): MemberEventResult {
  world.stats.memberUpdates += 1;
  return send(
    world,
    guild,
    userId,
    'GUILD_MEMBER_UPDATE',
    memberEventPayload(world.population, guild, userId),
  );
}

function knownGuild(world: MemberWorld, guildId: string): GuildRecord {
  const guild = world.population.guild(guildId);
  if (!guild) throw new SimRequestError('unknown', `unknown guild ${guildId}`);
  return guild;
}

function send(
  world: MemberWorld,
  guild: GuildRecord,
  userId: string,
  eventName: string,
  data: Record<string, unknown>,
): MemberEventResult {
  const outcome = world.gateway.dispatch(guild.id, eventName, data);
  return { guildId: guild.id, userId, shardId: outcome.shardId, delivered: outcome.delivered > 0 };
}
