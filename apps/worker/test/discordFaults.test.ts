import { SimClient } from '@droas/discord-sim';
import { eventually, scrapeMetric } from '@droas/testkit';
import { startWorkerStack, type WorkerStack } from './support/workerStack';

const CALLBACK = 'POST /interactions/:interactionId/:token/callback';
const EDIT = 'PATCH /webhooks/:applicationId/:token/messages/:messageId';

describe('Discord answering with 5xx and 429s', () => {
  let stack: WorkerStack;
  let control: SimClient;

  beforeAll(async () => {
    stack = await startWorkerStack({ workers: 2, workerEnv: { BREAKER_RESET_MS: '1500' } });
    control = new SimClient(stack.sim.controlUrl);
  });
  afterAll(() => stack?.close());
  afterEach(() => control.clearFaults());

  it('waits out 429s: every interaction answered, no hot loop', async () => {
    // 429s on the edit route, which has no 3 s deadline: the workers are stopped for 2 s so every interaction
    // is deferred by the gateway and answered by an edit, half of which Discord refuses at first.
    await control.addFault({ kind: 'rateLimit', route: EDIT, probability: 0.5, retryAfterMs: 500 });
    const before = stack.sim.state.stats.toJSON();
    for (const w of stack.workers) w.process.child.kill('SIGSTOP');
    let ids: string[];
    try {
      ids = Array.from({ length: 30 }, () => stack.dispatch('ping'));
      await new Promise((r) => setTimeout(r, 2_000));
    } finally {
      for (const w of stack.workers) w.process.child.kill('SIGCONT');
    }
    const timelines = await stack.waitAnswered(ids);
    for (const t of timelines) {
      expect(t.acknowledgement).toMatchObject({ type: 5 });
      expect(t.content).toMatch(/^Pong!/);
      expect(t.violations).toEqual([]);
    }
    const after = stack.sim.state.stats.toJSON();
    const injected = after.rateLimitedByScope.injected - before.rateLimitedByScope.injected;
    expect(injected).toBeGreaterThan(5);
    // Each 429 is followed by one later try, not a burst: requests stay within a small multiple.
    expect(after.restRequests - before.restRequests).toBeLessThan(ids.length * 5);
  });

  it('opens the breaker on 5xx, pauses intake, and answers again once Discord recovers', async () => {
    const fault = await control.addFault({ kind: 'serverError', route: CALLBACK, status: 503 });
    // Interactions sent while Discord fails cannot be acknowledged by anyone: Discord itself is down. Traffic
    // keeps coming until a replica's failures outweigh the successes still in its breaker's rolling window
    // from the test before (a fixed dozen was sometimes too few on a loaded machine).
    const during: string[] = [];
    await eventually(async () => {
      for (let i = 0; i < 2; i++) during.push(stack.dispatch('ping'));
      const opened = await Promise.all(
        stack.workers.map((w) =>
          scrapeMetric(w.opsUrl, 'droas_circuit_breaker_transitions_total', {
            breaker: 'discord-rest',
            to: 'open',
          }),
        ),
      );
      return opened.some((n) => n > 0) ? true : undefined;
    }, 15_000);
    expect(
      stack.workers
        .flatMap((w) => w.process.logs())
        .some((l) => l.msg === 'dependency down: pausing intake, jobs wait in the queue'),
    ).toBe(true);
    // Paused intake is the replica handling the outage as designed, not a reason to hold up a rollout or a
    // node drain: a paused replica stays ready.
    await eventually(async () => {
      during.push(stack.dispatch('ping'));
      for (const w of stack.workers) {
        if ((await scrapeMetric(w.opsUrl, 'droas_worker_paused')) !== 1) continue;
        if ((await fetch(`${w.opsUrl}/readyz`)).status === 200) return true;
      }
      return undefined;
    }, 15_000);
    expect(fault.id).toBeDefined();
    await control.clearFaults();

    const ids = Array.from({ length: 20 }, () => stack.dispatch('ping'));
    const timelines = await stack.waitAnswered(ids, 30_000);
    for (const t of timelines) {
      expect(t.content).toMatch(/^Pong!/);
      expect(t.violations).toEqual([]);
    }
    expect(during.length).toBeGreaterThanOrEqual(2);
    // Intake resumes on every replica once its breaker's trial call succeeds.
    await eventually(async () => {
      const paused = await Promise.all(
        stack.workers.map((w) => scrapeMetric(w.opsUrl, 'droas_worker_paused')),
      );
      return paused.every((p) => p === 0) ? true : undefined;
    }, 15_000);
  });

  it('stays far from the global and invalid-request limits', () => {
    const stats = stack.sim.state.stats.toJSON();
    expect(stats.rateLimitedByScope.global).toBe(0);
    expect(stats.rateLimitedByScope.banned).toBe(0);
    // 429s we injected count as invalid requests at Discord too; still nowhere near 10,000 per 10 minutes.
    expect(stats.invalidRequests).toBeLessThan(500);
  });
});
