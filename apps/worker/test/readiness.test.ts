import { startSimulator, type Simulator } from '@droas/discord-sim';
import {
  eventually,
  MIGRATE_CLI,
  startPrivatePostgres,
  startPrivateRedis,
  startWorker,
  type PrivatePostgres,
  type PrivateRedis,
  type RunningWorker,
} from '@droas/testkit';

interface Readiness {
  status: number;
  body: { ok: boolean; checks: Record<string, string> };
}

// /readyz used to look at the Redis connection's status and at paused intake only: a replica whose Postgres
// was gone said it was ready until its breaker opened, and one paused by a Discord outage said it was not.
// Now it asks Postgres and Redis themselves and names what failed. Private servers: both are stopped here.
describe('worker readiness against Postgres and Redis outages', () => {
  let pg: PrivatePostgres;
  let redis: PrivateRedis;
  let sim: Simulator;
  let worker: RunningWorker;

  const readiness = async (): Promise<Readiness> => {
    const res = await fetch(`${worker.opsUrl}/readyz`);
    return { status: res.status, body: (await res.json()) as Readiness['body'] };
  };
  const until = (what: string, accept: (r: Readiness) => boolean) =>
    eventually(
      async () => {
        const r = await readiness();
        return accept(r) ? r : undefined;
      },
      20_000,
      what,
    );

  beforeAll(async () => {
    [pg, redis, sim] = await Promise.all([
      startPrivatePostgres({ migrateCli: MIGRATE_CLI }),
      startPrivateRedis({ appendFsync: 'no' }),
      startSimulator({ population: { count: 1, membersPerGuild: 2 } }),
    ]);
    worker = await startWorker({ discord: sim, redisUrl: redis.url, prefix: 'ready', databaseUrl: pg.url });
  }, 120_000);
  afterAll(async () => {
    await worker?.stop();
    await sim?.close();
    await redis?.close();
    await pg?.close();
  }, 60_000);

  it('is ready with every check passing', async () => {
    const r = await until('ready', (x) => x.status === 200);
    expect(r.body).toEqual({
      ok: true,
      checks: { postgres: 'ok', redis: 'ok', redisNoEviction: 'ok', workers: 'ok' },
    });
  });

  it('reports Postgres unreachable while it is stopped, and recovers when it is back', async () => {
    await pg.stop();
    try {
      const down = await until('not ready', (x) => x.status === 503);
      expect(down.body.ok).toBe(false);
      expect(down.body.checks.postgres).toMatch(/^error: unreachable: /);
      expect(down.body.checks.redis).toBe('ok');
      // Alive all along: the orchestrator must not restart a replica for its database's outage.
      expect((await fetch(`${worker.opsUrl}/livez`)).status).toBe(200);
    } finally {
      await pg.start();
    }
    const back = await until('ready again', (x) => x.status === 200);
    expect(back.body.checks.postgres).toBe('ok');
  }, 60_000);

  it('reports Redis unreachable while it is stopped, and recovers when it is back', async () => {
    await redis.stop();
    try {
      const down = await until('not ready', (x) => x.status === 503);
      expect(down.body.checks.redis).toMatch(/^error: unreachable: /);
      expect(down.body.checks.postgres).toBe('ok');
    } finally {
      await redis.start();
    }
    await until('ready again', (x) => x.status === 200);
  }, 60_000);
});
