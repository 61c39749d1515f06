import { cacheProbe, createLogger, Metrics, startOpsServer, type OpsServer } from '../src/index';

describe('startOpsServer (real HTTP on a free port)', () => {
  const logger = createLogger({ name: 'test', level: 'silent' });
  let server: OpsServer;
  let redisUp = true;
  let postgresUp = true;
  const metrics = new Metrics({ defaultLabels: { service: 'test' } });
  const jobs = metrics.counter({ name: 'jobs_total', help: 'jobs', labelNames: ['outcome'] });

  beforeAll(async () => {
    server = await startOpsServer({
      port: 0,
      host: '127.0.0.1',
      metrics,
      logger,
      checkTimeoutMs: 100,
      readiness: {
        redis: () => redisUp,
        slow: () => new Promise<void>((r) => setTimeout(r, 10)),
        postgres: cacheProbe(
          () =>
            postgresUp ? Promise.resolve() : Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:5432')),
          { reuseMs: 0, timeoutMs: 50 },
        ),
      },
    });
  });
  afterAll(() => server.close());

  it('answers /livez', async () => {
    const res = await fetch(`${server.url}/livez`);
    expect(res.status).toBe(200);
  });

  it('answers /readyz with every check, and 503 when one fails', async () => {
    let res = await fetch(`${server.url}/readyz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, checks: { redis: 'ok', slow: 'ok', postgres: 'ok' } });
    redisUp = false;
    res = await fetch(`${server.url}/readyz`);
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({
      ok: false,
      checks: { redis: 'not ready', slow: 'ok', postgres: 'ok' },
    });
    redisUp = true;
  });

  it('names a dependency that does not answer, with what it said', async () => {
    postgresUp = false;
    const res = await fetch(`${server.url}/readyz`);
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({
      ok: false,
      checks: {
        redis: 'ok',
        slow: 'ok',
        postgres: 'error: unreachable: connect ECONNREFUSED 127.0.0.1:5432',
      },
    });
    postgresUp = true;
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
  });

  it('turns not-ready at once when shutdown begins', async () => {
    server.markNotReady('shutting down');
    const res = await fetch(`${server.url}/readyz`);
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ ok: false, reason: 'shutting down' });
  });

  it('serves droas_-prefixed metrics with default labels, process metrics included', async () => {
    jobs.inc({ outcome: 'completed' }, 3);
    const text = await (await fetch(`${server.url}/metrics`)).text();
    expect(text).toContain('droas_jobs_total{outcome="completed",service="test"} 3');
    expect(text).toMatch(/^droas_process_resident_memory_bytes\{service="test"\} \d+/m);
    const names = [...text.matchAll(/^# TYPE (\S+)/gm)].map((m) => m[1]);
    expect(names.length).toBeGreaterThan(5);
    expect(names.filter((n) => !n?.startsWith('droas_'))).toEqual([]);
  });

  it('answers 404 for anything else', async () => {
    expect((await fetch(`${server.url}/nope`)).status).toBe(404);
  });
});
