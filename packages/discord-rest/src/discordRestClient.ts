import type { CircuitBreaker } from '@droas/resilience';
import type { CommandReply } from '@droas/contracts';
import { DiscordErrorCode, DiscordUnavailableError, isDiscordApiError } from './discordErrors.js';
import { resolveDiscordRestOptions, type DiscordRestOptions } from './discordRestOptions.js';
import { RestPipeline, type RequestOptions } from './restPipeline.js';
import { Routes, type DiscordRoute } from './routes.js';
import { EPHEMERAL_FLAG, toMessageJson, type MessageContent } from './toMessageJson.js';

/** A deferral (callback type 5): "thinking…", to be replaced by `editOriginalResponse`. */
export interface DeferredResponse {
  readonly type: 5;
  readonly ephemeral: boolean;
}

/** What an interaction callback answers: the final message (type 4), or a deferral (type 5). */
export type InteractionResponse = CommandReply | DeferredResponse;

/** Discord's interaction callback types this client sends. */
export const InteractionCallbackType = {
  ChannelMessageWithSource: 4,
  DeferredChannelMessageWithSource: 5,
} as const;

/** A message Discord created or edited. */
export interface SentMessage {
  readonly id: string;
  readonly channelId: string;
}

/** An interaction's first response, as `getOriginalResponse` reads it. */
export interface OriginalResponse {
  readonly id: string;
  /** Only the invoker sees it (the acknowledgement was ephemeral). */
  readonly ephemeral: boolean;
  /** Still the "thinking…" of a deferral (type 5) that nobody has edited yet. */
  readonly loading: boolean;
}

// Message flag LOADING: a deferred response not yet edited.
const LOADING_FLAG = 1 << 7;

/** Options of `createMessage`. */
export interface CreateMessageOptions extends RequestOptions {
  /** At most 25 characters; the same nonce sends the same message once (Discord's `enforce_nonce`). */
  nonce?: string;
}

/** Options of `addMemberRole`. */
export interface AddMemberRoleOptions extends RequestOptions {
  /** Shown in the guild's audit log. */
  reason?: string;
}

/**
 * The Discord REST calls the workers make, each through the budgets, buckets and breaker of
 * {@link RestPipeline}. Errors say what to do: `DiscordApiError` (4xx; never retry, except that 40060 means
 * "edit instead"), `RateLimitedError` and `CircuitOpenError` (come back after `retryAfterMs`),
 * `DiscordUnavailableError` and `CallTimeoutError` (retry with backoff).
 *
 * Built on undici's `request` (keep-alive connections) rather than @discordjs/rest: every request
 * is one call we see, with our budgets and breaker in front of it and its headers parsed behind it.
 * @discordjs/rest queues and retries inside itself, where a cluster-wide budget cannot see, and retries 429s
 * indefinitely and 5xx immediately; a worker must instead hand the job back with a time to return.
 */
export class DiscordRestClient {
  readonly #pipeline: RestPipeline;

  constructor(options: DiscordRestOptions) {
    this.#pipeline = new RestPipeline(resolveDiscordRestOptions(options));
  }

  /** The breaker around Discord (`discord-rest`): a worker pauses intake while it is open. */
  get breaker(): CircuitBreaker {
    return this.#pipeline.breaker;
  }

  /**
   * Acknowledges an interaction, once, within 3 s of its creation: with the final message (type 4) or a
   * deferral (type 5). A second acknowledgement fails with `DiscordApiError[40060]`.
   */
  async createInteractionResponse(
    interactionId: string,
    interactionToken: string,
    response: InteractionResponse,
    options?: RequestOptions,
  ): Promise<void> {
    const body =
      'type' in response
        ? {
            type: InteractionCallbackType.DeferredChannelMessageWithSource,
            data: { flags: response.ephemeral ? EPHEMERAL_FLAG : 0 },
          }
        : {
            type: InteractionCallbackType.ChannelMessageWithSource,
            data: toMessageJson(response, { ephemeral: response.ephemeral }),
          };
    await this.#pipeline.send(Routes.interactionCallback(interactionId, interactionToken), { body }, options);
  }

