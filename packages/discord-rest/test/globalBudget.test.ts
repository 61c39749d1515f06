import { RateLimitedError } from '@droas/resilience';
import { DefaultDiscordRestOptions, type DiscordRestClient } from '../src/index.js';
import { metricValue, rejection, startHarness, type Harness } from './harness.js';

let h: Harness | undefined;

afterEach(async () => {
  await h?.close();
  h = undefined;
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the cluster-wide global budget', () => {
  it('keeps two replicas bursting across many channels under the global limit, with no 429 at all', async () => {
    h = await startHarness();
    const harness = h;
    const replicas = [
      harness.client({ metrics: harness.metrics }),
      harness.client({ metrics: harness.metrics }),
    ];
    const runMs = 2500;
    const startedAt = Date.now();
    const deadline = startedAt + runMs;
    // Each replica owns half the channels: per-route buckets are per process, and two replicas writing to
    // one channel is what the worker's per-channel Redis bucket prevents.
    const channelsOf = (r: number) => harness.guild.channelIds.filter((_, i) => i % 2 === r);
    let refusals = 0;
    const sendLoop = async (client: DiscordRestClient, channels: string[], lane: number): Promise<void> => {
      for (let n = lane; Date.now() < deadline; n += 10) {
        try {
          await client.createMessage(channels[n % channels.length]!, { content: `burst ${n}` });
        } catch (error) {
          if (!(error instanceof RateLimitedError)) throw error;
          refusals++;
          // What a worker does with a RateLimitedError: come back after retryAfterMs.
          await sleep(Math.min(error.retryAfterMs, deadline - Date.now()));
        }
      }
    };
    await Promise.all(
      replicas.flatMap((client, r) =>
        Array.from({ length: 10 }, (_, lane) => sendLoop(client, channelsOf(r), lane)),
      ),
    );
    const elapsedMs = Date.now() - startedAt;

    const stats = await harness.api.stats();
    expect(stats.rateLimitedByScope.global).toBe(0);
    expect(stats.rateLimited).toBe(0);
    // The shared bucket's ceiling: its burst plus its rate over the run, for both replicas together.
    const { globalBurst, globalPerSecond } = DefaultDiscordRestOptions;
    expect(stats.restRequests).toBeLessThanOrEqual(
      globalBurst + Math.ceil((globalPerSecond * elapsedMs) / 1000),
    );
    // Twenty senders wanted far more than that: the global budget, not a lack of demand, held them back.
    const waited = await metricValue(harness.metrics, 'droas_discord_rest_limit_waits_total', {
      limit: 'global',
    });
    expect(waited).toBeGreaterThan(stats.restRequests);
    expect(stats.messagesCreated).toBe(stats.restRequests);
    console.info(
      `global budget: ${stats.restRequests} requests in ${elapsedMs} ms (${((stats.restRequests * 1000) / elapsedMs).toFixed(1)}/s) from 2 replicas, ${waited} global waits, ${refusals} refusals, 0 429s`,
    );
  });

  it("records Discord's global 429 in Redis, so another replica holds back without asking", async () => {
    // A simulator far stricter than the client's budget, so its global limit is what answers.
    h = await startHarness({ globalRateLimitPerSec: 3 });
    const first = h.client({ globalPerSecond: 100, globalBurst: 10 });
    const second = h.client({ globalPerSecond: 100, globalBurst: 10 });
    for (let i = 0; i < 3; i++) await first.createMessage(h.guild.channelIds[i]!, { content: `m${i}` });
    const limited = await rejection(first.createMessage(h.guild.channelIds[3]!, { content: 'm3' }));
    expect(limited).toBeInstanceOf(RateLimitedError);
    expect(limited).toMatchObject({ code: 'global', status: 429 });

    const before = (await h.api.stats()).restRequests;
    const refused = await rejection(
      second.createMessage(h.guild.channelIds[4]!, { content: 'm4' }, { maxWaitMs: 0 }),
    );
    expect(refused).toMatchObject({ code: 'global' });
    expect(refused).not.toHaveProperty('status', 429);
    expect((await h.api.stats()).restRequests).toBe(before);
    expect((await h.api.stats()).rateLimitedByScope.global).toBe(1);
  });
});
