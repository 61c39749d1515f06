import type { CommandReply, Snowflake } from '@droas/contracts';
import type { InteractionRef } from './ackStore.js';

/** An interaction the protocol can answer: its record, and what its REST calls need. */
export interface AckTarget extends InteractionRef {
  readonly applicationId: Snowflake;
  /** A secret: it goes into REST paths only, never into logs. */
  readonly token: string;
}

/**
 * What became of one acknowledgement request, in the terms the protocol acts on: whether it may have landed.
 */
export type SendOutcome =
  /** Discord accepted it: this was the interaction's acknowledgement. */
  | { readonly kind: 'landed' }
  /** 40060: someone acknowledged first. */
  | { readonly kind: 'already-acknowledged' }
  /** 10062: too late (or no such interaction): nobody can acknowledge it any more. */
  | { readonly kind: 'unknown-interaction' }
  /**
   * It surely did not land (a 429, a budget or breaker that refused to send, its send-by time passed, a
   * refused connection, another 4xx). `retryAfterMs` when a later try may succeed.
   */
  | { readonly kind: 'not-landed'; readonly retryAfterMs: number | undefined; readonly error: unknown }
  /** It may have landed: a 5xx, a reset connection, no answer in time. Ask Discord. */
  | { readonly kind: 'uncertain'; readonly error: unknown };

/**
 * The limits of one acknowledgement request: `timeoutMs` for the exchange; `sendByMs`, the time (epoch ms, on
 * the protocol's clock) after which it is not sent at all, checked as late as possible before it goes, so
 * nothing that waited on a slow Redis or a busy process starts too late to land before Discord's deadline.
 * Not sent for that reason is `not-landed`.
 */
export interface SendLimits {
  readonly timeoutMs: number;
  readonly sendByMs: number;
}

/** How Discord has the interaction's first response: not at all, or acknowledged in some way. */
export type OriginalResponseView =
  | { readonly kind: 'none' }
  | {
      readonly kind: 'exists';
      readonly ephemeral: boolean;
      /** Still the "thinking…" of a deferral: the acknowledgement was a type 5. */
      readonly loading: boolean;
    };

/**
 * What the protocol needs from Discord. `respond` and `defer` never throw: they say what became of the
 * request. The rest throw the REST client's errors, which say what to do (retry, come back later, give up).
 */
export interface AckDiscord {
  /** The acknowledgement with the answer itself (callback type 4). */
  respond(ix: AckTarget, reply: CommandReply, limits: SendLimits): Promise<SendOutcome>;
  /** The acknowledgement that buys time (callback type 5, "thinking…"). */
  defer(ix: AckTarget, ephemeral: boolean, limits: SendLimits): Promise<SendOutcome>;
  /** `GET …/messages/@original`: whether and how the interaction was acknowledged. */
  originalResponse(ix: AckTarget): Promise<OriginalResponseView>;
  /** Replaces the first response with the answer (after a deferral, or to repeat an answer). */
  editOriginal(ix: AckTarget, reply: CommandReply): Promise<WebhookOutcome>;
  /** Another message for the acknowledged interaction. */
  followUp(ix: AckTarget, reply: CommandReply): Promise<WebhookOutcome>;
}

/**
 * What became of an edit or a follow-up that Discord refused for good: `expired`, the token is older than
 * 15 minutes (50027); `missing`, there is no response to edit (10015, 10008: never acknowledged, or deleted).
 * Other failures are thrown.
 */
export type WebhookOutcome = 'sent' | 'expired' | 'missing';
