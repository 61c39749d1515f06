import { randomBytes } from 'node:crypto';
import type { BotAccount } from './botAccount.js';
import { buildInteraction, resolveOptions, type OptionsInput } from './buildInteraction.js';
import type { Clock } from './clock.js';
import { CommandRegistry } from './commandRegistry.js';
import type { GatewayServer } from './gatewayServer.js';
import type { IdentifyLimiter } from './identifyLimiter.js';
import { InteractionLedger, type InteractionRules, type InteractionTimeline } from './interactionLedger.js';
import { MessageStore, type MessageRecord } from './messageStore.js';
import type { Population } from './population.js';
import { SimStats } from './simStats.js';
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

export interface DispatchResult {
  id: string;
  token: string;
  shardId: number | null;
  delivered: boolean;
}

export interface MemberJoinResult {
  guildId: string;
  userId: string;
  shardId: number | null;
  delivered: boolean;
}

/** A request the control API cannot serve; becomes a 4xx with `message`. */
export class ControlError extends Error {
  override readonly name = 'ControlError';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export interface SimStateDeps {
  clock: Clock;
  account: BotAccount;
  population: Population;
  ids: SnowflakeGenerator;
  identifyLimiter: IdentifyLimiter;
  rules: InteractionRules;
  maxInteractions: number;
  maxMessages: number;
}

/**
 * The simulated Discord's state and the events it can originate (interactions, member joins). REST routes and
 * the control API both work on it; the gateway delivers what it dispatches.
 */
export class SimState {
  readonly stats = new SimStats();
  readonly clock: Clock;
  readonly account: BotAccount;
  readonly population: Population;
  readonly ids: SnowflakeGenerator;
  readonly identifyLimiter: IdentifyLimiter;
  readonly commands: CommandRegistry;
  readonly ledger: InteractionLedger;
  readonly messages: MessageStore;
  gateway!: GatewayServer;
  /** `shards` of `/gateway/bot`; undefined means one per 1,000 guilds. */
  recommendedShards: number | undefined;

  constructor(deps: SimStateDeps) {
    this.clock = deps.clock;
    this.account = deps.account;
    this.population = deps.population;
    this.ids = deps.ids;
    this.identifyLimiter = deps.identifyLimiter;
    this.commands = new CommandRegistry(deps.account.applicationId, () => deps.ids.next());
    this.ledger = new InteractionLedger(deps.clock, deps.rules, this.stats, deps.maxInteractions);
    this.messages = new MessageStore(deps.maxMessages);
  }

  dispatchInteraction(request: InteractionRequest): DispatchResult {
    const guild = this.population.guild(request.guildId);
    if (!guild) throw new ControlError(404, `unknown guild ${request.guildId}`);
    if (!this.population.isMember(guild, request.userId)) {
      throw new ControlError(400, `user ${request.userId} is not a member of guild ${request.guildId}`);
    }
    let channelIndex = 0;
    if (request.channelId !== undefined) {
      const channel = this.population.channel(request.channelId);
      if (channel?.guild !== guild)
        throw new ControlError(400, `channel ${request.channelId} is not in that guild`);
      channelIndex = channel.index;
    }
    const command = this.commands.find(request.command, guild.id);
    const options = resolveOptions(request.options, command, this.population);
    const id = this.ids.next();
    const token = `${Buffer.from(`interaction:${id}`).toString('base64url')}.${randomBytes(24).toString('base64url')}`;
    const payload = buildInteraction(
      {
        id,
        token,
        applicationId: this.account.applicationId,
        guild,
        channelIndex,
        userId: request.userId,
        commandId: command?.id ?? this.ids.next(),
        commandName: request.command,
        options,
        locale: request.locale ?? 'en-US',
        ...(request.permissions !== undefined && { permissions: request.permissions }),
      },
      this.population,
    );
    const timeline: InteractionTimeline = {
      id,
      token,
      applicationId: this.account.applicationId,
      guildId: guild.id,
      channelId: this.population.channelId(guild, channelIndex),
      userId: request.userId,
      command: request.command,
      options,
      shardId: null,
      delivered: false,
      dispatchedAt: this.clock.now(),
      acknowledgement: null,
      response: null,
      content: null,
      edits: [],
      followUps: [],
      violations: [],
    };
    this.ledger.add(timeline);
    this.stats.dispatched += 1;
    const outcome = this.gateway.dispatch(guild.id, 'INTERACTION_CREATE', payload);
    timeline.shardId = outcome.shardId;
    timeline.delivered = outcome.delivered > 0;
    return { id, token, shardId: outcome.shardId, delivered: timeline.delivered };
  }

  /** A user joins a guild: an existing user, or (without `userId`) a brand-new account. */
  memberJoin(guildId: string, userId?: string): MemberJoinResult {
    const guild = this.population.guild(guildId);
    if (!guild) throw new ControlError(404, `unknown guild ${guildId}`);
    const id = userId ?? this.population.createUser();
    if (!this.population.user(id)) throw new ControlError(404, `unknown user ${id}`);
    this.population.addMember(guild, id);
    this.stats.memberJoins += 1;
    const member = {
      ...this.population.memberPayload(guild, id),
      joined_at: new Date(this.clock.now()).toISOString(),
      guild_id: guild.id,
    };
    const outcome = this.gateway.dispatch(guild.id, 'GUILD_MEMBER_ADD', member);
    return { guildId: guild.id, userId: id, shardId: outcome.shardId, delivered: outcome.delivered > 0 };
  }

  /** Tells the bot about a message it created, as Discord does (MESSAGE_CREATE, if its intents want it). */
  announceMessage(record: MessageRecord): void {
    const m = record.message;
    this.gateway.dispatch(m.guild_id ?? null, 'MESSAGE_CREATE', m);
  }

  reset(): void {
    this.stats.reset();
    this.population.reset();
    this.commands.reset();
    this.ledger.reset();
    this.messages.reset();
    this.identifyLimiter.reset();
    this.account.revoked = false;
    this.gateway.reset();
  }
}
