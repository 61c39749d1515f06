import { once } from 'node:events';
import { Client, GatewayIntentBits, MessageFlags, type ChatInputCommandInteraction } from 'discord.js';
import { SimClient, startSimulator, type Simulator } from '../src/index.js';

// An unmodified discord.js Client, pointed at the simulator with `rest.api` only, does what a bot does:
// log in, register commands, answer interactions three ways. The simulator's record must match.
describe('discord.js Client against the simulator', () => {
  let sim: Simulator;
  let api: SimClient;
  let client: Client;
  const seen: string[] = [];

  beforeAll(async () => {
    sim = await startSimulator({ population: { count: 3, membersPerGuild: 10 } });
    api = new SimClient(sim.controlUrl);
    client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: sim.restUrl } });
    client.on('interactionCreate', (interaction) => {
      if (interaction.isChatInputCommand()) void answer(interaction);
    });
    const ready = once(client, 'clientReady');
    await client.login(sim.botToken);
    await ready;
  }, 20_000);

  afterAll(async () => {
    await client.destroy();
    await sim.close();
  });

  async function answer(interaction: ChatInputCommandInteraction): Promise<void> {
    seen.push(interaction.commandName);
    if (interaction.commandName === 'ping') {
      await interaction.reply({ content: `pong <@${interaction.user.id}>`, allowedMentions: { parse: [] } });
    } else if (interaction.commandName === 'slow') {
      await interaction.deferReply({ flags: MessageFlags.Ephemeral });
      await interaction.editReply(`done for ${interaction.options.getInteger('amount')}`);
      await interaction.followUp({ content: 'and one more thing' });
    }
  }

  it('becomes ready with every guild available', () => {
    expect(client.guilds.cache.size).toBe(3);
    expect(client.guilds.cache.every((g) => g.available)).toBe(true);
    expect(client.user?.id).toBe(sim.applicationId);
    expect(client.application?.id).toBe(sim.applicationId);
  });

  it('registers commands with a bulk PUT', async () => {
    const registered = await client.application!.commands.set([
      { name: 'ping', description: 'Replies' },
      { name: 'slow', description: 'Defers', options: [{ name: 'amount', description: 'n', type: 4 }] },
    ]);
    expect([...registered.values()].map((c) => c.name).sort()).toEqual(['ping', 'slow']);
    const { commands } = await api.commands();
    expect(commands.map((c) => c.name).sort()).toEqual(['ping', 'slow']);
  });

  it('records a type 4 reply, with who it would ping', async () => {
    const g = client.guilds.cache.first()!;
    const { memberIds } = await api.members(g.id, 0, 1);
    const { id } = await api.dispatchInteraction({ guildId: g.id, userId: memberIds[0]!, command: 'ping' });
    const timeline = await api.waitForInteraction(id, (t) => t.acknowledgement !== null);
    expect(timeline.acknowledgement).toMatchObject({ type: 4, ephemeral: false });
    expect(timeline.acknowledgement!.latencyMs).toBeLessThan(3000);
    expect(timeline.content).toBe(`pong <@${memberIds[0]}>`);
    expect(timeline.violations).toEqual([]);
    const { messages } = await api.channelMessages(timeline.channelId);
    const reply = messages.find((m) => m.content === timeline.content);
    expect(reply?.pings).toEqual({ users: [], roles: [], everyone: false });
  });

  it('records a deferred reply, its edit and a follow-up', async () => {
    const g = client.guilds.cache.last()!;
    const { memberIds } = await api.members(g.id, 0, 2);
    const { id } = await api.dispatchInteraction({
      guildId: g.id,
      userId: memberIds[1]!,
      command: 'slow',
      options: { amount: 7 },
    });
    const timeline = await api.waitForInteraction(id, (t) => t.followUps.length > 0);
    expect(timeline.acknowledgement).toMatchObject({ type: 5, ephemeral: true });
    expect(timeline.edits.map((e) => e.content)).toEqual(['done for 7']);
    expect(timeline.content).toBe('done for 7');
    expect(timeline.followUps.map((f) => f.content)).toEqual(['and one more thing']);
    expect(timeline.violations).toEqual([]);
    // The ephemeral original stays out of the channel; the follow-up is public.
    const { messages } = await api.channelMessages(timeline.channelId);
    expect(messages.map((m) => m.content)).toContain('and one more thing');
    expect(messages.map((m) => m.content)).not.toContain('done for 7');
    const stats = await api.stats();
    expect(stats).toMatchObject({
      dispatched: 2,
      acknowledged: 2,
      lateAcknowledgements: 0,
      doubleAcknowledgements: 0,
      identifies: 1,
    });
    expect(seen).toEqual(['ping', 'slow']);
  });

  it("hands discord.js's JSON.parse a raw 2^53 + 1, which it reads as the nearest double", async () => {
    const g = client.guilds.cache.first()!;
    const { memberIds } = await api.members(g.id, 0, 1);
    const { id } = await api.dispatchRawInteraction({
      guildId: g.id,
      userId: memberIds[0]!,
      command: 'slow',
      dataJson: { options: '[{"name":"amount","type":4,"value":9007199254740993}]' },
    });
    const timeline = await api.waitForInteraction(id, (t) => t.followUps.length > 0);
    expect(timeline.content).toBe(`done for ${2 ** 53}`);
    expect(timeline.violations).toEqual([]);
  });
});
