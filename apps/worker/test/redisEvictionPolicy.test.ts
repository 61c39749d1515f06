import {
  createTestDatabase,
  eventually,
  GATEWAY_MANAGER_ENTRY,
  spawnApp,
  startPrivateRedis,
  startWorker,
  WORKER_ENTRY,
  type PrivateRedis,
  type TestDatabase,
} from '@droas/testkit';
import { startSimulator, type Simulator } from '@droas/discord-sim';
import { Redis } from 'ioredis';

// With any eviction policy but noeviction, a full Redis silently deletes queued jobs (all 250 of a backlog,
// when this was tried by hand), and every process still said it was ready. Now the apps refuse to start on
// such a Redis, and stop being ready if its policy changes while they run.
describe('Redis eviction policy', () => {
  let redis: PrivateRedis;
  let admin: Redis;
  let sim: Simulator;
  let db: TestDatabase;

  beforeAll(async () => {
    redis = await startPrivateRedis();
    admin = new Redis(redis.url);
    sim = await startSimulator({ population: { count: 1, membersPerGuild: 2 } });
    db = await createTestDatabase();
  }, 60_000);
  afterAll(async () => {
    admin?.disconnect();
    await sim?.close();
    await redis?.close();
    await db?.drop();
  });

  const discordEnv = () => ({ DISCORD_TOKEN: sim.botToken, DISCORD_API_URL: sim.restUrl });

  it('refuses to start the worker and the gateway on allkeys-lru, naming the setting', async () => {
    await admin.config('SET', 'maxmemory-policy', 'allkeys-lru');
    const worker = spawnApp(WORKER_ENTRY, {
      ...discordEnv(),
      REDIS_URL: redis.url,
      DATABASE_URL: db.url,
      OPS_HOST: '127.0.0.1',
      OPS_PORT: '0',
    });
    const gateway = spawnApp(GATEWAY_MANAGER_ENTRY, {
      ...discordEnv(),
      REDIS_URL: redis.url,
      TOTAL_SHARDS: '1',
      OPS_HOST: '127.0.0.1',
      OPS_PORT: '0',
    });
    for (const app of [worker, gateway]) {
      expect(await app.exited).toBe(78);
      expect(app.lines.join('\n')).toMatch(/maxmemory-policy is allkeys-lru, and DROAS needs noeviction/);
    }
  });

  it('stops being ready when the policy changes while it runs, and is ready again once it is restored', async () => {
    await admin.config('SET', 'maxmemory-policy', 'noeviction');
    const worker = await startWorker({
      discord: sim,
      redisUrl: redis.url,
      prefix: 'eviction',
      databaseUrl: db.url,
      env: { REDIS_MEMORY_CHECK_MS: '200' },
    });
    try {
      const ready = async () => (await fetch(`${worker.opsUrl}/readyz`)).status;
      await eventually(async () => ((await ready()) === 200 ? true : undefined), 10_000);
      await admin.config('SET', 'maxmemory-policy', 'volatile-lru');
      const body = await eventually(async () => {
        const res = await fetch(`${worker.opsUrl}/readyz`);
        return res.status === 503 ? await res.json() : undefined;
      }, 10_000);
      expect(body).toMatchObject({ ok: false, checks: { redisNoEviction: 'not ready' } });
      const metrics = await (await fetch(`${worker.opsUrl}/metrics`)).text();
      expect(metrics).toMatch(/^droas_redis_noeviction\{[^}]*\} 0$/m);
      expect(metrics).toMatch(/^droas_redis_memory_used_bytes\{[^}]*\} [1-9]/m);
      await admin.config('SET', 'maxmemory-policy', 'noeviction');
      await eventually(async () => ((await ready()) === 200 ? true : undefined), 10_000);
      expect(
        worker.process.logs().some((l) => String(l.msg).includes('maxmemory-policy is volatile-lru')),
      ).toBe(true);
    } finally {
      await worker.stop();
    }
  });
});
