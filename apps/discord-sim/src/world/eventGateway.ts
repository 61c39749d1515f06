/** What became of one event handed to the gateway. */
export interface RouteOutcome {
  /** Sessions that took the event (sent, or buffered for a resume). */
  delivered: number;
  /** Sessions that own the guild but whose intents exclude the event. */
  filtered: number;
  /** Shard id (within the first matching shard count) that owns the guild, null when none is connected. */
  shardId: number | null;
}

/**
 * What the simulated Discord needs of its gateway: events delivered to the bot's shards, and every session
 * forgotten when Discord is reset. The gateway depends on the world, never the other way round.
 */
export interface EventGateway {
  /**
   * Sends one event to the shard that owns `guildId` (shard 0 without a guild), if its intents allow. `data`
   * is written with JSON.stringify, or is a `RawJson` whose text goes into the frame as it is.
   */
  dispatch(guildId: string | null, eventName: string, data: unknown): RouteOutcome;
  /** Closes every connection and forgets every session and session start. */
  reset(): void;
}
