import { INTERACTION_TOKEN_LIFETIME_MS } from './interactionJob.js';

/**
 * What the `ack:<id>` claim (see `ackClaimKey`) holds: the one protocol the gateway's guard and the worker
 * share (ARCHITECTURE §4). A worker is sending its callback / its callback was accepted / it answered a
 * public deferral privately with a follow-up; the gateway is deferring / its deferral was accepted. A party
 * whose request fails deletes its own "…ing" value with {@link RELEASE_ACK_CLAIM_SCRIPT}, so the other can
 * still acknowledge in time.
 */
export const ACK_CLAIM = {
  WorkerSending: 'worker',
  WorkerAnswered: 'worker-answered',
  WorkerFollowedUp: 'worker-followed-up',
  GatewayDeferring: 'gateway',
  GatewayDeferred: 'gateway-deferred',
} as const;

/** One of {@link ACK_CLAIM}. */
export type AckClaimValue = (typeof ACK_CLAIM)[keyof typeof ACK_CLAIM];

/** Discord refuses an interaction's first response (callback) this long after its creation: 10062, or 40060. */
export const ACK_DEADLINE_MS = 3_000;

/** A settled claim lives as long as the interaction token: until then, whoever comes second must edit. */
export const ACK_CLAIM_TTL_MS = INTERACTION_TOKEN_LIFETIME_MS;

/** Lua: deletes KEYS[1] only if it still holds ARGV[1], so a party never releases someone else's claim. */
export const RELEASE_ACK_CLAIM_SCRIPT = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;
