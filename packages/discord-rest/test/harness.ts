import {
  SimClient,
  startSimulator,
  type SeededGuild,
  type Simulator,
  type SimulatorOptions,
} from '@droas/discord-sim';
import { Metrics, RedisNamespace } from '@droas/runtime';
import { createTestRedisNamespace, type TestRedisNamespace } from '@droas/testkit';
import { DiscordRestClient, type DiscordRestOptions } from '../src/index.js';

/** A simulator, a Redis namespace and clients on both; `close` undoes all of it. */
export interface Harness {
  readonly sim: Simulator;
  readonly api: SimClient;
  readonly guild: SeededGuild;
  readonly metrics: Metrics;
  /** A client as one worker replica would hold it: its own Redis connection, the shared namespace. */
  client(overrides?: Partial<DiscordRestOptions>): DiscordRestClient;
  /** Dispatches `/ping` in the guild's first channel; returns its id and token. */
  interaction(): Promise<{ id: string; token: string }>;
  close(): Promise<void>;
}

export async function startHarness(options: SimulatorOptions = {}): Promise<Harness> {
  const ns: TestRedisNamespace = createTestRedisNamespace();
  const sim = await startSimulator(options);
  const api = new SimClient(sim.controlUrl);
  const { guilds } = await api.seedGuilds({
    count: 1,
    channelsPerGuild: 40,
    membersPerGuild: 10,
    memberIdsPerGuild: 10,
  });
  const guild = guilds[0]!;
  const metrics = new Metrics({ collectDefaults: false });
  const clients: DiscordRestClient[] = [];
  return {
    sim,
    api,
    guild,
    metrics,
    client(overrides = {}) {
      const client = new DiscordRestClient({
        token: sim.botToken,
        redis: ns.connect(),
        apiUrl: sim.restUrl,
        namespace: new RedisNamespace(ns.prefix).child('discord'),
        ...overrides,
      });
      clients.push(client);
      return client;
    },
    async interaction() {
      const { id, token } = await api.dispatchInteraction({
        guildId: guild.id,
        userId: guild.memberIds[0]!,
        command: 'ping',
      });
      return { id, token };
    },
    async close() {
      for (const client of clients.splice(0)) client.close();
      await sim.close();
      await ns.cleanup();
    },
  };
}

/** The value of one series in `metrics`, 0 when absent. */
export async function metricValue(
  metrics: Metrics,
  name: string,
  labels: Record<string, string> = {},
): Promise<number> {
  const metric = metrics.registry.getSingleMetric(name);
  if (metric === undefined) return 0;
  const { values } = await metric.get();
  const found = values.find((v) => Object.entries(labels).every(([k, want]) => String(v.labels[k]) === want));
  return found?.value ?? 0;
}

/** The error `promise` rejects with; fails the test if it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}