  /** Replaces the first response (a deferral's "thinking…"); its ephemerality was fixed when it was sent. */
  async editOriginalResponse(
    applicationId: string,
    interactionToken: string,
    reply: MessageContent,
    options?: RequestOptions,
  ): Promise<SentMessage> {
    return this.#message(
      Routes.originalResponse(applicationId, interactionToken),
      toMessageJson(reply),
      options,
    );
  }

  /**
   * The interaction's first response as Discord has it: how it was acknowledged. Undefined when it was not
   * acknowledged (yet): Discord answers 10015 before any acknowledgement, 10008 when the response was deleted.
   */
  async getOriginalResponse(
    applicationId: string,
    interactionToken: string,
    options?: RequestOptions,
  ): Promise<OriginalResponse | undefined> {
    const route = Routes.readOriginalResponse(applicationId, interactionToken);
    let answer: unknown;
    try {
      answer = await this.#pipeline.send(route, {}, options);
    } catch (error) {
      if (isDiscordApiError(error, DiscordErrorCode.UnknownWebhook, DiscordErrorCode.UnknownMessage)) {
        return undefined;
      }
      throw error;
    }
    const message = answer as { id?: unknown; flags?: unknown } | undefined;
    if (typeof message?.id !== 'string') throw malformed(route);
    const flags = typeof message.flags === 'number' ? message.flags : 0;
    return {
      id: message.id,
      ephemeral: (flags & EPHEMERAL_FLAG) !== 0,
      loading: (flags & LOADING_FLAG) !== 0,
    };
  }

  /** Sends another message for an acknowledged interaction, for up to 15 minutes. */
  async createFollowup(
    applicationId: string,
    interactionToken: string,
    reply: CommandReply,
    options?: RequestOptions,
  ): Promise<SentMessage> {
    const body = toMessageJson(reply, { ephemeral: reply.ephemeral });
    return this.#message(Routes.followup(applicationId, interactionToken), body, options);
  }

  /**
   * Posts a message in a channel (a DM channel included). With a `nonce`, Discord creates the message once:
   * sending it again with the same nonce within a few minutes returns the first message (`enforce_nonce`),
   * which makes a retried send idempotent.
   */
  async createMessage(
    channelId: string,
    message: MessageContent,
    options: CreateMessageOptions = {},
  ): Promise<SentMessage> {
    const { nonce, ...requestOptions } = options;
    const body =
      nonce === undefined
        ? toMessageJson(message)
        : { ...toMessageJson(message), nonce, enforce_nonce: true };
    return this.#message(Routes.channelMessages(channelId), body, requestOptions);
  }

  /** Opens (or finds) the DM channel with `userId`; returns its id. */
  async createDm(userId: string, options?: RequestOptions): Promise<string> {
    const route = Routes.dmChannels();
    const body = await this.#pipeline.send(route, { body: { recipient_id: userId } }, options);
    const id = (body as { id?: unknown } | undefined)?.id;
    if (typeof id !== 'string') throw malformed(route);
    return id;
  }

  /** Opens the DM channel with `userId` and posts `message` there: two requests, each with its own wait budget. */
  async sendDirectMessage(
    userId: string,
    message: MessageContent,
    options: CreateMessageOptions = {},
  ): Promise<SentMessage> {
    const { nonce: _nonce, ...requestOptions } = options;
    return this.createMessage(await this.createDm(userId, requestOptions), message, options);
  }

  /** Gives a member a role; adding a role the member has is a no-op on Discord's side, so this is idempotent. */
  async addMemberRole(
    guildId: string,
    userId: string,
    roleId: string,
    options: AddMemberRoleOptions = {},
  ): Promise<void> {
    const { reason, ...requestOptions } = options;
    // Discord reads the reason URL-encoded, so any text survives the trip through a header.
    const headers = reason === undefined ? undefined : { 'x-audit-log-reason': encodeURIComponent(reason) };
    await this.#pipeline.send(
      Routes.memberRole(guildId, userId, roleId),
      headers === undefined ? {} : { headers },
      requestOptions,
    );
  }

  /** Stops the breaker. The Redis connection is the caller's. Idempotent. */
  close(): void {
    this.#pipeline.breaker.shutdown();
  }

  async #message(
    route: DiscordRoute,
    body: unknown,
    options: RequestOptions | undefined,
  ): Promise<SentMessage> {
    const answer = (await this.#pipeline.send(route, { body }, options)) as
      { id?: unknown; channel_id?: unknown } | undefined;
    if (typeof answer?.id !== 'string' || typeof answer.channel_id !== 'string') throw malformed(route);
    return { id: answer.id, channelId: answer.channel_id };
  }
}

function malformed(route: DiscordRoute): DiscordUnavailableError {
  return new DiscordUnavailableError(route, {
    networkCode: 'BAD_RESPONSE',
    detail: 'unexpected answer body',
  });
}
