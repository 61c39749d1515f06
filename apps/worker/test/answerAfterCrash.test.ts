import { ackClaimKey, interactionDedupeKey, QUEUE_NAMES } from '@droas/contracts';
import { SimClient } from '@droas/discord-sim';
import { eventually } from '@droas/testkit';
import { startWorkerStack, type WorkerStack } from './support/workerStack';

const CALLBACK = 'POST /interactions/:interactionId/:token/callback';

// Regressions of the acknowledgement protocol when a worker dies around its callback, found by the economy's
// kill -9 test (economyConcurrentPay): each scenario here is that test's rare case made certain.
describe('answering when a worker dies around its callback', () => {
  let stack: WorkerStack;
  let control: SimClient;

  beforeAll(async () => {
    stack = await startWorkerStack({ workers: 1, sim: { population: { count: 1, membersPerGuild: 5 } } });
    control = new SimClient(stack.sim.controlUrl);
  }, 90_000);
  afterAll(() => stack?.close(), 60_000);
  afterEach(() => control.clearFaults());

  it('still acknowledges in time when the worker dies after claiming, before its callback lands', async () => {
    // The bug: the worker's "sending" claim lived 15 minutes, so the gateway's guard, seeing it, waited until
    // its last check and gave up; the interaction was never acknowledged and the user saw "did not respond".
    // Now the claim is a lease that ends before the guard's last check.
    await control.addFault({ kind: 'timeout', route: CALLBACK, count: 1, latencyMs: 30_000 });
    const id = stack.dispatch('balance');
    // The worker has claimed the acknowledgement; its callback hangs at Discord, unapplied; the worker dies.
    const claim = `${stack.ns.prefix}:${ackClaimKey(id)}`;
    await eventually(async () => ((await stack.redis.get(claim)) === 'worker' ? true : undefined), 5_000);
    await new Promise((r) => setTimeout(r, 100));
    const victim = stack.workers[0]!;
    victim.process.child.kill('SIGKILL');
    expect(await victim.process.exited).toBe('SIGKILL');
    await stack.addWorker();

    const [t] = await stack.waitAnswered([id], 30_000);
    expect(t!.acknowledgement).toMatchObject({ type: 5, ephemeral: true });
    expect(t!.acknowledgement!.latencyMs).toBeLessThan(3_000);
    expect(t!.content).toMatch(/^💰 You have/);
    expect(t!.violations).toEqual([]);
  });

  it('edits, not answers again, when a job runs again after its callback landed', async () => {
    // The bug: a job that ran again after its callback landed (the worker died before marking it done) sent
    // the callback a second time, and Discord refused it with 40060; the edit that followed was right.
    const key = (name: string) => `${stack.ns.prefix}:${name}`;
    for (const delayMs of [0, 3_500]) {
      const id = stack.dispatch('balance');
      const [t] = await stack.waitAnswered([id]);
      expect(t!.acknowledgement).toMatchObject({ type: 4 });
      const job = await stack.interactionsQueue.getJob(`ix-${id}`);
      // As if the worker died right after the callback: no done marker. After 3 s the claim may be gone too.
      await stack.redis.del(key(interactionDedupeKey(id)));
      if (delayMs > 0) {
        await new Promise((r) => setTimeout(r, delayMs));
        await stack.redis.del(key(ackClaimKey(id)));
      }
      const before = stack.sim.state.stats.toJSON().doubleAcknowledgements;
      const again = await stack.interactionsQueue.add(QUEUE_NAMES.interactions, job!.data, {
        jobId: `rerun-${id}`,
      });
      await eventually(async () =>
        (await stack.interactionsQueue.getJobState(again.id!)) === 'completed' ? true : undefined,
      );
      const after = stack.timeline(id)!;
      expect(stack.sim.state.stats.toJSON().doubleAcknowledgements).toBe(before);
      expect(after.violations).toEqual([]);
      expect(after.edits).toHaveLength(1);
      expect(after.edits[0]!.content).toBe(t!.content);
    }
  });
});
