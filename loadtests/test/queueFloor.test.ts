import { createTestRedisNamespace, type TestRedisNamespace } from '@droas/testkit';
import { runQueueFloor } from '../src/index.js';

describe('runQueueFloor', () => {
  let ns: TestRedisNamespace;

  beforeAll(() => {
    ns = createTestRedisNamespace();
  });

  afterAll(async () => {
    await ns.cleanup();
  });

  it('sends every job through BullMQ at the rate asked, keeps DROAS’s retention, and counts its cost', async () => {
    const result = await runQueueFloor({
      redisUrl: ns.url,
      prefix: ns.prefix,
      ratePerSec: 400,
      durationMs: 3_000,
      consumers: 2,
    });

    expect(result.added).toBeGreaterThan(1_000);
    expect(result.processed).toBe(result.added);
    expect(result.waitMs.count).toBe(result.added);
    expect(result.cpuMsPerJob).toBeGreaterThan(0);
    expect(result.cpuMsByProcess.producer).toBeGreaterThan(0);
    expect(result.cpuMsByProcess.consumers).toBeGreaterThan(0);
    // The shared test Redis serves other files too, so only a lower bound holds: BullMQ's add, take and
    // finish scripts alone run more than 20 commands per job.
    expect(result.redisCommandsPerJob).toBeGreaterThan(20);
    // Completed jobs are trimmed to the newest 1,000 as DROAS's interaction queue keeps them.
    const redis = ns.connect();
    expect(await redis.zcard(`${ns.prefix}:queue-floor:completed`)).toBe(1_000);
  });

  it('refuses a rate or a consumer count it cannot run', async () => {
    const base = { redisUrl: ns.url, prefix: ns.prefix, durationMs: 100 };
    await expect(runQueueFloor({ ...base, ratePerSec: 0, consumers: 1 })).rejects.toThrow(
      'ratePerSec must be positive, got 0',
    );
    await expect(runQueueFloor({ ...base, ratePerSec: 10, consumers: 1.5 })).rejects.toThrow(
      'consumers must be a positive integer, got 1.5',
    );
  });
});
