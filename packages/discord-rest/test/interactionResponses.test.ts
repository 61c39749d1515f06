import { isDiscordApiError, DiscordErrorCode, SendDeadlinePassedError } from '../src/index.js';
import type { Logger } from '@droas/runtime';
import { RateLimitedError } from '@droas/resilience';
import { metricValue, rejection, startHarness, type Harness } from './harness.js';

let h: Harness;

beforeEach(async () => {
  h = await startHarness();
});

afterEach(async () => {
  await h.close();
});

describe('interaction responses against the simulator', () => {
  it('answers with the final message once; a second callback is DiscordApiError[40060], and the breaker shrugs', async () => {
    const client = h.client({ breaker: { volumeThreshold: 1 } });
    const { id, token } = await h.interaction();
    await client.createInteractionResponse(id, token, { content: 'pong', ephemeral: true });

    const error = await rejection(
      client.createInteractionResponse(id, token, { content: 'again', ephemeral: true }),
    );
    expect(isDiscordApiError(error, DiscordErrorCode.InteractionAlreadyAcknowledged)).toBe(true);
    expect((error as Error).name).toBe('DiscordApiError[40060]');
    expect(JSON.stringify(error) + (error as Error).message + (error as Error).stack).not.toContain(token);
    // A 4xx is the request's fault, not Discord's: with a volume threshold of 1 any counted failure would open it.
    expect(client.breaker.state).toBe('closed');

    const timeline = await h.api.interaction(id);
    expect(timeline.acknowledgement).toMatchObject({ type: 4, ephemeral: true });
    expect(timeline.content).toBe('pong');
  });

  it('defers, then edits the original response', async () => {
    const client = h.client();
    const { id, token } = await h.interaction();
    await client.createInteractionResponse(id, token, { type: 5, ephemeral: false });
    const edited = await client.editOriginalResponse(h.sim.applicationId, token, { content: 'done' });
    expect(edited.id).toMatch(/^\d+$/);

    const timeline = await h.api.interaction(id);
    expect(timeline.acknowledgement).toMatchObject({ type: 5, ephemeral: false });
    expect(timeline.edits.map((e) => e.content)).toEqual(['done']);
    expect(timeline.violations).toEqual([]);
  });

  it('sends a follow-up after the acknowledgement', async () => {
    const client = h.client();
    const { id, token } = await h.interaction();
    await client.createInteractionResponse(id, token, { content: 'first', ephemeral: false });
    const followup = await client.createFollowup(h.sim.applicationId, token, {
      content: 'second',
      ephemeral: true,
    });

    const timeline = await h.api.interaction(id);
    expect(timeline.followUps).toEqual([
      expect.objectContaining({ messageId: followup.id, content: 'second' }),
    ]);
    // The ephemeral follow-up is for the invoking user only; the public first answer is in the channel.
    const { messages } = await h.api.channelMessages(timeline.channelId);
    expect(messages.map((m) => m.content)).toEqual(['first']);
  });

  it('sends interaction routes without a bot token and outside the global budget', async () => {
    // A client with a wrong bot token and no global budget to speak of still answers interactions:
    // interaction routes carry no Authorization and skip the global limit.
    const client = h.client({ token: 'not-the-bot-token', globalPerSecond: 0.001, globalBurst: 1 });
    for (let i = 0; i < 3; i++) {
      const { id, token } = await h.interaction();
      await client.createInteractionResponse(id, token, { content: `pong ${i}`, ephemeral: false });
    }
    expect((await h.api.stats()).acknowledged).toBe(3);
  });

  it('does not send a call past its send-by time: SendDeadlinePassedError, nothing reaches Discord, counted', async () => {
    const client = h.client({ metrics: h.metrics });
    const late = await h.interaction();
    const error = await rejection(
      client.createInteractionResponse(
        late.id,
        late.token,
        { content: 'too late', ephemeral: false },
        { sendBy: Date.now() - 1 },
      ),
    );
    expect(error).toBeInstanceOf(SendDeadlinePassedError);
    expect((error as SendDeadlinePassedError).lateByMs).toBeGreaterThan(0);
    expect((await h.api.interaction(late.id)).acknowledgement).toBeNull();
    expect(
      await metricValue(h.metrics, 'droas_discord_rest_limit_refusals_total', { limit: 'deadline' }),
    ).toBe(1);

    // Within its time, the same call goes.
    const inTime = await h.interaction();
    await client.createInteractionResponse(
      inTime.id,
      inTime.token,
      { content: 'in time', ephemeral: false },
      { sendBy: Date.now() + 2_000 },
    );
    expect((await h.api.interaction(inTime.id)).acknowledgement).toMatchObject({ type: 4 });
    expect((await h.api.stats()).acknowledged).toBe(1);
  });

  it('reports an unknown interaction as DiscordApiError[10062]', async () => {
    const client = h.client();
    const error = await rejection(
      client.createInteractionResponse('123456789012345678', 'aW50ZXJhY3Rpb246bm9wZQ', {
        content: 'x',
        ephemeral: false,
      }),
    );
    expect(isDiscordApiError(error, DiscordErrorCode.UnknownInteraction)).toBe(true);
  });

  it('keeps interaction tokens out of errors, logs and metrics', async () => {
    const lines: string[] = [];
    const record = (obj: unknown, msg?: string) => void lines.push(JSON.stringify(obj) + (msg ?? ''));
    // Not the runtime logger: that one scrubs tokens itself, which would hide a leak from this test.
    const logger = { warn: record, info: record, error: record, debug: record } as unknown as Logger;
    const client = h.client({ logger, metrics: h.metrics });
    const { id, token } = await h.interaction();
    await client.createInteractionResponse(id, token, { type: 5, ephemeral: true });
    await h.api.addFault({
      kind: 'rateLimit',
      route: '/webhooks/:applicationId/:token',
      count: 1,
      retryAfterMs: 10,
    });
    const errors = [
      await rejection(client.createFollowup(h.sim.applicationId, token, { content: 'x', ephemeral: true })),
      await rejection(client.createInteractionResponse(id, token, { content: 'late', ephemeral: true })),
    ];
    expect(errors[0]).toBeInstanceOf(RateLimitedError);
    expect(errors[1]).toMatchObject({ name: 'DiscordApiError[40060]' });
    expect(lines.length).toBeGreaterThan(0);

    const exposed = [
      ...errors.map((e) => `${JSON.stringify(e)} ${(e as Error).message} ${(e as Error).stack}`),
      ...lines,
      await h.metrics.expose(),
    ].join('\n');
    expect(exposed).toContain('/webhooks/:id/:token');
    expect(exposed).not.toContain(token);
  });
});
