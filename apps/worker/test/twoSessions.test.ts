import type { GuildRecord } from '@droas/discord-sim';
import { eventually, metricSum, startGateway, type RunningGateway } from '@droas/testkit';
import { MANAGE_GUILD } from './support/economyOptions';
import { greetingOptions } from './support/greetingOptions';
import { startWorkerStack, type WorkerStack } from './support/workerStack';

// Two copies of the same shards, run side by side on purpose: what a handover's overlap or a zombie does.
const COPY_A = { GATEWAY_REPLICA: 'a' };
const COPY_B = { GATEWAY_REPLICA: 'b' };

/**
 * Two live sessions on every shard: Discord delivers each event to both, both gateways enqueue it, and every
 * effect still happens once (an interaction answered once, a member greeted once), while each duplicate is
 * counted where it was absorbed.
 */
describe('duplicate deliveries from two sessions on the same shards', () => {
  let stack: WorkerStack;
  let second: RunningGateway;

  beforeAll(async () => {
    stack = await startWorkerStack({
      workers: 1,
      sim: { population: { count: 4, membersPerGuild: 30 } },
      gatewayEnv: COPY_A,
    });
    second = await startGateway({
      discord: stack.sim,
      redisUrl: stack.ns.url,
      prefix: stack.ns.prefix,
      totalShards: 2,
      shardsPerCluster: 2,
      env: COPY_B,
    });
  }, 120_000);

  afterAll(async () => {
    await second?.stop();
    await stack?.close();
  }, 60_000);

  it('answers every interaction once, greets every member once, and counts each duplicate', async () => {
    const sessions = (await (await fetch(`${stack.sim.controlUrl}/sessions`)).json()) as {
      sessions: { shardId: number; connected: boolean }[];
    };
    expect(
      sessions.sessions
        .filter((s) => s.connected)
        .map((s) => s.shardId)
        .sort(),
    ).toEqual([0, 0, 1, 1]);
    const duplicatesBefore = await duplicates();
    const statsBefore = stack.sim.state.stats.toJSON();

    const guild: GuildRecord = stack.sim.state.population.guilds()[0]!;
    const population = stack.sim.state.population;
    const admin = population.memberIds(guild, 0, 1)[0]!;
    const channelId = population.channelId(guild, 1);
    const configure = async (sub: string, values?: Record<string, string>) => {
      const { id } = stack.sim.state.dispatchInteraction({
        guildId: guild.id,
        userId: admin,
        command: 'welcome',
        options: greetingOptions(sub, values),
        permissions: MANAGE_GUILD,
      });
      await stack.waitAnswered([id]);
    };
    await configure('channel', { channel: channelId });
    await configure('message', { text: 'Welcome {user}!' });
    await configure('enable');

    const commands = Array.from({ length: 40 }, () => stack.dispatch('balance'));
    const joiners = Array.from({ length: 20 }, () => population.createUser());
    for (const userId of joiners) stack.sim.state.memberJoin(guild.id, userId);
    const answered = await stack.waitAnswered(commands);
    expect(answered.every((t) => t.content !== null)).toBe(true);
    const greeted = await eventually(
      () => {
        const messages = stack.sim.state.messages.list(channelId).filter((r) => r.deletedAtMs === undefined);
        return joiners.every((u) => messages.some((m) => m.message.content.includes(`<@${u}>`)))
          ? messages
          : undefined;
      },
      30_000,
      'every joiner greeted',
    );
    await new Promise((r) => setTimeout(r, 1_500));
    const stats = stack.sim.state.stats.toJSON();

    // Once each: one greeting per member, one acknowledgement per interaction.
    for (const userId of joiners) {
      expect(greeted.filter((m) => m.message.content.includes(`<@${userId}>`))).toHaveLength(1);
    }
    expect(stats.doubleAcknowledgements - statsBefore.doubleAcknowledgements).toBe(0);
    expect(stats.lateAcknowledgements - statsBefore.lateAcknowledgements).toBe(0);
    // Every event that became a job arrived twice: each second copy is counted, once across both hosts.
    const events = 3 + commands.length + joiners.length;
    const counted = (await duplicates()) - duplicatesBefore;
    console.info(
      `two sessions per shard: ${events} events delivered twice; duplicates counted ${counted}; ` +
        `${commands.length} interactions answered once, ${joiners.length} members greeted once`,
    );
    expect(counted).toBe(events);
  }, 120_000);

  async function duplicates(): Promise<number> {
    const texts = await Promise.all(
      [stack.gateway, second].map(async (g) => (await fetch(`${g.managerOpsUrl}/metrics`)).text()),
    );
    return texts
      .map((t) => metricSum(t, 'droas_gateway_duplicate_events_total', {}))
      .reduce((a, b) => a + b, 0);
  }
});
