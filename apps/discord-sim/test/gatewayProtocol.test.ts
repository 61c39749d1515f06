import { Intents, ManualClock, SimClient, startSimulator, type Simulator } from '../src/index.js';
import { RawGateway, type GatewayPayload } from './support/rawGateway.js';

const GUILDS_AND_MEMBERS = Intents.Guilds | Intents.GuildMembers;

describe('gateway protocol', () => {
  const opened: { close(): Promise<unknown> }[] = [];
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((o) => o.close()));
  });

  async function sim(options: Parameters<typeof startSimulator>[0] = {}): Promise<Simulator> {
    const s = await startSimulator(options);
    opened.push(s);
    return s;
  }
  async function connect(s: Simulator, query?: string): Promise<RawGateway> {
    const g = await RawGateway.connect(s.gatewayUrl, query);
    opened.push(g);
    return g;
  }
  const ready = (g: RawGateway): Promise<GatewayPayload> => g.waitFor((p) => p.t === 'READY');

  it('says HELLO, answers heartbeats, and sends READY then one GUILD_CREATE per guild of the shard', async () => {
    const s = await sim({ population: { count: 8 } });
    const g = await connect(s);
    const hello = await g.waitFor((p) => p.op === 10);
    expect(hello.d).toMatchObject({ heartbeat_interval: 41_250 });
    g.send(1, null);
    await g.waitFor((p) => p.op === 11);
    g.identify(s.botToken, [1, 2], Intents.Guilds);
    const r = (await ready(g)).d as {
      guilds: { id: string; unavailable: boolean }[];
      resume_gateway_url: string;
      session_id: string;
      application: { id: string };
    };
    expect(r.resume_gateway_url).toBe(s.gatewayUrl);
    expect(r.application.id).toBe(s.applicationId);
    expect(r.guilds).toHaveLength(4);
    await g.waitFor(() => g.dispatches('GUILD_CREATE').length === 4);
    const creates = g
      .dispatches('GUILD_CREATE')
      .map((p) => p.d as { id: string; unavailable: boolean; channels: unknown[] });
    expect(creates.map((c) => c.id)).toEqual(r.guilds.map((x) => x.id));
    expect(creates.every((c) => c.unavailable === false && c.channels.length === 3)).toBe(true);
    expect(g.dispatches().map((p) => p.s)).toEqual([1, 2, 3, 4, 5]);
  });

  it('replays every event missed while disconnected, in order, once, on RESUME', async () => {
    const s = await sim({ population: { count: 2, membersPerGuild: 3 } });
    const api = new SimClient(s.controlUrl);
    const g1 = await connect(s);
    g1.identify(s.botToken, [0, 1], GUILDS_AND_MEMBERS);
    const sessionId = ((await ready(g1)).d as { session_id: string }).session_id;
    await g1.waitFor(() => g1.dispatches('GUILD_CREATE').length === 2);
    const lastSeen = g1.dispatches().at(-1)!.s!;

    await api.gatewayFault(0, { action: 'drop' });
    expect(await g1.closed).toBe(4000);
    const guildId = s.state.population.guilds()[0]!.id;
    const joined: string[] = [];
    for (let i = 0; i < 10; i += 1) joined.push((await api.memberJoin(guildId)).userId);
    const userId = (await api.members(guildId, 0, 1)).memberIds[0]!;
    const { id: interactionId } = await api.dispatchInteraction({ guildId, userId, command: 'balance' });

    const g2 = await connect(s);
    g2.send(6, { token: s.botToken, session_id: sessionId, seq: lastSeen });
    await g2.waitFor((p) => p.t === 'RESUMED');
    const replayed = g2.dispatches();
    expect(replayed.map((p) => p.s)).toEqual(Array.from({ length: 12 }, (_, i) => lastSeen + 1 + i));
    expect(replayed.slice(0, 10).map((p) => (p.d as { user: { id: string } }).user.id)).toEqual(joined);
    expect(replayed[10]).toMatchObject({ t: 'INTERACTION_CREATE', d: { id: interactionId } });
    expect(replayed[11]!.t).toBe('RESUMED');

    // Live again: the next event follows RESUMED's sequence number.
    await api.memberJoin(guildId);
    const next = await g2.waitFor((p) => p.t === 'GUILD_MEMBER_ADD', 3000, 11);
    expect(next.s).toBe(lastSeen + 13);
    expect(await api.stats()).toMatchObject({ resumes: 1, replayedEvents: 11 });
  });

  it('dispatches an interaction with the member permissions and subcommand options the control API gets', async () => {
    const s = await sim({ population: { count: 1, membersPerGuild: 3 } });
    const api = new SimClient(s.controlUrl);
    const g = await connect(s);
    g.identify(s.botToken, [0, 1], Intents.Guilds);
    await ready(g);
    const guildId = s.state.population.guilds()[0]!.id;
    const [userId, target] = (await api.members(guildId, 0, 2)).memberIds as [string, string];
    const grant = [
      {
        name: 'grant',
        type: 1,
        options: [
          { name: 'user', type: 6, value: target },
          { name: 'amount', type: 4, value: 5 },
        ],
      },
    ];
    const { id } = await api.dispatchInteraction({
      guildId,
      userId,
      command: 'economy',
      options: grant,
      permissions: '32',
    });
    const d = (await g.waitFor((p) => p.t === 'INTERACTION_CREATE')).d as {
      id: string;
      member: { permissions: string };
      data: { options: unknown; resolved: { users: Record<string, unknown> } };
    };
    expect(d.id).toBe(id);
    expect(d.member.permissions).toBe('32');
    expect(d.data.options).toEqual(grant);
    expect(Object.keys(d.data.resolved.users)).toEqual([target]);
    await expect(
      api.dispatchInteraction({ guildId, userId, command: 'economy', permissions: '0x20' }),
    ).rejects.toMatchObject({ status: 400 });
  });

  it('refuses a RESUME with a sequence from the future (4007) or an unknown session (op 9)', async () => {
    const s = await sim({ population: { count: 1 } });
    const g1 = await connect(s);
    g1.identify(s.botToken, [0, 1], Intents.Guilds);
    const sessionId = ((await ready(g1)).d as { session_id: string }).session_id;
    await new SimClient(s.controlUrl).gatewayFault(0, { action: 'drop', closeCode: 4001 });
    await g1.closed;
    const g2 = await connect(s);
    g2.send(6, { token: s.botToken, session_id: sessionId, seq: 99 });
    expect(await g2.closed).toBe(4007);
    const g3 = await connect(s);
    g3.send(6, { token: s.botToken, session_id: 'nope', seq: 1 });
    expect((await g3.waitFor((p) => p.op === 9)).d).toBe(false);
  });

  it('enforces identify concurrency: one IDENTIFY per bucket per 5 s, op 9 past it', async () => {
    const clock = new ManualClock();
    const s = await sim({ clock, maxConcurrency: 2, population: { count: 4 } });
    const shards = await Promise.all([0, 1, 2].map(() => connect(s)));
    shards[0]!.identify(s.botToken, [0, 4], Intents.Guilds);
    shards[1]!.identify(s.botToken, [1, 4], Intents.Guilds); // bucket 1: allowed alongside bucket 0
    shards[2]!.identify(s.botToken, [2, 4], Intents.Guilds); // bucket 0 again within 5 s
    await ready(shards[0]!);
    await ready(shards[1]!);
    expect((await shards[2]!.waitFor((p) => p.op === 9)).d).toBe(false);
    clock.advance(5000);
    const retry = await connect(s);
    retry.identify(s.botToken, [2, 4], Intents.Guilds);
    await ready(retry);
    expect(await new SimClient(s.controlUrl).stats()).toMatchObject({ identifies: 3, identifyRejected: 1 });
  });

  it.each([
    ['a bad token', 4004, { token: 'wrong' }],
    ['undefined intent bits', 4013, { intents: 1 << 30 }],
    ['a privileged intent the app lacks', 4014, { intents: Intents.GuildMembers }],
    ['a shard past its count', 4010, { shard: [2, 2] }],
    ['more than maxGuildsPerShard guilds on a shard', 4011, { shard: [0, 1] }],
  ])('closes an IDENTIFY with %s (%i)', async (_what, code, patch) => {
    const s = await sim({ enabledPrivilegedIntents: 0, maxGuildsPerShard: 2, population: { count: 6 } });
    const g = await connect(s);
    g.send(2, { token: s.botToken, intents: Intents.Guilds, shard: [0, 4], properties: {}, ...patch });
    expect(await g.closed).toBe(code);
  });

  it('ends every session and revokes the token when the daily session budget runs out', async () => {
    const clock = new ManualClock();
    const s = await sim({ clock, dailySessionStarts: 1, population: { count: 1 } });
    const g1 = await connect(s);
    g1.identify(s.botToken, [0, 1], Intents.Guilds);
    await ready(g1);
    clock.advance(5000);
    const g2 = await connect(s);
    g2.identify(s.botToken, [0, 1], Intents.Guilds);
    expect(await g2.closed).toBe(4004);
    expect(await g1.closed).toBe(4004);
    const res = await fetch(`${s.restUrl}/v10/gateway/bot`, {
      headers: { authorization: `Bot ${s.botToken}` },
    });
    expect(res.status).toBe(401);
  });

  it('stops acknowledging heartbeats on demand', async () => {
    const s = await sim({ population: { count: 1 } });
    const g = await connect(s);
    g.identify(s.botToken, [0, 1], Intents.Guilds);
    await ready(g);
    await new SimClient(s.controlUrl).gatewayFault(0, { action: 'stopHeartbeatAcks' });
    g.send(1, 2);
    // A second IDENTIFY is answered with 4005, after the heartbeat (same socket, in order): had the heartbeat
    // been acknowledged, its op 11 would be here first.
    g.identify(s.botToken, [0, 1], Intents.Guilds);
    expect(await g.closed).toBe(4005);
    expect(g.frames.filter((p) => p.op === 11)).toEqual([]);
  });

  it('sends op 7 and op 9 on demand', async () => {
    const s = await sim({ population: { count: 1 } });
    const api = new SimClient(s.controlUrl);
    const g = await connect(s);
    g.identify(s.botToken, [0, 1], Intents.Guilds);
    await ready(g);
    await api.gatewayFault(0, { action: 'reconnect' });
    await g.waitFor((p) => p.op === 7);
    await api.gatewayFault(0, { action: 'invalidate', resumable: true });
    expect((await g.waitFor((p) => p.op === 9)).d).toBe(true);
    // Resumable: RESUME on the same socket picks the session up again.
    const { session_id } = g.dispatches('READY')[0]!.d as { session_id: string };
    g.send(6, { token: s.botToken, session_id, seq: g.dispatches().at(-1)!.s });
    await g.waitFor((p) => p.t === 'RESUMED');
    expect(await api.stats()).toMatchObject({ invalidSessions: 1, resumes: 1 });
  });

  it('speaks zlib-stream when the URL asks for it', async () => {
    const s = await sim({ population: { count: 2 } });
    const g = await connect(s, '?v=10&encoding=json&compress=zlib-stream');
    await g.waitFor((p) => p.op === 10);
    g.identify(s.botToken, [0, 1], Intents.Guilds);
    await g.waitFor(() => g.dispatches('GUILD_CREATE').length === 2);
    expect(g.dispatches().map((p) => p.t)).toEqual(['READY', 'GUILD_CREATE', 'GUILD_CREATE']);
  });
});
