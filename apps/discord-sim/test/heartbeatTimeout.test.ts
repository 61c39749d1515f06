import { once } from 'node:events';
import { Client, GatewayIntentBits } from 'discord.js';
import { Intents, SimClient, startSimulator, type Simulator } from '../src/index.js';
import { RawGateway } from './support/rawGateway.js';

// Discord closes a connection whose client stops heartbeating, and the client resumes. A short interval
// (announced in HELLO) keeps the test fast.
describe('server-side heartbeat timeout', () => {
  let sim: Simulator;
  const opened: { close(): Promise<unknown> }[] = [];
  beforeAll(async () => {
    sim = await startSimulator({
      population: { count: 1, membersPerGuild: 3 },
      heartbeatIntervalMs: 300,
      // A grace well past the interval: under a loaded CI machine a stalled event loop must not look like silence.
      heartbeatGraceMs: 1000,
    });
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((o) => o.close()));
    await new SimClient(sim.controlUrl).reset();
    sim.state.population.seed({ count: 1, membersPerGuild: 3 });
  });
  afterAll(() => sim.close());

  it('closes a client that stops heartbeating with 4009, and the session resumes with what it missed', async () => {
    const api = new SimClient(sim.controlUrl);
    const g1 = await RawGateway.connect(sim.gatewayUrl);
    opened.push(g1);
    const hello = await g1.waitFor((p) => p.op === 10);
    expect(hello.d).toMatchObject({ heartbeat_interval: 300 });
    g1.identify(sim.botToken, [0, 1], Intents.Guilds | Intents.GuildMembers);
    const ready = await g1.waitFor((p) => p.t === 'READY');
    const sessionId = (ready.d as { session_id: string }).session_id;
    const lastSeen = (await g1.waitFor((p) => p.t === 'GUILD_CREATE')).s!;
    const started = Date.now();
    expect(await g1.closed).toBe(4009);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);

    const guildId = sim.state.population.guilds()[0]!.id;
    const { userId } = await api.memberJoin(guildId);
    expect(await api.stats()).toMatchObject({ heartbeatTimeouts: 1 });
    expect((await api.sessions()).sessions).toMatchObject([{ sessionId, connected: false }]);

    const g2 = await RawGateway.connect(sim.gatewayUrl);
    opened.push(g2);
    g2.send(6, { token: sim.botToken, session_id: sessionId, seq: lastSeen });
    await g2.waitFor((p) => p.t === 'RESUMED');
    expect(g2.dispatches().map((p) => p.t)).toEqual(['GUILD_MEMBER_ADD', 'RESUMED']);
    expect(g2.dispatches()[0]!.d).toMatchObject({ user: { id: userId } });
  });

  it('keeps a client that heartbeats on time, however long it stays', async () => {
    const g = await RawGateway.connect(sim.gatewayUrl);
    opened.push(g);
    g.identify(sim.botToken, [0, 1], Intents.Guilds);
    await g.waitFor((p) => p.t === 'READY');
    const beat = setInterval(() => g.send(1, null), 250);
    await new Promise((r) => setTimeout(r, 1500));
    clearInterval(beat);
    expect(g.frames.filter((p) => p.op === 11).length).toBeGreaterThanOrEqual(4);
    expect(g.socket.readyState).toBe(g.socket.OPEN);
  });

  it('keeps an unmodified discord.js connected: it heartbeats on the interval HELLO gave', async () => {
    const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: sim.restUrl } });
    opened.push({ close: () => client.destroy() });
    const ready = once(client, 'clientReady');
    await client.login(sim.botToken);
    await ready;
    const disconnects: number[] = [];
    client.on('shardDisconnect', (event) => disconnects.push(event.code));
    client.on('shardResume', () => disconnects.push(-1));
    await new Promise((r) => setTimeout(r, 2000));
    expect(disconnects).toEqual([]);
    expect((await new SimClient(sim.controlUrl).stats()).heartbeatTimeouts).toBe(0);
    expect(client.ws.ping).toBeGreaterThanOrEqual(0);
  });
});
