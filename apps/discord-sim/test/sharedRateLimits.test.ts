import { once } from 'node:events';
import { ChannelType, Client, GatewayIntentBits } from 'discord.js';
import {
  ManualClock,
  SimClient,
  startSimulator,
  type Simulator,
  type SimulatorOptions,
} from '../src/index.js';

// Limits Discord keeps on a resource, not on the bot: 429s of scope `shared` with a JSON code, which do not
// count against the invalid-request budget.
describe('shared rate limits', () => {
  let sim: Simulator | undefined;
  afterEach(async () => {
    await sim?.close();
    sim = undefined;
  });

  async function start(options: SimulatorOptions = {}) {
    sim = await startSimulator({ population: { count: 1, membersPerGuild: 3 }, ...options });
    const guild = sim.state.population.guilds()[0]!;
    return {
      s: sim,
      api: new SimClient(sim.controlUrl),
      channelId: sim.state.population.channelId(guild, 0),
      userIds: sim.state.population.memberIds(guild, 0, 3),
    };
  }
  const call = (s: Simulator, method: string, path: string, body: unknown) =>
    fetch(`${s.restUrl}/v10${path}`, {
      method,
      headers: { authorization: `Bot ${s.botToken}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('answers writes past a channel shared limit with 429 20028, scope shared, and does not count it as invalid', async () => {
    const clock = new ManualClock();
    const { s, api, channelId } = await start({ clock, channelWriteLimit: { limit: 2, windowMs: 10_000 } });
    for (let i = 0; i < 2; i += 1)
      expect((await call(s, 'POST', `/channels/${channelId}/messages`, { content: `m${i}` })).status).toBe(
        200,
      );
    clock.advance(4000);
    const limited = await call(s, 'POST', `/channels/${channelId}/messages`, { content: 'm2' });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('x-ratelimit-scope')).toBe('shared');
    expect(limited.headers.get('retry-after')).toBe('6');
    expect(limited.headers.get('x-ratelimit-global')).toBeNull();
    // The bot's own bucket (5 per 5 s) still had room; its headers say so, as in Discord's example.
    expect(limited.headers.get('x-ratelimit-remaining')).toBe('2');
    expect(await limited.json()).toEqual({
      message: 'The write action you are performing on the channel has hit the write rate limit.',
      retry_after: 6,
      global: false,
      code: 20028,
    });
    expect(await api.stats()).toMatchObject({
      rateLimited: 1,
      rateLimitedByScope: { shared: 1, route: 0 },
      invalidRequests: 0,
    });
    expect((await api.channelMessages(channelId)).messages.map((m) => m.content)).toEqual(['m0', 'm1']);
    clock.advance(6000);
    expect((await call(s, 'POST', `/channels/${channelId}/messages`, { content: 'm3' })).status).toBe(200);
  });

  it('answers DM channels opened too fast with 429 40003, and takes limits set at run time until a reset', async () => {
    const { s, api, userIds } = await start();
    expect(await api.sharedRateLimits()).toEqual({ channelWrites: null, dmOpens: null });
    expect(await api.setSharedRateLimits({ dmOpens: { limit: 2, windowMs: 60_000 } })).toEqual({
      channelWrites: null,
      dmOpens: { limit: 2, windowMs: 60_000 },
    });
    const open = (recipient_id: string) => call(s, 'POST', '/users/@me/channels', { recipient_id });
    expect((await open(userIds[0]!)).status).toBe(200);
    expect((await open(userIds[1]!)).status).toBe(200);
    const limited = await open(userIds[2]!);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('x-ratelimit-scope')).toBe('shared');
    expect(await limited.json()).toMatchObject({ code: 40003, global: false });
    expect((await api.stats()).invalidRequests).toBe(0);
    await api.reset();
    expect(await api.sharedRateLimits()).toEqual({ channelWrites: null, dmOpens: null });
    await expect(api.setSharedRateLimits({ dmOpens: { limit: 0, windowMs: 1 } })).rejects.toMatchObject({
      status: 400,
    });
  });

  it('lets an unmodified discord.js wait out a shared 429 and deliver every message', async () => {
    const { s, api, channelId } = await start({ channelWriteLimit: { limit: 2, windowMs: 1000 } });
    const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: s.restUrl } });
    try {
      const ready = once(client, 'clientReady');
      await client.login(s.botToken);
      await ready;
      const channel = client.channels.cache.get(channelId)!;
      if (channel.type !== ChannelType.GuildText) throw new Error('expected a text channel');
      await Promise.all([0, 1, 2].map((i) => channel.send(`burst ${i}`)));
      expect((await api.channelMessages(channelId)).messages.map((m) => m.content).sort()).toEqual([
        'burst 0',
        'burst 1',
        'burst 2',
      ]);
      expect((await api.stats()).rateLimitedByScope.shared).toBeGreaterThanOrEqual(1);
      expect((await api.stats()).invalidRequests).toBe(0);
    } finally {
      await client.destroy();
    }
  }, 15_000);
});
