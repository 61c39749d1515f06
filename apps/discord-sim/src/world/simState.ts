import { MessageNonces } from './messageNonces.js';
import type { BotAccount } from './botAccount.js';
import type { Clock } from './clock.js';
import { CommandRegistry } from './commandRegistry.js';
import { createInteraction, type InteractionRequest } from './createInteraction.js';
import type { EventGateway } from './eventGateway.js';
import { InteractionLedger, type InteractionRules, type InteractionTimeline } from './interactionLedger.js';
import {
  joinMember,
  memberUpdated,
  passScreening,
  removeMember,
  type MemberEventResult,
} from './memberEvents.js';
import { MessageStore, type MessageRecord } from './messageStore.js';
import type { Population } from './population.js';
import { checkFragments, spliceInteraction, type RawInteractionRequest } from './rawInteraction.js';
import type { RawJson } from './rawJson.js';
import { SimRequestError } from './simRequestError.js';
import type { SimStats } from './simStats.js';
import type { SnowflakeGenerator } from './snowflake.js';

export interface DispatchResult {
  id: string;
  token: string;
  shardId: number | null;
  delivered: boolean;
}

/** What became of a member join, leave or update. */
export type MemberJoinResult = MemberEventResult;

export interface SimStateDeps {
  clock: Clock;
  account: BotAccount;
  population: Population;
  ids: SnowflakeGenerator;
  stats: SimStats;
  /** Delivers the events the state originates; given at construction, so the state never waits for it. */
  gateway: EventGateway;
  rules: InteractionRules;
  maxInteractions: number;
  maxMessages: number;
}

/**
 * The simulated Discord's state and the events it can originate (interactions, member joins). REST routes and
 * the control API both work on it; the gateway delivers what it dispatches.
 */
export class SimState {
  readonly stats: SimStats;
  readonly clock: Clock;
  readonly account: BotAccount;
  readonly population: Population;
  readonly ids: SnowflakeGenerator;
  readonly commands: CommandRegistry;
  readonly ledger: InteractionLedger;
  readonly messages: MessageStore;
  /** Nonces of messages created with `enforce_nonce`. */
  readonly nonces = new MessageNonces();
  readonly gateway: EventGateway;

  constructor(deps: SimStateDeps) {
    this.stats = deps.stats;
    this.clock = deps.clock;
    this.account = deps.account;
    this.population = deps.population;
    this.ids = deps.ids;
    this.gateway = deps.gateway;
    this.commands = new CommandRegistry(deps.account.applicationId, () => deps.ids.next());
    this.ledger = new InteractionLedger(deps.clock, deps.rules, this.stats, deps.maxInteractions);
    this.messages = new MessageStore(deps.maxMessages);
  }

  dispatchInteraction(request: InteractionRequest): DispatchResult {
    const { payload, timeline } = createInteraction(request, this);
    return this.#deliver(timeline, payload);
  }

  /**
   * Dispatches an interaction with fields of `d` and `d.data` written as the caller's JSON text. The ledger
   * keeps the simulator's own id, token, guild, channel and user, so replacing those in `json` makes the bot
   * see an interaction Discord would not know; the timeline's `options` are what JSON.parse reads of those sent.
   */
  dispatchRawInteraction(request: RawInteractionRequest): DispatchResult {
    const { json, dataJson, ...plain } = request;
    const fragments = { json: json ?? {}, dataJson: dataJson ?? {} };
    checkFragments(fragments);
    const { payload, timeline } = createInteraction(plain, this);
    const { frame, options } = spliceInteraction(payload, fragments);
    timeline.options = options;
    return this.#deliver(timeline, frame);
  }

  /** A user joins a guild: an existing user, or (without `userId`) a brand-new account. */
  memberJoin(guildId: string, userId?: string): MemberJoinResult {
    return joinMember(this, guildId, userId);
  }

  /** A member leaves a guild (GUILD_MEMBER_REMOVE). */
  memberLeave(guildId: string, userId: string): MemberJoinResult {
    return removeMember(this, guildId, userId);
  }

  /** Turns membership screening on or off for a guild: joins to a screening guild arrive pending. */
  setScreening(guildId: string, enabled: boolean): { guildId: string; enabled: boolean } {
    const guild = this.population.guild(guildId);
    if (!guild) throw new SimRequestError('unknown', `unknown guild ${guildId}`);
    this.population.memberships.setScreening(guild, enabled);
    return { guildId, enabled };
  }

  /** A pending member completes screening (GUILD_MEMBER_UPDATE with `pending: false`). */
  passScreening(guildId: string, userId: string): MemberJoinResult {
    return passScreening(this, guildId, userId);
  }

  /**
   * A role is added to a member (`PUT /guilds/{g}/members/{u}/roles/{r}`): Discord fires GUILD_MEMBER_UPDATE
   * with the new roles (resources/guild.mdx, "Add Guild Member Role"). Adding a role the member already has
   * changes nothing and sends nothing.
   */
  addMemberRole(guildId: string, userId: string, roleId: string): void {
    const guild = this.population.guild(guildId);
    if (!guild) throw new SimRequestError('unknown', `unknown guild ${guildId}`);
    if (this.population.addMemberRole(guild, userId, roleId)) memberUpdated(this, guild, userId);
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
    this.nonces.reset();
    this.account.revoked = false;
    this.gateway.reset();
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
}
