import { type Snowflake, assertSnowflake } from './snowflake.js';

// Redis keys named by the design. Apps namespace them with their client's key prefix, so these stay bare.

/**
 * `ack:<interactionId>`: the acknowledgement claim (`SET NX`). Whoever wins it, worker with the answer or the
 * gateway's guard with a deferral, sends the one acknowledgement Discord accepts.
 */
export function ackClaimKey(interactionId: Snowflake): string {
  assertSnowflake(interactionId, 'interactionId');
  return `ack:${interactionId}`;
}

/**
 * `dedupe:ix:<interactionId>`: catches a retried or replayed job handling an interaction whose work already
 * ran, after the queue has forgotten the job id.
 */
export function interactionDedupeKey(interactionId: Snowflake): string {
  assertSnowflake(interactionId, 'interactionId');
  return `dedupe:ix:${interactionId}`;
}

/**
 * `dedupe:welcome:<guildId>:<userId>`: one welcome per member in a window, across rejoins, which get new job
 * ids because their join time differs.
 */
export function welcomeDedupeKey(guildId: Snowflake, userId: Snowflake): string {
  assertSnowflake(guildId, 'guildId');
  assertSnowflake(userId, 'userId');
  return `dedupe:welcome:${guildId}:${userId}`;
}
