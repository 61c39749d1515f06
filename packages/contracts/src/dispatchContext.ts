import type { GuildGlance } from './memberUser.js';
import { DISCORD_EPOCH_MS } from './snowflake.js';

/** What the gateway knows about a dispatch besides its payload. */
export interface DispatchContext {
  /** The shard whose connection received the dispatch. */
  readonly shardId: number;
  /** When the gateway received it, Unix ms. */
  readonly receivedAtMs: number;
  /** The guild as the gateway knows it after this event, for member events (when it knows it). */
  readonly guild?: GuildGlance;
}

/**
 * Throws a `RangeError` unless `ctx` holds a non-negative integer shard and a millisecond time since 2015.
 * The context comes from our own code, so a bad one is a programmer mistake, not bad input.
 */
export function assertDispatchContext(ctx: DispatchContext): void {
  if (!Number.isSafeInteger(ctx.shardId) || ctx.shardId < 0) {
    throw new RangeError(`shardId must be a non-negative integer, got ${ctx.shardId}`);
  }
  if (!Number.isSafeInteger(ctx.receivedAtMs) || ctx.receivedAtMs < DISCORD_EPOCH_MS) {
    throw new RangeError(`receivedAtMs must be whole Unix milliseconds since 2015, got ${ctx.receivedAtMs}`);
  }
}
