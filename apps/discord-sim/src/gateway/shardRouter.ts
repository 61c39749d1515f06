import type { RouteOutcome } from '../world/eventGateway.js';
import { RawJson } from '../world/rawJson.js';
import { shardOf } from '../world/snowflake.js';
import type { GatewaySession } from './gatewaySession.js';

/**
 * Which session holds which shard, per shard count (two bots with different counts may be connected). Events go
 * only to the owner of the guild, `(guild_id >> 22) % shard_count`, and only when its intents allow.
 */
export class ShardRouter {
  readonly #byCount = new Map<number, (GatewaySession | undefined)[]>();

  claim(session: GatewaySession): GatewaySession | undefined {
    let shards = this.#byCount.get(session.shardCount);
    if (!shards)
      this.#byCount.set(
        session.shardCount,
        (shards = new Array<GatewaySession | undefined>(session.shardCount)),
      );
    const previous = shards[session.shardId];
    shards[session.shardId] = session;
    return previous === session ? undefined : previous;
  }

  release(session: GatewaySession): void {
    const shards = this.#byCount.get(session.shardCount);
    if (shards?.[session.shardId] === session) shards[session.shardId] = undefined;
  }

  owns(session: GatewaySession): boolean {
    return this.#byCount.get(session.shardCount)?.[session.shardId] === session;
  }

  sessions(): GatewaySession[] {
    const all: GatewaySession[] = [];
    for (const shards of this.#byCount.values()) for (const s of shards) if (s) all.push(s);
    return all;
  }

  /** Sessions holding `shardId`, optionally only for one shard count. */
  sessionsOfShard(shardId: number, shardCount?: number): GatewaySession[] {
    return this.sessions().filter(
      (s) => s.shardId === shardId && (shardCount === undefined || s.shardCount === shardCount),
    );
  }

  /**
   * Sends one event to the owning session of each shard count. `data` is serialized once, and only if someone
   * takes it; a {@link RawJson} is written as its text.
   */
  route(guildId: string | null, eventName: string, data: unknown, intent: number): RouteOutcome {
    const outcome: RouteOutcome = { delivered: 0, filtered: 0, shardId: null };
    let json: string | undefined;
    for (const [count, shards] of this.#byCount) {
      const shardId = shardOf(guildId, count);
      const session = shards[shardId];
      if (!session) continue;
      outcome.shardId ??= shardId;
      if (intent !== 0 && (session.intents & intent) === 0) {
        outcome.filtered += 1;
        continue;
      }
      json ??= data instanceof RawJson ? data.text : JSON.stringify(data);
      session.dispatch(eventName, json);
      outcome.delivered += 1;
    }
    return outcome;
  }

  reset(): void {
    this.#byCount.clear();
  }
}
