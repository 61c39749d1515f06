import { Database, verifyLedger } from '@droas/db';
import { MIGRATE_CLI, scrapeMetric, startPrivatePostgres, type PrivatePostgres } from '@droas/testkit';
import { startWorkerStack, type WorkerStack } from './support/workerStack';

describe('Postgres stopped for 10 s under traffic', () => {
  let pg: PrivatePostgres;
  let stack: WorkerStack;

  beforeAll(async () => {
    pg = await startPrivatePostgres({ migrateCli: MIGRATE_CLI });
    stack = await startWorkerStack({
      workers: 2,
      databaseUrl: pg.url,
      workerEnv: { BREAKER_RESET_MS: '2000' },
    });
  }, 120_000);
  afterAll(async () => {
    await stack?.close();
    await pg?.close();
  }, 60_000);

  it('opens the breaker, pauses intake, fails no job for good, and answers everything after recovery', async () => {
    const ids: string[] = [];
    const started = Date.now();
    let stopped = false;
    // /daily writes to the ledger: every one of them needs Postgres. ~8 s at ~25/s, distinct members.
    while (Date.now() - started < 8_000) {
      if (!stopped && Date.now() - started > 1_000) {
        await pg.stop();
        stopped = true;
      }
      ids.push(stack.dispatch('daily'));
      await new Promise((r) => setTimeout(r, 40));
    }
    // Back after 10 s down.
    await new Promise((r) => setTimeout(r, Math.max(0, 11_000 - (Date.now() - started))));
    await pg.start();

    const timelines = await stack.waitAnswered(ids, 90_000);
    for (const t of timelines) {
      expect(t.acknowledgement).not.toBeNull();
      expect(t.violations).toEqual([]);
      expect(t.content).toMatch(/daily/i);
    }
    const deferred = timelines.filter((t) => t.acknowledgement!.type === 5);
    // Most were waiting out the outage: the gateway deferred them and the worker edited in the answer.
    expect(deferred.length).toBeGreaterThan(ids.length / 2);
    for (const t of deferred) expect(t.edits.length).toBeGreaterThanOrEqual(1);

    const stats = stack.sim.state.stats.toJSON();
    expect(stats.doubleAcknowledgements).toBe(0);
    expect(stats.lateAcknowledgements).toBe(0);
    expect(await stack.interactionsQueue.getFailedCount()).toBe(0);

    // The breaker opened and intake paused (and resumed): seen in the logs and metrics of the replicas.
    const pausedLogs = stack.workers
      .flatMap((w) => w.process.logs())
      .filter((l) => l.msg === 'dependency down: pausing intake, jobs wait in the queue');
    if (pausedLogs.length === 0) {
      // What the replicas said instead, by message and error code: the clue when the breaker stayed shut.
      const said = new Map<string, number>();
      for (const l of stack.workers.flatMap((w) => w.process.logs())) {
        const err = l.err as { code?: unknown; type?: unknown } | undefined;
        const what = `${String(l.msg)}${err ? ` [${String(err.type)} ${String(err.code)}]` : ''}`;
        said.set(what, (said.get(what) ?? 0) + 1);
      }
      throw new Error(`no replica paused intake; they logged: ${JSON.stringify([...said])}`);
    }
    for (const w of stack.workers) expect(await scrapeMetric(w.opsUrl, 'droas_worker_paused')).toBe(0);
    const opened = await Promise.all(
      stack.workers.map((w) =>
        scrapeMetric(w.opsUrl, 'droas_circuit_breaker_transitions_total', {
          breaker: 'postgres',
          to: 'open',
        }),
      ),
    );
    expect(opened.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);

    // Each claim applied exactly once.
    const db = new Database({ url: pg.url, maxConnections: 2 });
    try {
      const [row] = await db.sql<
        { n: bigint }[]
      >`select count(*) as n from ledger_entries where kind = 'daily'`;
      expect(Number(row!.n)).toBe(ids.length);
      expect((await verifyLedger(db)).breaches).toEqual([]);
    } finally {
      await db.close();
    }
  });
});
