import type { GatewayFault } from '../gateway/gatewayFault.js';
import type { SessionInfo } from '../gateway/gatewayServer.js';
import type { IdentifyLimiterOptions } from '../gateway/identifyLimiter.js';
import type { ActiveFault, RestFaultSpec } from '../rest/faultInjector.js';
import type { BanShape } from '../rest/invalidRequestBudget.js';
import type { SharedLimitSettings } from '../rest/sharedRateLimits.js';
import type { OptionsInput } from '../world/buildInteraction.js';
import type { ApplicationCommand } from '../world/commandRegistry.js';
import type { InteractionRequest } from '../world/createInteraction.js';
import type { InteractionTimeline } from '../world/interactionLedger.js';
import type { Answer } from '../world/answerLog.js';
import type { StoredMessage } from '../world/messageStore.js';
import type { ChannelAccess, SeedOptions } from '../world/population.js';
import type { RawInteractionRequest } from '../world/rawInteraction.js';
import type { Pings } from '../world/resolveMentions.js';
import type { DispatchResult, MemberJoinResult } from '../world/simState.js';
import type { SimStatsSnapshot } from '../world/simStats.js';
import type { SeededGuild } from './guildSummary.js';
import type { GeneratorSpec, GeneratorStatus } from './trafficGenerators.js';

export type ChannelMessage = StoredMessage & { pings: Pings };

/** The control API answered with an error status. */
export class SimClientError extends Error {
  override readonly name = 'SimClientError';
  constructor(
    readonly status: number,
    readonly body: unknown,
    route: string,
  ) {
    super(`${route} → ${status}: ${JSON.stringify(body)}`);
  }
}

/** Typed client of the control API (`/_sim`), for tests and load tests. Uses the global `fetch`. */
export class SimClient {
  readonly #base: string;

  /** @param controlUrl e.g. `http://127.0.0.1:8790/_sim` */
  constructor(controlUrl: string) {
    this.#base = controlUrl.replace(/\/$/, '');
  }

  reset(): Promise<{ ok: true }> {
    return this.#call('POST', '/reset');
  }

  seedGuilds(
    options: SeedOptions & { memberIdsPerGuild?: number },
  ): Promise<{ guilds: SeededGuild[]; userCount: number }> {
    return this.#call('POST', '/guilds', options);
  }

  guild(id: string): Promise<SeededGuild> {
    return this.#call('GET', `/guilds/${id}`);
  }

  /** The seeded guilds, a page at a time. */
  guilds(offset = 0, limit = 100): Promise<{ total: number; guilds: SeededGuild[] }> {
    return this.#call('GET', `/guilds?offset=${offset}&limit=${limit}`);
  }

  members(guildId: string, offset = 0, limit = 100): Promise<{ total: number; memberIds: string[] }> {
    return this.#call('GET', `/guilds/${guildId}/members?offset=${offset}&limit=${limit}`);
  }

  dispatchInteraction(request: InteractionRequest & { options?: OptionsInput }): Promise<DispatchResult> {
    return this.#call('POST', '/interactions', request);
  }

  /**
   * Dispatches an interaction with fields of `d` (`json`) and of `d.data` (`dataJson`) written as the given
   * JSON text, verbatim: `dataJson: { options: '[{"name":"amount","type":4,"value":9007199254740993}]' }`.
   * Write a lone surrogate as the escape `\ud800` inside the text: frames are UTF-8, so a bare one would
   * arrive as U+FFFD.
   */
  dispatchRawInteraction(request: RawInteractionRequest): Promise<DispatchResult> {
    return this.#call('POST', '/interactions/raw', request);
  }

  memberJoin(guildId: string, userId?: string): Promise<MemberJoinResult> {
    return this.#call('POST', '/member-joins', userId === undefined ? { guildId } : { guildId, userId });
  }

  /** A member leaves the guild: GUILD_MEMBER_REMOVE. */
  memberLeave(guildId: string, userId: string): Promise<MemberJoinResult> {
    return this.#call('POST', '/member-leaves', { guildId, userId });
  }

  /** Turns membership screening on or off: joins to a screening guild arrive with `pending: true`. */
  setScreening(guildId: string, enabled: boolean): Promise<{ guildId: string; enabled: boolean }> {
    return this.#call('PUT', `/guilds/${guildId}/screening`, { enabled });
  }

  /** A pending member completes screening: GUILD_MEMBER_UPDATE with `pending: false`. */
  passScreening(guildId: string, userId: string): Promise<MemberJoinResult> {
    return this.#call('POST', `/guilds/${guildId}/members/${userId}/pass-screening`);
  }

