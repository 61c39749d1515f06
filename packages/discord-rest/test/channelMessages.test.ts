import { RateLimitedError } from '@droas/resilience';
import { DiscordErrorCode, isDiscordApiError } from '../src/index.js';
import { metricValue, rejection, startHarness, type Harness } from './harness.js';

let h: Harness;

beforeEach(async () => {
  h = await startHarness();
});

afterEach(async () => {
  await h.close();
});

const channel = (i: number): string => h.guild.channelIds[i]!;

describe('channel messages, DMs and roles against the simulator', () => {
  it('pings nobody unless asked, and exactly whom it names when asked', async () => {
    const client = h.client();
    const [alice, bob] = h.guild.memberIds as [string, string];
    await client.createMessage(channel(0), { content: `hi <@${alice}> <@${bob}> @everyone` });
    await client.createMessage(channel(0), {
      content: `welcome <@${alice}> <@${bob}>`,
      allowedMentions: { users: [alice] },
    });

    const { messages } = await h.api.channelMessages(channel(0));
    expect(messages.map((m) => m.pings)).toEqual([
      { users: [], roles: [], everyone: false },
      { users: [alice], roles: [], everyone: false },
    ]);
  });

  it('sends a DM and adds a role', async () => {
    const client = h.client();
    const userId = h.guild.memberIds[1]!;
    const sent = await client.sendDirectMessage(userId, { content: 'hello' });
    expect((await h.api.channelMessages(sent.channelId)).messages.map((m) => m.content)).toEqual(['hello']);

    await client.addMemberRole(h.guild.id, userId, h.guild.roleIds[0]!, { reason: 'autorole: new member ✓' });
    // The last seeded role sits above the bot: Discord's 50013, a 403, which counts as invalid.
    const error = await rejection(client.addMemberRole(h.guild.id, userId, h.guild.roleIds.at(-1)!));
    expect(isDiscordApiError(error, DiscordErrorCode.MissingPermissions)).toBe(true);
  });

  it('honours the bucket headers: the 6th message in a 5-per-5-s window is refused here, not by Discord', async () => {
    const client = h.client({ metrics: h.metrics });
    for (let i = 0; i < 5; i++) await client.createMessage(channel(1), { content: `m${i}` });
    const error = await rejection(client.createMessage(channel(1), { content: 'm5' }, { maxWaitMs: 0 }));
    expect(error).toBeInstanceOf(RateLimitedError);
    expect(error).toMatchObject({ code: 'route', route: 'POST /channels/:id/messages' });
    expect((error as RateLimitedError).retryAfterMs).toBeGreaterThan(0);

    const stats = await h.api.stats();
    expect(stats.messagesCreated).toBe(5);
    expect(stats.rateLimited).toBe(0);
    expect(await metricValue(h.metrics, 'droas_discord_rest_limit_refusals_total', { limit: 'route' })).toBe(
      1,
    );
  });

  it('waits for the window to reset when the call allows it', async () => {
    const client = h.client({ metrics: h.metrics });
    for (let i = 0; i < 6; i++)
      await client.createMessage(channel(2), { content: `m${i}` }, { maxWaitMs: 10_000 });

    const stats = await h.api.stats();
    expect(stats.messagesCreated).toBe(6);
    expect(stats.rateLimited).toBe(0);
    expect(await metricValue(h.metrics, 'droas_discord_rest_limit_waits_total', { limit: 'route' })).toBe(1);
  });

  it('lets one of a burst learn a fresh bucket, then sends only what it has room for', async () => {
    const client = h.client();
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) =>
        client.createMessage(channel(3), { content: `b${i}` }, { maxWaitMs: 1000 }),
      ),
    );
    const refused = results.filter((r) => r.status === 'rejected');
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(5);
    expect(refused.every((r) => r.reason instanceof RateLimitedError)).toBe(true);

    const stats = await h.api.stats();
    expect(stats.restRequests - stats.messagesCreated).toBe(0);
    expect(stats.rateLimited).toBe(0);
  });
});
