import type { GuildRecord } from '@droas/discord-sim';
import { eventually } from '@droas/testkit';
import { MANAGE_GUILD } from './support/economyOptions';
import { greetingOptions } from './support/greetingOptions';
import { startWorkerStack, type WorkerStack } from './support/workerStack';

/**
 * A worker `kill -9` in the middle of a burst of joins: the killed replica may have claimed a batch, sent it
 * and died before recording it. Every member must still be welcomed, and no message sent twice: each
 * message in the channels is one batch's, and each member is in exactly one batch.
 */
describe('kill -9 of a worker during a burst of joins', () => {
  let stack: WorkerStack;

  beforeAll(async () => {
    stack = await startWorkerStack({
      workers: 2,
      sim: { population: { count: 3, membersPerGuild: 10 } },
      // Lost flushes are looked for every 2 s, so the test does not wait out the 15 s default.
      workerEnv: { WELCOME_SWEEP_MS: '2000' },
    });
  }, 120_000);
  afterAll(async () => {
    await stack?.close();
  }, 60_000);

  it('welcomes every member exactly once', async () => {
    const guilds: readonly GuildRecord[] = stack.sim.state.population.guilds();
    const channels = new Map<string, string>();
    for (const guild of guilds) {
      const channelId = stack.sim.state.population.channelId(guild, 1);
      channels.set(guild.id, channelId);
      for (const [sub, values] of [
        ['channel', { channel: channelId }],
        ['message', { text: 'Welcome {user}!' }],
        ['enable', {}],
      ] as const) {
        const { id } = stack.sim.state.dispatchInteraction({
          guildId: guild.id,
          userId: stack.sim.state.population.memberIds(guild, 0, 1)[0]!,
          command: 'welcome',
          options: greetingOptions(sub, values),
          permissions: MANAGE_GUILD,
        });
        await stack.waitAnswered([id]);
      }
    }

    // About 100 joins a second for 3 s over three guilds; the first worker dies a second in.
    const victim = stack.workers[0]!;
    const joined: { guildId: string; userId: string }[] = [];
    const started = Date.now();
    let killed = false;
    while (Date.now() - started < 3_000) {
      if (!killed && Date.now() - started > 1_000) {
        victim.process.child.kill('SIGKILL');
        killed = true;
      }
      const guild = guilds[joined.length % guilds.length]!;
      const { userId } = stack.sim.state.memberJoin(guild.id);
      joined.push({ guildId: guild.id, userId });
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(await victim.process.exited).toBe('SIGKILL');
    await stack.addWorker({ WELCOME_SWEEP_MS: '2000' });

    const rows = await eventually(
      async () => {
        const found = await stack.db.sql<
          { guild_id: string; user_id: string; status: string; message_id: string | null }[]
        >`select guild_id::text, user_id::text, status, message_id::text from greeting_deliveries
          where kind = 'welcome'`;
        return found.length === joined.length && found.every((r) => r.status === 'sent') ? found : undefined;
      },
      90_000,
      'every join welcomed',
    );
    const byMember = new Map(rows.map((r) => [`${r.guild_id}:${r.user_id}`, r]));
    for (const { guildId, userId } of joined)
      expect(byMember.get(`${guildId}:${userId}`)?.status).toBe('sent');

    // Every message in the channels is one batch's, and every batch's message is there, once.
    const sentIds = new Set(rows.map((r) => r.message_id));
    const messages = [...channels.values()].flatMap((c) => stack.sim.state.messages.list(c));
    expect(new Set(messages.map((m) => m.message.id))).toEqual(sentIds);
    expect(messages).toHaveLength(sentIds.size);
    // Named members are pinged once across all messages; nobody else is.
    const pinged = messages.flatMap((m) => m.pings.users);
    expect(new Set(pinged).size).toBe(pinged.length);
    const stats = stack.sim.state.stats.toJSON();
    console.info(
      `${joined.length} joins over a kill -9: ${messages.length} messages, ${stats.rateLimited} 429s, ` +
        `${stats.invalidRequests} invalid requests`,
    );
    expect(stats.rateLimited).toBe(0);
  }, 180_000);
});
