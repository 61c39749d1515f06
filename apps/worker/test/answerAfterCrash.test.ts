import { RedisNamespace } from '@droas/runtime';
import { interactionKeys, RECORD_FIELD } from '@droas/ack-protocol';
import { QUEUE_NAMES } from '@droas/contracts';
import { SimClient } from '@droas/discord-sim';
import { eventually } from '@droas/testkit';
import { startWorkerStack, type WorkerStack } from './support/workerStack';

const CALLBACK = 'POST /interactions/:interactionId/:token/callback';

// The acknowledgement protocol when a worker dies around its callback: each scenario is a rare case of the
// economy's kill -9 test (economyConcurrentPay) made certain.
describe('answering when a worker dies around its callback', () => {
  let stack: WorkerStack;
  let control: SimClient;
  let record: (guildId: string, id: string) => string;

  beforeAll(async () => {
    stack = await startWorkerStack({ workers: 1, sim: { population: { count: 1, membersPerGuild: 5 } } });
    control = new SimClient(stack.sim.controlUrl);
    record = interactionKeys(new RedisNamespace(stack.ns.prefix)).record;
  }, 90_000);
  afterAll(() => stack?.close(), 60_000);
  afterEach(() => control.clearFaults());

  it('acknowledges once when the worker dies while its callback is on its way', async () => {
    // The callback takes 1.2 s to reach Discord; the worker dies right after sending it. Its claim lasts until
    // nothing it sent can land, so the guard does not defer beside it (which Discord would refuse, 40060).
    // The job runs again on a new worker, finds the claim lapsed, asks Discord, and edits the same answer in.
    await control.addFault({ kind: 'latency', route: CALLBACK, count: 1, latencyMs: 1_200 });
    const id = stack.dispatch('balance');
    const guildId = stack.timeline(id)!.guildId!;
    await eventually(
      async () =>
        (await stack.redis.hget(record(guildId, id), RECORD_FIELD.ack))?.startsWith('W:') ? true : undefined,
      5_000,
    );
    await new Promise((r) => setTimeout(r, 100));
    const victim = stack.workers[0]!;
    victim.process.child.kill('SIGKILL');
    expect(await victim.process.exited).toBe('SIGKILL');
    await stack.addWorker();

    const [t] = await stack.waitAnswered([id], 30_000);
    expect(t!.acknowledgement).toMatchObject({ type: 4, ephemeral: true });
    expect(t!.acknowledgement!.latencyMs).toBeLessThan(3_000);
    expect(t!.content).toMatch(/^💰 You have/);
    expect(t!.violations).toEqual([]);
    expect(stack.sim.state.stats.toJSON().doubleAcknowledgements).toBe(0);
  });

  it('never acknowledges twice when the worker dies and its callback never lands: it records the loss', async () => {
    // Discord holds the callback and drops it unapplied, and the worker dies. Nobody can know in time that it
    // will not land, so nobody acknowledges beside it: the member sees "did not respond", as they would for
    // any request Discord lost. What the protocol guarantees is no double and no late acknowledgement, and a
    // record that says what happened (the claim settles as dead once Discord's record is final).
    await control.addFault({ kind: 'timeout', route: CALLBACK, count: 1, latencyMs: 30_000 });
    const before = stack.sim.state.stats.toJSON();
    const id = stack.dispatch('balance');
    const guildId = stack.timeline(id)!.guildId!;
    await eventually(
      async () =>
        (await stack.redis.hget(record(guildId, id), RECORD_FIELD.ack))?.startsWith('W:') ? true : undefined,
      5_000,
    );
    await new Promise((r) => setTimeout(r, 100));
    const victim = stack.workers[0]!;
    victim.process.child.kill('SIGKILL');
    await victim.process.exited;
    await stack.addWorker();

    await eventually(
      async () =>
        (await stack.redis.hget(record(guildId, id), RECORD_FIELD.ack)) === 'dead' ? true : undefined,
      30_000,
      'the claim settled as dead',
    );
    const t = stack.timeline(id)!;
    expect(t.acknowledgement).toBeNull();
    expect(t.violations).toEqual([]);
    const after = stack.sim.state.stats.toJSON();
    expect(after.doubleAcknowledgements).toBe(before.doubleAcknowledgements);
    expect(after.lateAcknowledgements).toBe(before.lateAcknowledgements);
  });

  it('edits, not answers again, when a job runs again after its callback landed', async () => {
    // The bug: a job that ran again after its callback landed (the worker died before marking it done) sent
    // the callback a second time, and Discord refused it with 40060. Now the claim says it was answered, or,
    // once that is gone too, Discord is asked; either way the answer is edited in again.
    for (const forgetClaim of [false, true]) {
      const id = stack.dispatch('balance');
      const [t] = await stack.waitAnswered([id]);
      expect(t!.acknowledgement).toMatchObject({ type: 4 });
      const job = await stack.interactionsQueue.getJob(`ix-${id}`);
      // As if the worker died right after the callback: no done marker (and maybe no claim either).
      const key = record(t!.guildId!, id);
      await stack.redis.hdel(key, RECORD_FIELD.done);
      if (forgetClaim) {
        await new Promise((r) => setTimeout(r, 3_500));
        await stack.redis.hdel(key, RECORD_FIELD.ack);
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
