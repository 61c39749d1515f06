import { randomBytes } from 'node:crypto';
import type { BotAccount } from './botAccount.js';
import { buildInteraction, resolveOptions, type OptionsInput } from './buildInteraction.js';
import type { Clock } from './clock.js';
import { CommandRegistry } from './commandRegistry.js';
import type { GatewayServer } from '../gateway/gatewayServer.js';
import type { IdentifyLimiter } from '../gateway/identifyLimiter.js';
import { InteractionLedger, type InteractionRules, type InteractionTimeline } from './interactionLedger.js';
import { MessageStore, type MessageRecord } from './messageStore.js';
import type { Population } from './population.js';
import { RawJson, jsonTextError, spliceJson } from './rawJson.js';
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

/**
 * An interaction the simulator builds as usual (real id, token, guild, member; recorded in the ledger) with some
 * fields written as the caller's JSON text, verbatim, so a test can send what JavaScript cannot round-trip
 * (`9007199254740993`) or what no well-behaved client would (`"abc"` for an integer option, 26 options).
 */
export interface RawInteractionRequest extends InteractionRequest {
  /** Fields of `d` → their JSON text, e.g. `{ locale: '"not-a-locale"' }`; a field `d` lacks is added. */
  json?: Record<string, string>;
  /** Fields of `d.data` → their JSON text, e.g. `{ options: '[{"name":"amount","type":4,"value":1e308}]' }`. */
  dataJson?: Record<string, string>;
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
    const { payload, timeline } = this.#createInteraction(request);
    return this.#deliver(timeline, payload);
  }

  /**
   * Dispatches an interaction with fields of `d` and `d.data` written as the caller's JSON text. The ledger
   * keeps the simulator's own id, token, guild, channel and user, so replacing those in `json` makes the bot
   * see an interaction Discord would not know; the timeline's `options` are what JSON.parse reads of those sent.
   */
  dispatchRawInteraction(request: RawInteractionRequest): DispatchResult {
    const { json = {}, dataJson = {}, ...plain } = request;
    checkFragments('json', json);
    checkFragments('dataJson', dataJson);
    if (json.data !== undefined && Object.keys(dataJson).length > 0)
      throw new ControlError(400, 'give d.data either whole (json.data) or by field (dataJson), not both');
    const { payload, timeline } = this.#createInteraction(plain);
    const dataText = json.data ?? spliceJson(payload.data as Record<string, unknown>, dataJson);
    const sent = JSON.parse(dataText) as { options?: unknown } | null;
    timeline.options = Array.isArray(sent?.options) ? (sent.options as unknown[]) : [];
    return this.#deliver(timeline, new RawJson(spliceJson(payload, { ...json, data: dataText })));
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

  #createInteraction(request: InteractionRequest): {
    payload: Record<string, unknown>;
    timeline: InteractionTimeline;
  } {
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
    return { payload, timeline };
  }

  #deliver(timeline: InteractionTimeline, payload: Record<string, unknown> | RawJson): DispatchResult {
    this.ledger.add(timeline);
    this.stats.dispatched += 1;
    const outcome = this.gateway.dispatch(timeline.guildId, 'INTERACTION_CREATE', payload);
    timeline.shardId = outcome.shardId;
    timeline.delivered = outcome.delivered > 0;
    return {
      id: timeline.id,
      token: timeline.token,
      shardId: outcome.shardId,
      delivered: timeline.delivered,
    };
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

function checkFragments(where: string, fragments: Readonly<Record<string, string>>): void {
  for (const [field, text] of Object.entries(fragments)) {
    const error = jsonTextError(text);
    if (error !== undefined) throw new ControlError(400, `${where}.${field} is not JSON text: ${error}`);
  }
}
