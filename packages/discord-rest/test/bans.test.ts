import { Redis } from 'ioredis';
import { RateLimitedError } from '@droas/resilience';
import type { Logger } from '@droas/runtime';
import { DiscordErrorCode, isDiscordApiError, type DiscordRestClient } from '../src/index.js';
import { metricValue, rejection, startHarness, type Harness } from './harness.js';

let h: Harness | undefined;

afterEach(async () => {
  await h?.close();
  h = undefined;
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// The simulator bans after this many invalid answers in its window (Discord: 10,000 in 10 minutes), for
// BAN_MS; the clients take a ban that does not say how long it lasts (the JSON one) to last as long.
const SIM_INVALID_LIMIT = 3;
const BAN_MS = 2000;
// Requests each replica tries while banned, one after another, as a worker's jobs would come.
const ATTEMPTS = 25;

/** Records what a client logs, by level; the runtime logger would only print it. */
function recordingLogger(): { logger: Logger; lines: Record<'error' | 'warn' | 'info', string[]> } {
  const lines = { error: [] as string[], warn: [] as string[], info: [] as string[] };
  const at = (level: keyof typeof lines) => (_fields: unknown, message: string) => lines[level].push(message);
  const logger = { error: at('error'), warn: at('warn'), info: at('info'), debug: () => {} };
  return { logger: logger as unknown as Logger, lines };
}

// The simulator's names for the two shapes, and the client's.
const SHAPES = [
  { sim: 'cloudflare', shape: 'text' },
  { sim: 'json', shape: 'json' },
] as const;

describe.each(SHAPES)('an invalid-request ban in its $shape shape', ({ sim, shape }) => {
  it('stops every replica within one request each, refuses locally while it lasts, and resumes after', async () => {
    h = await startHarness({
      invalidRequestLimit: SIM_INVALID_LIMIT,
      invalidRequestBanMs: BAN_MS,
      invalidRequestBanShape: sim,
    });
    const harness = h;
    const { logger, lines } = recordingLogger();
    const options = { metrics: harness.metrics, logger, banDurationMs: BAN_MS };
    const replicas = [harness.client(options), harness.client(options)];
    const [closed, ...open] = harness.guild.channelIds as [string, ...string[]];
    await harness.api.setChannelAccess(closed, 'missingAccess');

    // Invalid answers past the simulator's limit: its ban starts with the one after the limit.
    for (let i = 0; i <= SIM_INVALID_LIMIT; i++) {
      const error = await rejection(replicas[i % 2]!.createMessage(closed, { content: 'x' }));
      expect(isDiscordApiError(error, DiscordErrorCode.MissingAccess)).toBe(true);
    }
    expect((await harness.api.invalidRequests()).bannedForMs).toBeGreaterThan(0);
    const before = await harness.api.stats();

    // Both replicas keep sending at once, each one request at a time.
    const sendAll = async (client: DiscordRestClient, r: number): Promise<unknown[]> => {
      const errors: unknown[] = [];
      for (let i = 0; i < ATTEMPTS; i++) {
        errors.push(
          await rejection(client.createMessage(open[(r * ATTEMPTS + i) % open.length]!, { content: 'y' })),
        );
      }
      return errors;
    };
    const errorsByReplica = await Promise.all(replicas.map((client, r) => sendAll(client, r)));
    const during = await harness.api.stats();
    const reachedSim = during.restRequests - before.restRequests;

    // Each replica met the ban at most once (a 429 from the simulator); everything else was refused here.
    const bannedAnswers = errorsByReplica.map((errors) => errors.filter((e) => hasStatus(e, 429)).length);
    for (const [r, errors] of errorsByReplica.entries()) {
      expect(bannedAnswers[r]).toBeLessThanOrEqual(1);
      for (const error of errors) {
        expect(error).toBeInstanceOf(RateLimitedError);
        if (hasStatus(error, 429)) {
          expect(error).toMatchObject({ code: 'cloudflare' });
          continue;
        }
        expect(error).toMatchObject({ code: 'banned' });
        expect((error as RateLimitedError).message).toContain(`(${shape} answer)`);
        expect((error as RateLimitedError).retryAfterMs).toBeGreaterThan(0);
        expect((error as RateLimitedError).retryAfterMs).toBeLessThanOrEqual(BAN_MS);
      }
    }
    expect(reachedSim).toBe(bannedAnswers[0]! + bannedAnswers[1]!);
    expect(reachedSim).toBeGreaterThanOrEqual(1);
    expect(reachedSim).toBeLessThanOrEqual(replicas.length);
    expect(during.rateLimitedByScope.banned - before.rateLimitedByScope.banned).toBe(reachedSim);

    // A replica that has met no ban of its own learns it from Redis, and an interaction response, which a
    // ban refuses like everything else, is not sent either.
    const third = harness.client(options);
    expect(await rejection(third.createMessage(open[0]!, { content: 'z' }))).toMatchObject({
      code: 'banned',
    });
    const { id, token } = await harness.interaction();
    expect(
      await rejection(replicas[0]!.createInteractionResponse(id, token, { content: 'hi', ephemeral: true })),
    ).toMatchObject({ code: 'banned' });
    expect((await harness.api.stats()).restRequests).toBe(during.restRequests);

    // One error log and one ban counted, however many replicas met it.
    expect(lines.error).toHaveLength(1);
    expect(lines.error[0]).toContain('banned this bot');
    expect(await metricValue(harness.metrics, 'droas_discord_rest_bans_total', { shape })).toBe(1);
    expect(await metricValue(harness.metrics, 'droas_discord_rest_banned')).toBe(1);
    const refusals = await metricValue(harness.metrics, 'droas_discord_rest_limit_refusals_total', {
      limit: 'ban',
    });
    expect(refusals).toBe(2 * ATTEMPTS - reachedSim + 2);

    // After the ban, every replica sends again.
    const waitMs = Math.max(...errorsByReplica.flat().map((e) => (e as RateLimitedError).retryAfterMs));
    await sleep(waitMs + 50);
    expect((await harness.api.invalidRequests()).bannedForMs).toBe(0);
    for (const [r, client] of [...replicas, third].entries()) {
      await expect(client.createMessage(open[r]!, { content: 'back' })).resolves.toMatchObject({
        channelId: open[r],
      });
    }
    expect(lines.info).toContain('discord ban over; sending again');
    expect(await metricValue(harness.metrics, 'droas_discord_rest_banned')).toBe(0);

    const after = await harness.api.stats();
    const clientInvalid = await metricValue(harness.metrics, 'droas_discord_rest_invalid_requests');
    expect(after.invalidRequests).toBeLessThan(100);
    expect(clientInvalid).toBeLessThan(100);
    console.info(
      `${shape} ban (${BAN_MS} ms): ${2 * ATTEMPTS} attempts from 2 replicas reached the simulator ` +
        `${reachedSim} times (per replica ${bannedAnswers.join(', ')}), ${refusals} refused locally, ` +
        `${lines.error.length} error log, resumed after ${waitMs} ms; invalid requests: simulator ` +
        `${after.invalidRequests}, client window ${clientInvalid} (Discord bans at 10,000)`,
    );
  });
});

function hasStatus(error: unknown, status: number): boolean {
  return typeof error === 'object' && error !== null && (error as { status?: unknown }).status === status;
}

describe('without Redis', () => {
  it('still answers interactions, which went without Redis before bans were shared; nothing else goes', async () => {
    h = await startHarness();
    const down = new Redis({
      port: 1,
      lazyConnect: true,
      enableOfflineQueue: false,
      retryStrategy: () => null,
    });
    try {
      const client = h.client({ redis: down });
      const { id, token } = await h.interaction();
      await client.createInteractionResponse(id, token, { content: 'answered', ephemeral: true });
      expect((await h.api.interaction(id)).acknowledgement).toMatchObject({ type: 4 });
      await expect(client.createMessage(h.guild.channelIds[0]!, { content: 'x' })).rejects.toThrow();
      expect((await h.api.stats()).restRequests).toBe(1);
    } finally {
      down.disconnect();
    }
  });
});
