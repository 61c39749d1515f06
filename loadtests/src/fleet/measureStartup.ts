import type { IdentifyLimiterOptions, SessionInfo } from '@droas/discord-sim';
import { redisPrimaries } from '@droas/runtime';
import type { Cluster, Redis } from 'ioredis';
import type { FleetStack } from './fleetStack.js';
import { identifyFloor } from './identifyFloor.js';

/** How long the fleet took to start, beside the least Discord's identify rules allow. */
export interface StartupFigures {
  shards: number;
  identifyRules: IdentifyLimiterOptions;
  /** Identifies the busiest bucket makes one after another. */
  identifyRounds: number;
  /** `(rounds − 1) × window`: the least time from the first identify to the last. */
  identifyFloorMs: number;
  /** Start of the hosts to every host ready (every cluster's shards READY and their guilds received). */
  allReadyMs: number;
  /** Start to each host ready, by host index. */
  hostReadyMs: number[];
  /** Start to the first IDENTIFY the simulator accepted: the processes' boot. */
  firstIdentifyMs: number;
  /** First accepted IDENTIFY to the last (compare with identifyFloorMs). */
  identifySpanMs: number;
  /** Last accepted IDENTIFY to every host ready: the last shards' READY, guilds and readiness. */
  tailMs: number;
  /** IDENTIFYs the simulator accepted, and turned away (op 9 for a busy bucket, or a bad identify). */
  identifies: number;
  identifiesRejected: number;
  /** Shards whose every GUILD_CREATE the gateway handled (its saved sequence reached the simulator's). */
  shardsWithAllGuilds: number;
}

const POLL_MS = 100;

/**
 * Waits for every host to be ready (`/readyz`: each of its clusters has all its shards READY, which in
 * discord.js means each shard's guilds have arrived), then reads the simulator's side: when each shard's
 * IDENTIFY was accepted, and how many were turned away. Then checks that the gateway handled every
 * GUILD_CREATE sent: each shard's checkpointed sequence in Redis reaches the simulator's sequence for it.
 */
export async function measureStartup(
  stack: FleetStack,
  startedAt: number,
  totalShards: number,
  timeoutMs: number,
): Promise<StartupFigures> {
  const hostReadyAt = await waitForHosts(stack, timeoutMs);
  const allReadyAt = Math.max(...hostReadyAt);
  const [rules, { sessions }, stats] = await Promise.all([
    stack.sim.identifyRules(),
    stack.sim.sessions(),
    stack.sim.stats(),
  ]);
  const current = sessions.filter((s) => s.shardCount === totalShards);
  const identified = current.map((s) => s.identifiedAtMs).sort((a, b) => a - b);
  const first = identified[0] ?? startedAt;
  const last = identified.at(-1) ?? startedAt;
  const floor = identifyFloor(
    current.map((s) => s.shardId),
    rules,
  );
  return {
    shards: new Set(current.map((s) => s.shardId)).size,
    identifyRules: rules,
    identifyRounds: floor.rounds,
    identifyFloorMs: floor.floorMs,
    allReadyMs: allReadyAt - startedAt,
    hostReadyMs: hostReadyAt.map((t) => t - startedAt),
    firstIdentifyMs: first - startedAt,
    identifySpanMs: last - first,
    tailMs: allReadyAt - last,
    identifies: stats.identifies,
    identifiesRejected: stats.identifyRejected,
    shardsWithAllGuilds: await shardsWithAllGuilds(stack, current, totalShards),
  };
}

async function waitForHosts(stack: FleetStack, timeoutMs: number): Promise<number[]> {
  const readyAt: (number | undefined)[] = stack.hosts.map(() => undefined);
  const deadline = Date.now() + timeoutMs;
  while (readyAt.some((t) => t === undefined)) {
    if (Date.now() > deadline) {
      const waiting = readyAt.flatMap((t, i) => (t === undefined ? [i] : []));
      throw new Error(`gateway hosts ${waiting.join(', ')} not ready within ${timeoutMs} ms`);
    }
    await Promise.all(
      stack.hosts.map(async (host, i) => {
        if (readyAt[i] !== undefined) return;
        const ok = await fetch(`${host.opsUrl}/readyz`, { signal: AbortSignal.timeout(2_000) })
          .then((r) => r.ok)
          .catch(() => false);
        if (ok) readyAt[i] = Date.now();
      }),
    );
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
  return readyAt as number[];
}

/**
 * Shards whose saved gateway sequence (written a few times a second by the cluster, after the dispatches
 * before it were handled) has reached the simulator's sequence for that session: READY and every
 * GUILD_CREATE after it went through the gateway. Waits up to 10 s for the last saves.
 */
async function shardsWithAllGuilds(
  stack: FleetStack,
  sessions: readonly SessionInfo[],
  totalShards: number,
): Promise<number> {
  const me = (await (
    await fetch(`${stack.restUrl}/v10/users/@me`, { headers: { authorization: `Bot ${stack.botToken}` } })
  ).json()) as { id: string };
  const deadline = Date.now() + 10_000;
  for (;;) {
    const saved = await savedSequences(stack.redis, `${stack.prefix}:*session:${me.id}:${totalShards}:*`);
    const complete = sessions.filter((s) => (saved.get(s.shardId) ?? -1) >= s.seq).length;
    if (complete === sessions.length || Date.now() > deadline) return complete;
    await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * The gateway's saved session records, by shard (the key's last part). Found by pattern, on every primary of a
 * cluster: the records' namespace (`<prefix>:session`, hash-tagged on a cluster) is the gateway's own.
 */
async function savedSequences(redis: Redis | Cluster, pattern: string): Promise<Map<number, number>> {
  const nodes = redisPrimaries(redis);
  const out = new Map<number, number>();
  for (const node of nodes) {
    let cursor = '0';
    do {
      const [next, keys] = await node.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
      cursor = next;
      const values = await Promise.all(keys.map((k) => node.get(k)));
      keys.forEach((key, i) => {
        const sequence = (JSON.parse(values[i] ?? '{}') as { sequence?: unknown }).sequence;
        if (typeof sequence === 'number') out.set(Number(key.slice(key.lastIndexOf(':') + 1)), sequence);
      });
    } while (cursor !== '0');
  }
  return out;
}
