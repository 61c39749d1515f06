import { startWorkerStack, type WorkerStack } from './support/workerStack';

describe('kill -9 of one of two workers during steady traffic', () => {
  let stack: WorkerStack;

  beforeAll(async () => {
    stack = await startWorkerStack({ workers: 2 });
  });
  afterAll(() => stack?.close());

  it('answers every interaction exactly once and loses none', async () => {
    const ids: string[] = [];
    const victim = stack.workers[0]!;
    const started = Date.now();
    let killed = false;
    // ~6 s at ~40 commands/s, half of them touching Postgres (/balance), the rest /ping.
    while (Date.now() - started < 6_000) {
      if (!killed && Date.now() - started > 2_000) {
        victim.process.child.kill('SIGKILL');
        killed = true;
      }
      ids.push(stack.dispatch(ids.length % 2 ? 'balance' : 'ping'));
      await new Promise((r) => setTimeout(r, 25));
    }
    expect(await victim.process.exited).toBe('SIGKILL');
    expect(ids.length).toBeGreaterThan(150);

    const timelines = await stack.waitAnswered(ids, 60_000);
    for (const t of timelines) {
      expect(t.acknowledgement).not.toBeNull();
      expect(t.violations).toEqual([]);
    }
    const stats = stack.sim.state.stats.toJSON();
    expect(stats.doubleAcknowledgements).toBe(0);
    expect(stats.lateAcknowledgements).toBe(0);
    // Nothing failed for good: the killed worker's jobs stalled and ran again elsewhere.
    expect(await stack.interactionsQueue.getFailedCount()).toBe(0);
  });
});
