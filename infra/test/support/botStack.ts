import { startSimulator, type InteractionTimeline, type Simulator } from '@droas/discord-sim';
import {
  eventually,
  startGateway,
  startWorker,
  type RunningGateway,
  type RunningWorker,
} from '@droas/testkit';

/** The simulator, one gateway host (one shard) and worker replicas, on the Redis and Postgres given. */
export interface BotStack {
  sim: Simulator;
  gateway: RunningGateway;
  workers: RunningWorker[];
  /** Dispatches a command from the next member of the first guild; returns the interaction id. */
  dispatch(command: string): string;
  /** Waits until every interaction has its final answer. */
  waitAnswered(ids: readonly string[], timeoutMs?: number): Promise<InteractionTimeline[]>;
  close(): Promise<void>;
}

export async function startBotStack(options: {
  redisUrl: string;
  prefix: string;
  databaseUrl: string;
  workers: number;
  workerEnv?: Record<string, string>;
}): Promise<BotStack> {
  const sim = await startSimulator({ population: { count: 1, membersPerGuild: 500 } });
  const gateway = await startGateway({
    discord: sim,
    redisUrl: options.redisUrl,
    prefix: options.prefix,
    totalShards: 1,
    shardsPerCluster: 1,
  });
  const workers: RunningWorker[] = [];
  for (let i = 0; i < options.workers; i++) {
    workers.push(
      await startWorker({
        discord: sim,
        redisUrl: options.redisUrl,
        prefix: options.prefix,
        databaseUrl: options.databaseUrl,
        ...(options.workerEnv && { env: options.workerEnv }),
      }),
    );
  }
  const guild = sim.state.population.guilds()[0]!;
  let next = 0;
  return {
    sim,
    gateway,
    workers,
    dispatch(command) {
      const userId = sim.state.population.memberIds(guild, next++ % guild.memberCount, 1)[0]!;
      return sim.state.dispatchInteraction({ guildId: guild.id, userId, command }).id;
    },
    waitAnswered: (ids, timeoutMs = 30_000) =>
      eventually(
        () => {
          const all = ids.map((id) => sim.state.ledger.get(id)?.timeline);
          return all.every((t) => t?.content !== null && t?.content !== undefined)
            ? (all as InteractionTimeline[])
            : undefined;
        },
        timeoutMs,
        'every interaction answered',
      ),
    async close() {
      await Promise.all(workers.map((w) => w.stop()));
      await gateway.stop();
      await sim.close();
    },
  };
}
