import { once } from 'node:events';
import { Client, GatewayIntentBits, type GuildMember } from 'discord.js';
import { Intents, SimClient, startSimulator, type Simulator } from '../src/index.js';
import { RawGateway } from './support/rawGateway.js';

// Two live sessions on the same [shard_id, num_shards], as during a handover: Discord sends every event to
// both, so the bot sees each one twice. Sessions stay independent: each has its own sequence and resumes alone.
describe('several sessions on one shard', () => {
  let sim: Simulator;
  let api: SimClient;
  const opened: { close(): Promise<unknown> }[] = [];
  beforeEach(async () => {
    // identifyWindowMs 0: two IDENTIFYs for one concurrency bucket in the same instant are fine here.
    sim = await startSimulator({ population: { count: 1, membersPerGuild: 3 }, identifyWindowMs: 0 });
    api = new SimClient(sim.controlUrl);
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((o) => o.close()));
    await sim.close();
  });

  async function session(): Promise<{ g: RawGateway; sessionId: string }> {
    const g = await RawGateway.connect(sim.gatewayUrl);
    opened.push(g);
    g.identify(sim.botToken, [0, 1], Intents.Guilds | Intents.GuildMembers);
    const ready = await g.waitFor((p) => p.t === 'READY');
    await g.waitFor((p) => p.t === 'GUILD_CREATE');
    return { g, sessionId: (ready.d as { session_id: string }).session_id };
  }

  it('sends each event to every session of the shard, and each resumes on its own', async () => {
    const a = await session();
    const b = await session();
    const guildId = sim.state.population.guilds()[0]!.id;
    const join = await api.memberJoin(guildId);
    expect(join.delivered).toBe(true);
    for (const { g } of [a, b]) {
      const add = await g.waitFor((p) => p.t === 'GUILD_MEMBER_ADD');
      expect(add).toMatchObject({ s: 3, d: { user: { id: join.userId } } });
    }
    const sessions = (await api.sessions()).sessions;
    expect(sessions.map((s) => [s.sessionId, s.routedEvents]).sort()).toEqual(
      [
        [a.sessionId, 1],
        [b.sessionId, 1],
      ].sort(),
    );
    expect((await api.stats()).gatewayEvents).toBe(2 * 3);

    // Drop only a; b keeps getting events live, a gets them on its RESUME.
    expect(
      (await api.gatewayFault(0, { action: 'drop', sessionId: a.sessionId, closeCode: 4000 })).affected,
    ).toBe(1);
    expect(await a.g.closed).toBe(4000);
    const second = await api.memberJoin(guildId);
    await b.g.waitFor((p) => p.t === 'GUILD_MEMBER_ADD' && p.s === 4);
    const a2 = await RawGateway.connect(sim.gatewayUrl);
    opened.push(a2);
    a2.send(6, { token: sim.botToken, session_id: a.sessionId, seq: 3 });
    await a2.waitFor((p) => p.t === 'RESUMED');
    expect(a2.dispatches()[0]).toMatchObject({
      s: 4,
      t: 'GUILD_MEMBER_ADD',
      d: { user: { id: second.userId } },
    });
    expect(b.g.socket.readyState).toBe(b.g.socket.OPEN);
  });

  it('makes two discord.js clients on the same shard both see a join, as a handover does', async () => {
    const clients = [0, 1].map(
      () =>
        new Client({
          intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMembers],
          rest: { api: sim.restUrl },
        }),
    );
    for (const client of clients) {
      opened.push({ close: () => client.destroy() });
      const ready = once(client, 'clientReady');
      await client.login(sim.botToken);
      await ready;
    }
    const seen = clients.map((c) => once(c, 'guildMemberAdd') as Promise<[GuildMember]>);
    const { userId } = await api.memberJoin(sim.state.population.guilds()[0]!.id);
    const members = await Promise.all(seen);
    expect(members.map(([m]) => m.id)).toEqual([userId, userId]);
    expect((await api.stats()).identifies).toBe(2);
  }, 20_000);
});
