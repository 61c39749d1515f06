import { randomBytes } from 'node:crypto';
import type { BotAccount } from './botAccount.js';
import { buildInteraction, resolveOptions, type OptionsInput } from './buildInteraction.js';
import type { Clock } from './clock.js';
import type { CommandRegistry } from './commandRegistry.js';
import type { InteractionTimeline } from './interactionLedger.js';
import type { Population } from './population.js';
import { SimRequestError } from './simRequestError.js';
import type { SnowflakeGenerator } from './snowflake.js';

export interface InteractionRequest {
  guildId: string;
  userId: string;
  command: string;
  options?: OptionsInput;
  /** Defaults to the guild's first channel. */
  channelId?: string;
  /** @defaultValue 'en-US' */
  locale?: string;
  /**
   * The invoking member's permissions in the channel (`member.permissions`), a decimal bitfield: `'32'` is a
   * member with Manage Server. @defaultValue an ordinary member's, without Administrator or Manage Server
   */
  permissions?: string;
}

/** The parts of the simulated Discord an interaction is made from. */
export interface InteractionSources {
  clock: Clock;
  account: BotAccount;
  population: Population;
  ids: SnowflakeGenerator;
  commands: CommandRegistry;
}

export interface NewInteraction {
  /** The INTERACTION_CREATE `d`. */
  payload: Record<string, unknown>;
  /** Its timeline, not yet in the ledger. */
  timeline: InteractionTimeline;
}

/**
 * A chat-input command a member starts in a guild: a fresh id and token, options typed by the registered
 * command. Throws {@link SimRequestError} for a guild that does not exist, or a user or channel not in it.
 */
export function createInteraction(request: InteractionRequest, from: InteractionSources): NewInteraction {
  const { population, ids, account } = from;
  const guild = population.guild(request.guildId);
  if (!guild) throw new SimRequestError('unknown', `unknown guild ${request.guildId}`);
  if (!population.isMember(guild, request.userId)) {
    throw new SimRequestError(
      'invalid',
      `user ${request.userId} is not a member of guild ${request.guildId}`,
    );
  }
  let channelIndex = 0;
  if (request.channelId !== undefined) {
    const channel = population.channel(request.channelId);
    if (channel?.guild !== guild)
      throw new SimRequestError('invalid', `channel ${request.channelId} is not in that guild`);
    channelIndex = channel.index;
  }
  const command = from.commands.find(request.command, guild.id);
  const options = resolveOptions(request.options, command, population);
  const id = ids.next();
  const token = `${Buffer.from(`interaction:${id}`).toString('base64url')}.${randomBytes(24).toString('base64url')}`;
  const payload = buildInteraction(
    {
      id,
      token,
      applicationId: account.applicationId,
      guild,
      channelIndex,
      userId: request.userId,
      commandId: command?.id ?? ids.next(),
      commandName: request.command,
      options,
      locale: request.locale ?? 'en-US',
      ...(request.permissions !== undefined && { permissions: request.permissions }),
    },
    population,
  );
  const timeline: InteractionTimeline = {
    id,
    token,
    applicationId: account.applicationId,
    guildId: guild.id,
    channelId: population.channelId(guild, channelIndex),
    userId: request.userId,
    command: request.command,
    options,
    shardId: null,
    delivered: false,
    dispatchedAt: from.clock.now(),
    acknowledgement: null,
    response: null,
    content: null,
    edits: [],
    followUps: [],
    deletions: [],
    violations: [],
  };
  return { payload, timeline };
}
