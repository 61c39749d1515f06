import type { CommandReply } from '@droas/contracts';
import {
  DiscordApiError,
  DiscordErrorCode,
  DiscordUnavailableError,
  SendDeadlinePassedError,
  isDiscordApiError,
  type DiscordRestClient,
  type InteractionResponse,
} from '@droas/discord-rest';
import { CircuitOpenError, RateLimitedError } from '@droas/resilience';
import type { AckDiscord, AckTarget, SendLimits, SendOutcome, WebhookOutcome } from './ackDiscord.js';

// Failures of a connection before the request could have reached Discord.
const NEVER_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/**
 * The protocol's Discord, through the workers' REST client: acknowledgements get a time limit and a send-by
 * time of their own and never wait for a rate limit (`maxWaitMs: 0`: a 429 comes back at once with its
 * `Retry-After`, and the protocol decides whether a retry can still land in time). Nothing here retries by
 * itself. The send-by time is on `Date.now()`'s clock, which is the REST client's and the protocol's.
 */
export function restAckDiscord(rest: DiscordRestClient): AckDiscord {
  const acknowledge = async (
    ix: AckTarget,
    response: InteractionResponse,
    { timeoutMs, sendByMs }: SendLimits,
  ): Promise<SendOutcome> => {
    try {
      await rest.createInteractionResponse(ix.id, ix.token, response, {
        maxWaitMs: 0,
        timeoutMs,
        sendBy: sendByMs,
      });
      return { kind: 'landed' };
    } catch (error) {
      return classifySendError(error);
    }
  };
  return {
    respond: (ix, reply, limits) => acknowledge(ix, reply, limits),
    defer: (ix, ephemeral, limits) => acknowledge(ix, { type: 5, ephemeral }, limits),
    async originalResponse(ix) {
      const original = await rest.getOriginalResponse(ix.applicationId, ix.token);
      return original === undefined
        ? { kind: 'none' }
        : { kind: 'exists', ephemeral: original.ephemeral, loading: original.loading };
    },
    editOriginal: (ix: AckTarget, reply: CommandReply) =>
      webhook(() => rest.editOriginalResponse(ix.applicationId, ix.token, reply)),
    followUp: (ix: AckTarget, reply: CommandReply) =>
      webhook(() => rest.createFollowup(ix.applicationId, ix.token, reply)),
  };
}

async function webhook(call: () => Promise<unknown>): Promise<WebhookOutcome> {
  try {
    await call();
    return 'sent';
  } catch (error) {
    if (isDiscordApiError(error, DiscordErrorCode.InvalidWebhookToken)) return 'expired';
    if (isDiscordApiError(error, DiscordErrorCode.UnknownWebhook, DiscordErrorCode.UnknownMessage)) {
      return 'missing';
    }
    throw error;
  }
}

/** What a failed acknowledgement means for the protocol: did it land, might it have, can it be retried. */
export function classifySendError(error: unknown): SendOutcome {
  if (isDiscordApiError(error, DiscordErrorCode.InteractionAlreadyAcknowledged)) {
    return { kind: 'already-acknowledged' };
  }
  if (isDiscordApiError(error, DiscordErrorCode.UnknownInteraction)) return { kind: 'unknown-interaction' };
  if (error instanceof RateLimitedError || error instanceof CircuitOpenError) {
    return { kind: 'not-landed', retryAfterMs: error.retryAfterMs, error };
  }
  // Never sent: it would have gone too late to land.
  if (error instanceof SendDeadlinePassedError) return { kind: 'not-landed', retryAfterMs: undefined, error };
  // Any other 4xx: Discord read the request and refused it.
  if (error instanceof DiscordApiError) return { kind: 'not-landed', retryAfterMs: undefined, error };
  if (error instanceof DiscordUnavailableError && error.status === undefined && NEVER_SENT.has(error.code)) {
    return { kind: 'not-landed', retryAfterMs: 100, error };
  }
  return { kind: 'uncertain', error };
}
