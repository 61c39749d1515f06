import { type Snowflake, assertSnowflake } from './snowflake.js';

// Redis keys named by the design. Apps namespace them with their client's key prefix, so these stay bare.
// An interaction's own keys (its acknowledgement claim, admission and done marker) are `@droas/ack-protocol`'s.

/**
 * `dedupe:welcome:<guildId>:<userId>`: one welcome per member in a window, across rejoins, which get new job
 * ids because their join time differs.
 */
export function welcomeDedupeKey(guildId: Snowflake, userId: Snowflake): string {
  assertSnowflake(guildId, 'guildId');
  assertSnowflake(userId, 'userId');
  return `dedupe:welcome:${guildId}:${userId}`;
}
