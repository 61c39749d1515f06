import { RateLimitedError } from '@droas/resilience';
import { isDiscordApiError, DiscordErrorCode } from '../src/index.js';
import { metricValue, rejection, startHarness, type Harness } from './harness.js';

let h: Harness;

beforeEach(async () => {
  h = await startHarness();
});

afterEach(async () => {
  await h.close();
});

describe('the invalid-request budget', () => {
  it('counts 401/403 across replicas and, past the threshold, refuses all but interaction responses', async () => {
    const options = { invalidRequestLimit: 4, metrics: h.metrics };
    const replicas = [h.client(options), h.client(options)];
    const [closed, open] = h.guild.channelIds as [string, string];
    await h.api.setChannelAccess(closed, 'missingAccess');

    // Four 403s, two from each replica.
    for (let i = 0; i < 4; i++) {
      const error = await rejection(replicas[i % 2]!.createMessage(closed, { content: 'x' }));
      expect(isDiscordApiError(error, DiscordErrorCode.MissingAccess)).toBe(true);
    }
    expect(await metricValue(h.metrics, 'droas_discord_rest_invalid_requests')).toBe(4);
    const seen = (await h.api.stats()).restRequests;

    // Any non-essential request, on any replica and any route, is now refused before it leaves.
    for (const client of replicas) {
      const refused = await rejection(client.createMessage(open, { content: 'y' }));
      expect(refused).toBeInstanceOf(RateLimitedError);
      expect(refused).toMatchObject({ code: 'invalid-requests' });
      // The rest of the 10-minute window.
      expect((refused as RateLimitedError).retryAfterMs).toBeGreaterThan(0);
      expect((refused as RateLimitedError).retryAfterMs).toBeLessThanOrEqual(600_000);
    }
    expect(
      await rejection(replicas[0]!.addMemberRole(h.guild.id, h.guild.memberIds[0]!, h.guild.roleIds[0]!)),
    ).toMatchObject({
      code: 'invalid-requests',
    });
    expect((await h.api.stats()).restRequests).toBe(seen);
    expect(
      await metricValue(h.metrics, 'droas_discord_rest_limit_refusals_total', { limit: 'invalid' }),
    ).toBe(3);

    // A user is waiting on this one: interaction responses still go.
    const { id, token } = await h.interaction();
    await replicas[1]!.createInteractionResponse(id, token, { content: 'still answering', ephemeral: true });
    expect((await h.api.interaction(id)).acknowledgement).toMatchObject({ type: 4 });
  });

  it('counts 401s from a wrong bot token and 429s, per bot', async () => {
    const revoked = h.client({ invalidRequestLimit: 3, token: 'a-revoked-token' });
    for (let i = 0; i < 3; i++) {
      expect(await rejection(revoked.createMessage(h.guild.channelIds[i]!, { content: 'x' }))).toMatchObject({
        name: 'DiscordApiError[401]',
      });
    }
    expect(await rejection(revoked.createMessage(h.guild.channelIds[5]!, { content: 'x' }))).toMatchObject({
      code: 'invalid-requests',
    });
    expect((await h.api.stats()).restRequests).toBe(3);

    // The bot's own budget is untouched by another token's 401s; its 429s count against it.
    const healthy = h.client({ invalidRequestLimit: 2 });
    await h.api.addFault({
      kind: 'rateLimit',
      route: 'POST /channels/:channelId/messages',
      count: 2,
      retryAfterMs: 10,
    });
    for (const i of [6, 7]) {
      expect(await rejection(healthy.createMessage(h.guild.channelIds[i]!, { content: 'x' }))).toMatchObject({
        code: 'user',
        status: 429,
      });
    }
    expect(await rejection(healthy.createMessage(h.guild.channelIds[8]!, { content: 'y' }))).toMatchObject({
      code: 'invalid-requests',
    });
    expect((await h.api.stats()).restRequests).toBe(5);
  });
});
