import type { RouteOutcome } from '../world/eventGateway.js';
import { RawJson } from '../world/rawJson.js';
import { shardOf } from '../world/snowflake.js';
import type { GatewaySession } from './gatewaySession.js';

/**
 * Which sessions hold which shard, per shard count. An event goes to every session of the shard that owns its
 * guild, `(guild_id >> 22) % shard_count`, under every shard count in use, when the session's intents allow.
 * Several sessions may hold the same `[shard_id, num_shards]` and each gets every event: Discord allows it
 * (docs `events/gateway.mdx`, "Sharding"), which is how a handover sees duplicates.
 */
export class ShardRouter {
  readonly #byCount = new Map<number, (Set<GatewaySession> | undefined)[]>();

  claim(session: GatewaySession): void {
    let shards = this.#byCount.get(session.shardCount);
    if (!shards) {
      shards = new Array<Set<GatewaySession> | undefined>(session.shardCount);
      this.#byCount.set(session.shardCount, shards);
    }
    (shards[session.shardId] ??= new Set()).add(session);
  }

  release(session: GatewaySession): void {
    const shards = this.#byCount.get(session.shardCount);
    const holders = shards?.[session.shardId];
    if (!shards || !holders?.delete(session) || holders.size > 0) return;
    shards[session.shardId] = undefined;
    if (shards.every((s) => s === undefined)) this.#byCount.delete(session.shardCount);
  }

  owns(session: GatewaySession): boolean {
    return this.#byCount.get(session.shardCount)?.[session.shardId]?.has(session) ?? false;
  }

  sessions(): GatewaySession[] {
    const all: GatewaySession[] = [];
    for (const shards of this.#byCount.values())
      for (const holders of shards) if (holders) for (const s of holders) all.push(s);
    return all;
  }

  /** Sessions holding `shardId`, optionally only for one shard count. */
  sessionsOfShard(shardId: number, shardCount?: number): GatewaySession[] {
    return this.sessions().filter(
      (s) => s.shardId === shardId && (shardCount === undefined || s.shardCount === shardCount),
    );
  }

  /**
   * Sends one event to every session holding the owning shard. `data` is serialized once, and only if someone
   * takes it; a {@link RawJson} is written as its text.
   */
  route(guildId: string | null, eventName: string, data: unknown, intent: number): RouteOutcome {
    const outcome: RouteOutcome = { delivered: 0, filtered: 0, shardId: null };
    let json: string | undefined;
    for (const [count, shards] of this.#byCount) {
      const shardId = shardOf(guildId, count);
      const holders = shards[shardId];
      if (!holders) continue;
      outcome.shardId ??= shardId;
      for (const session of holders) {
        if (intent !== 0 && (session.intents & intent) === 0) {
          outcome.filtered += 1;
          continue;
        }
        json ??= data instanceof RawJson ? data.text : JSON.stringify(data);
        session.dispatch(eventName, json);
        session.routedEvents += 1;
        outcome.delivered += 1;
      }
    }
    return outcome;
  }

  reset(): void {
    this.#byCount.clear();
  }
}