  /** First visible answers after position `after` (0: from the start), at most `limit`, oldest first. */
  answers(after: number, limit = 5000): Promise<{ answers: Answer[]; next: number; lastSeq: number }> {
    return this.#call('GET', `/answers?after=${after}&limit=${limit}`);
  }

  interaction(id: string): Promise<InteractionTimeline> {
    return this.#call('GET', `/interactions/${id}`);
  }

  /** Polls an interaction's timeline until `done` holds or `timeoutMs` passes (then returns the last one). */
  async waitForInteraction(
    id: string,
    done: (t: InteractionTimeline) => boolean,
    timeoutMs = 5000,
  ): Promise<InteractionTimeline> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const timeline = await this.interaction(id);
      if (done(timeline) || Date.now() > deadline) return timeline;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  channelMessages(channelId: string): Promise<{ messages: ChannelMessage[] }> {
    return this.#call('GET', `/channels/${channelId}/messages`);
  }

  setChannelAccess(channelId: string, access: ChannelAccess): Promise<unknown> {
    return this.#call('PUT', `/channels/${channelId}/access`, { access });
  }

  setRefusesDms(userId: string, refusesDms: boolean): Promise<unknown> {
    return this.#call('PUT', `/users/${userId}/dms`, { refusesDms });
  }

  stats(): Promise<SimStatsSnapshot> {
    return this.#call('GET', '/stats');
  }

  /** The invalid-request budget: invalid answers counted in the current window, and the ban, if any. */
  invalidRequests(): Promise<{ count: number; bannedForMs: number; banShape: BanShape }> {
    return this.#call('GET', '/invalid-requests');
  }

  /** Chooses what banned requests get: `cloudflare` (text 1015, Retry-After) or `json` (`code: 0`, no headers). */
  setInvalidRequestBanShape(shape: BanShape): Promise<{ banShape: BanShape }> {
    return this.#call('PUT', '/invalid-requests/ban-shape', { shape });
  }

  /** The shared limits in force (`null`: off). */
  sharedRateLimits(): Promise<SharedLimitSettings> {
    return this.#call('GET', '/rate-limits/shared');
  }

  /**
   * Sets the shared limits named (`null` turns one off): `channelWrites` per channel for every sender together
   * (429 code 20028), `dmOpens` for the bot (429 code 40003), both with `X-RateLimit-Scope: shared`.
   */
  setSharedRateLimits(changes: Partial<SharedLimitSettings>): Promise<SharedLimitSettings> {
    return this.#call('PUT', '/rate-limits/shared', changes);
  }

  commands(guildId?: string): Promise<{ commands: ApplicationCommand[] }> {
    return this.#call('GET', guildId === undefined ? '/commands' : `/commands?guildId=${guildId}`);
  }

  sessions(): Promise<{ sessions: SessionInfo[] }> {
    return this.#call('GET', '/sessions');
  }

  /** The identify rules the gateway enforces: `max_concurrency` buckets, the window per bucket, the daily budget. */
  identifyRules(): Promise<IdentifyLimiterOptions> {
    return this.#call('GET', '/identify-rules');
  }

  addFault(spec: RestFaultSpec): Promise<ActiveFault> {
    return this.#call('POST', '/faults', spec);
  }

  clearFaults(): Promise<unknown> {
    return this.#call('DELETE', '/faults');
  }

  /** Applies a gateway fault to every session holding `shardId` (or only `sessionId`, when given). */
  gatewayFault(
    shardId: number,
    fault: GatewayFault & { shardCount?: number; sessionId?: string },
  ): Promise<{ affected: number }> {
    return this.#call('POST', '/gateway/faults', { shardId, ...fault });
  }

  startGenerator(spec: GeneratorSpec): Promise<GeneratorStatus> {
    return this.#call('POST', '/generators', spec);
  }

  generator(id: string): Promise<GeneratorStatus> {
    return this.#call('GET', `/generators/${id}`);
  }

  stopGenerator(id: string): Promise<GeneratorStatus> {
    return this.#call('DELETE', `/generators/${id}`);
  }

  async #call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const init: RequestInit = { method };
    if (body !== undefined) {
      init.body = JSON.stringify(body);
      init.headers = { 'content-type': 'application/json' };
    }
    const res = await fetch(`${this.#base}${path}`, init);
    const text = await res.text();
    const parsed: unknown = text.length === 0 ? undefined : JSON.parse(text);
    if (!res.ok) throw new SimClientError(res.status, parsed, `${method} ${path}`);
    return parsed as T;
  }
}
