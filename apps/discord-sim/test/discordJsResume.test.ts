import { once } from 'node:events';
import { Client, GatewayDispatchEvents, GatewayIntentBits, type GatewayDispatchPayload } from 'discord.js';
import { SimClient, startSimulator, type Simulator } from '../src/index.js';

// A forced disconnect of an unmodified discord.js Client: it must RESUME and get every event dispatched while
// it was away, in order, once. The simulator holds the RESUME for 500 ms so events pile up meanwhile.
describe('discord.js RESUME after a forced disconnect', () => {
  let sim: Simulator;
  let client: Client;

  beforeAll(async () => {
    sim = await startSimulator({ population: { count: 2, membersPerGuild: 3 } });
    client = new Client({
      intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMembers],
      rest: { api: sim.restUrl },
    });
    const ready = once(client, 'clientReady');
    await client.login(sim.botToken);
    await ready;
  }, 20_000);

  afterAll(async () => {
    await client.destroy();
    await sim.close();
  });

  it('replays every missed event in order, with nothing lost or doubled', async () => {
    const api = new SimClient(sim.controlUrl);
    const received: string[] = [];
    const sequences: number[] = [];
    client.on('raw', (packet: GatewayDispatchPayload & { s: number }) => {
      sequences.push(packet.s);
      if (packet.t === GatewayDispatchEvents.GuildMemberAdd) received.push(packet.d.user.id);
    });
    const resumed = once(client, 'shardResume') as Promise<[number, number]>;
    expect(
      (await api.gatewayFault(0, { action: 'drop', closeCode: 4000, resumeDelayMs: 500 })).affected,
    ).toBe(1);

    const guildId = client.guilds.cache.first()!.id;
    const sent: string[] = [];
    for (let i = 0; i < 25; i += 1) sent.push((await api.memberJoin(guildId)).userId);
    const [shardId, replayed] = await resumed;
    expect(shardId).toBe(0);
    // discord.js counts RESUMED's own sequence number too: 25 replayed events + RESUMED.
    expect(replayed).toBe(26);

    // One more after the resume, delivered live.
    sent.push((await api.memberJoin(guildId)).userId);
    const deadline = Date.now() + 3000;
    while (received.length < sent.length && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 20));
    expect(received).toEqual(sent);
    expect(sequences).toEqual([...sequences].sort((a, b) => a - b));
    expect(new Set(sequences).size).toBe(sequences.length);
    expect(await api.stats()).toMatchObject({ resumes: 1, replayedEvents: 25, identifies: 1 });
  });
});
