import { CallTimeoutError, CircuitOpenError, RateLimitedError } from '@droas/resilience';
import { DiscordUnavailableError } from '../src/index.js';
import { metricValue, rejection, startHarness, type Harness } from './harness.js';

let h: Harness;

beforeEach(async () => {
  h = await startHarness();
});

afterEach(async () => {
  await h.close();
});

const ROUTE = 'POST /channels/:channelId/messages';
const channel = (i: number): string => h.guild.channelIds[i]!;

describe('faults injected into the simulator', () => {
  it('opens the breaker on 5xx, after which calls fail fast without reaching Discord', async () => {
    const client = h.client({
      metrics: h.metrics,
      breaker: { volumeThreshold: 3, errorThresholdPercentage: 50, resetTimeoutMs: 60_000 },
    });
    await h.api.addFault({ kind: 'serverError', route: ROUTE, status: 503 });
    const failures: unknown[] = [];
    for (let i = 0; i < 10 && client.breaker.state === 'closed'; i++) {
      failures.push(await rejection(client.createMessage(channel(i), { content: 'x' })));
    }
    expect(client.breaker.state).toBe('open');
    expect(failures.length).toBeGreaterThanOrEqual(3);
    expect(
      failures.every(
        (e) => e instanceof DiscordUnavailableError && e.name === 'DiscordUnavailableError[503]',
      ),
    ).toBe(true);

    const seen = (await h.api.stats()).restRequests;
    for (let i = 0; i < 5; i++) {
      expect(await rejection(client.createMessage(channel(20 + i), { content: 'x' }))).toBeInstanceOf(
        CircuitOpenError,
      );
    }
    expect((await h.api.stats()).restRequests).toBe(seen);
    expect(seen).toBe(failures.length);
    expect(await metricValue(h.metrics, 'droas_discord_rest_requests_total', { status: '503' })).toBe(
      failures.length,
    );
  });

  it('waits out an injected 429: the next request goes after Retry-After, and no request goes before it', async () => {
    const client = h.client({ metrics: h.metrics });
    await h.api.addFault({ kind: 'rateLimit', route: ROUTE, count: 1, retryAfterMs: 1500 });

    const limited = await rejection(client.createMessage(channel(0), { content: 'x' }));
    expect(limited).toBeInstanceOf(RateLimitedError);
    expect(limited).toMatchObject({ code: 'user', status: 429 });
    expect((limited as RateLimitedError).retryAfterMs).toBeGreaterThanOrEqual(1500);

    // A worker that comes straight back is refused here, with the rest of the wait; Discord sees nothing.
    for (let i = 0; i < 20; i++) {
      expect(
        await rejection(client.createMessage(channel(0), { content: 'x' }, { maxWaitMs: 0 })),
      ).toMatchObject({
        code: 'route',
      });
    }
    expect((await h.api.stats()).restRequests).toBe(1);

    // One that may wait sleeps the rest of Retry-After, then goes through.
    await client.createMessage(channel(0), { content: 'after' }, { maxWaitMs: 5000 });
    const stats = await h.api.stats();
    expect(stats.restRequests).toBe(2);
    expect(stats.rateLimitedByScope.injected).toBe(1);
    expect(stats.messagesCreated).toBe(1);
    expect(await metricValue(h.metrics, 'droas_discord_rest_rate_limited_total', { scope: 'user' })).toBe(1);
  });

  it('aborts a request that runs past its timeout and counts it against the breaker', async () => {
    const client = h.client({
      requestTimeoutMs: 300,
      metrics: h.metrics,
      breaker: { volumeThreshold: 2, errorThresholdPercentage: 50, resetTimeoutMs: 60_000 },
    });
    await h.api.addFault({ kind: 'latency', route: ROUTE, latencyMs: 5000 });
    expect(await rejection(client.createMessage(channel(0), { content: 'x' }))).toBeInstanceOf(
      CallTimeoutError,
    );
    expect(await rejection(client.createMessage(channel(1), { content: 'x' }))).toBeInstanceOf(
      CallTimeoutError,
    );
    expect(client.breaker.state).toBe('open');
    expect(await metricValue(h.metrics, 'droas_discord_rest_requests_total', { status: 'timeout' })).toBe(2);
  });
});
