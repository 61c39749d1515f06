import { scrapeMetric } from '@droas/testkit';
import { startWorkerStack, type WorkerStack } from './support/workerStack';

describe('/ping through gateway, queue and worker', () => {
  let stack: WorkerStack;

  beforeAll(async () => {
    stack = await startWorkerStack({ workers: 1 });
  });
  afterAll(() => stack?.close());

  it('answers with the callback itself (type 4) and no deferral at low load', async () => {
    const ids = Array.from({ length: 10 }, () => stack.dispatch('ping'));
    const timelines = await stack.waitAnswered(ids);
    for (const t of timelines) {
      expect(t.acknowledgement).toMatchObject({ type: 4, ephemeral: true });
      expect(t.acknowledgement!.latencyMs).toBeLessThan(1_500);
      expect(t.content).toMatch(/^Pong! Answered \d+ ms after you asked\.$/);
      expect(t.edits).toEqual([]);
      expect(t.violations).toEqual([]);
    }
  });

  it('answers by deferral and edit when the worker is stopped for 2 s', async () => {
    const worker = stack.workers[0]!;
    worker.process.child.kill('SIGSTOP');
    let ids: string[];
    try {
      ids = Array.from({ length: 5 }, () => stack.dispatch('ping'));
      await new Promise((r) => setTimeout(r, 2_000));
    } finally {
      worker.process.child.kill('SIGCONT');
    }
    const timelines = await stack.waitAnswered(ids);
    for (const t of timelines) {
      expect(t.acknowledgement).toMatchObject({ type: 5, ephemeral: true });
      expect(t.acknowledgement!.latencyMs).toBeLessThan(3_000);
      expect(t.edits.length).toBeGreaterThanOrEqual(1);
      expect(t.content).toMatch(/^Pong!/);
      expect(t.violations).toEqual([]);
    }
    expect(
      await scrapeMetric(worker.opsUrl, 'droas_worker_interaction_answer_age_seconds_count', { via: 'edit' }),
    ).toBeGreaterThanOrEqual(5);
  });

  it('never broke an interaction rule', () => {
    const stats = stack.sim.state.stats.toJSON();
    expect(stats.lateAcknowledgements).toBe(0);
    expect(stats.doubleAcknowledgements).toBe(0);
    expect(stats.expiredTokenUses).toBe(0);
  });
});
