import { workerReadiness, type WorkerReadinessDeps } from './workerReadiness';

function deps(overrides: Partial<WorkerReadinessDeps> = {}): WorkerReadinessDeps {
  return {
    probePostgres: () => Promise.resolve(),
    pingRedis: () => Promise.resolve('PONG'),
    bullmqConnectionStatus: () => 'ready',
    redisNoEviction: () => true,
    workersRunning: () => true,
    ...overrides,
  };
}

describe('workerReadiness', () => {
  it('checks Postgres, Redis, the eviction policy and the workers, and nothing about paused intake', () => {
    expect(Object.keys(workerReadiness(deps())).sort()).toEqual([
      'postgres',
      'redis',
      'redisNoEviction',
      'workers',
    ]);
  });

  it('says what is wrong with each dependency', async () => {
    const checks = workerReadiness(
      deps({
        probePostgres: () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:5432')),
        bullmqConnectionStatus: () => 'reconnecting',
      }),
    );
    await expect(Promise.resolve().then(checks.postgres)).rejects.toThrow(
      'unreachable: connect ECONNREFUSED 127.0.0.1:5432',
    );
    await expect(Promise.resolve().then(checks.redis)).rejects.toThrow(
      'unreachable: the BullMQ connection is reconnecting',
    );
  });

  it('fails Redis when PING does not answer although the connection looks up', async () => {
    const checks = workerReadiness(deps({ pingRedis: () => new Promise(() => {}) }), { timeoutMs: 20 });
    await expect(Promise.resolve().then(checks.redis)).rejects.toThrow('unreachable: no answer within 20 ms');
  });
});
