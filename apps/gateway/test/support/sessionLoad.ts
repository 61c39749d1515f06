import { shardIdForGuild, type MemberJoinJob } from '@droas/contracts';
import { eventually } from '@droas/testkit';
import type { GatewayUnderTest } from './gatewayHarness';

export interface SimSession {
  sessionId: string;
  shardId: number;
  connected: boolean;
  routedEvents: number;
  resumeGapsMs: number[];
}

export interface SentLoad {
  joins: string[];
  interactions: { id: string; shard: number; createdAtMs: number }[];
  seconds: number;
}

/** `perShard` guilds of every shard, so load reaches each one. */
export function guildsOnEveryShard(gut: GatewayUnderTest, totalShards: number, perShard = 2): string[] {
  const all = gut.sim.state.population.guilds().map((g) => g.id);
  return Array.from({ length: totalShards }, (_, shard) =>
    all.filter((g) => shardIdForGuild(g, totalShards) === shard).slice(0, perShard),
  ).flat();
}

/**
 * Joins at ~150-200/s spread over `guilds`, and an interaction with every 10th, until stopped: what a gateway
 * must not lose while its processes come and go.
 */
export function startLoad(
  gut: GatewayUnderTest,
  guilds: string[],
  totalShards: number,
): { stop(): Promise<SentLoad> } {
  const joins: string[] = [];
  const interactions: SentLoad['interactions'] = [];
  const started = Date.now();
  let running = true;
  const loop = (async () => {
    let n = 0;
    while (running) {
      for (let k = 0; k < 4; k++, n++) {
        const guildId = guilds[n % guilds.length]!;
        const join = gut.sim.state.memberJoin(guildId);
        if (!join.delivered) throw new Error(`join to ${guildId} reached no session`);
        joins.push(join.userId);
        if (n % 10 === 0) {
          const guild = gut.sim.state.population.guild(guildId)!;
          const userId = gut.sim.state.population.memberIds(guild, 0, 1)[0]!;
          const ix = gut.sim.state.dispatchInteraction({ guildId, userId, command: 'ping' });
          interactions.push({
            id: ix.id,
            shard: shardIdForGuild(guildId, totalShards),
            createdAtMs: Date.now(),
          });
        }
      }
      await sleep(20);
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return { joins, interactions, seconds: (Date.now() - started) / 1000 };
    },
  };
}

/** Waits until every join is a job, then checks none is there twice. */
export async function expectEveryJoinOnce(gut: GatewayUnderTest, userIds: string[]): Promise<void> {
  const wanted = new Set(userIds);
  const joins = await eventually(
    async () => {
      const jobs = (await gut.jobs(gut.queues.memberEvents)).filter(
        (j) => j.job.kind === 'member-join' && wanted.has(j.job.user.id),
      );
      return jobs.length >= wanted.size ? jobs : undefined;
    },
    30_000,
    'every join enqueued',
  );
  expect(wanted.size).toBe(userIds.length);
  expect(joins).toHaveLength(userIds.length);
  expect(new Set(joins.map((j) => (j.job as MemberJoinJob).user.id)).size).toBe(userIds.length);
}

export async function simSessions(gut: GatewayUnderTest): Promise<SimSession[]> {
  const body = (await (await fetch(`${gut.sim.controlUrl}/sessions`)).json()) as { sessions: SimSession[] };
  return body.sessions;
}

/** Waits until Redis holds a saved session for each of the `totalShards` shards (under `prefix`). */
export async function everySessionSaved(
  gut: GatewayUnderTest,
  prefix: string,
  totalShards: number,
): Promise<void> {
  await eventually(
    async () =>
      (await gut.redis.keys(`${prefix}:{gateway}:session:*`)).length === totalShards ? true : undefined,
    10_000,
    'every session saved',
  );
}

/** Median and maximum of a list of figures. */
export function medianAndMax(values: number[]): { p50: number; max: number } {
  const sorted = [...values].sort((a, b) => a - b);
  return { p50: sorted[Math.floor((sorted.length - 1) / 2)] ?? NaN, max: sorted.at(-1) ?? NaN };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
