import { QUEUE_NAMES } from '@droas/contracts';
import { eventually, scrapeMetric } from '@droas/testkit';
import { startWorkerStack, type WorkerStack } from './support/workerStack';

describe('bad jobs pushed straight onto the queues', () => {
  let stack: WorkerStack;

  beforeAll(async () => {
    stack = await startWorkerStack({ workers: 1 });
  });
  afterAll(() => stack?.close());

  it('fails each once as invalid, says which field, and keeps going', async () => {
    // A real job to copy from, so each bad one differs in exactly one way.
    const goodId = stack.dispatch('ping');
    await stack.waitAnswered([goodId]);
    const good = (await stack.interactionsQueue.getJob(`ix-${goodId}`))!.data as Record<string, unknown>;

    const bad: Record<string, unknown> = {
      'bad-version': { ...good, v: 3 },
      'bad-missing': { ...good, guildId: undefined },
      'bad-huge': {
        ...good,
        command: { name: 'ping', options: [{ type: 3, name: 'note', value: 'x'.repeat(1_000_000) }] },
      },
      'bad-type': { ...good, user: { id: 12, username: 'x' } },
      'bad-kind': { kind: 'nonsense' },
    };
    for (const [jobId, data] of Object.entries(bad)) {
      await stack.interactionsQueue.add(QUEUE_NAMES.interactions, data, { jobId, attempts: 5 });
    }
    await stack.memberEventsQueue.add(
      QUEUE_NAMES.memberEvents,
      { kind: 'member-join', v: 1 },
      { jobId: 'bad-join', attempts: 5 },
    );

    for (const jobId of Object.keys(bad)) {
      // State first, then the job: a job read before its failure was written would show no reason.
      const job = await eventually(async () =>
        (await stack.interactionsQueue.getJobState(jobId)) === 'failed'
          ? stack.interactionsQueue.getJob(jobId)
          : undefined,
      );
      // Started once and never retried, although 5 attempts were allowed.
      expect(job.attemptsStarted).toBe(1);
      expect(job.failedReason).toMatch(/^invalid interaction job: /);
    }
    const join = await eventually(async () =>
      (await stack.memberEventsQueue.getJobState('bad-join')) === 'failed'
        ? stack.memberEventsQueue.getJob('bad-join')
        : undefined,
    );
    expect(join.failedReason).toMatch(/^invalid member-event job: .*guildId/);

    const lines = stack.workers[0]!.process.logs().filter(
      (l) => l.msg === 'invalid interaction job: not retried',
    );
    expect(lines.length).toBeGreaterThanOrEqual(5);
    const paths = lines.flatMap((l) => (l.problems as { path: string }[]).map((p) => p.path));
    expect(paths).toEqual(expect.arrayContaining(['v', 'guildId', 'command.options[0].value', 'user.id']));
    // The huge value is not in any log line.
    expect(stack.workers[0]!.process.lines.some((l) => l.includes('x'.repeat(1_000)))).toBe(false);

    // Still serving.
    const after = stack.dispatch('ping');
    const [t] = await stack.waitAnswered([after]);
    expect(t!.content).toMatch(/^Pong!/);
    expect(
      await scrapeMetric(stack.workers[0]!.opsUrl, 'droas_worker_jobs_total', {
        queue: 'interactions',
        outcome: 'invalid_or_permanent',
      }),
    ).toBe(5);
  });
});
