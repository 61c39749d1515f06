import {
  createTestDatabase,
  createTestRedisNamespace,
  type TestDatabase,
  type TestRedisNamespace,
} from '@droas/testkit';
import {
  dashboardQueries,
  labelMatchersIn,
  labelNamesExposed,
  metricNamesExposed,
  metricNamesIn,
  readRules,
  workerAutoscalerQuery,
} from '../src/index';
import { startBotStack, type BotStack } from './support/botStack';

// Prometheus's own series, which no app exports: target health and the alerts themselves.
const PROMETHEUS_OWN = ['up', 'ALERTS'];
// Labels Prometheus puts on every series it scrapes.
const TARGET_LABELS = ['job', 'instance'];

// Every metric name in every alert and dashboard query must be one the apps really export: the names are
// read from a real worker's and a real gateway host's /metrics after a few interactions went through them
// (labelled series exist only once used; each family's # TYPE line is there from the start), and every
// label a selector matches on must be one those series carry (or a target label Prometheus adds).
describe('alerts and dashboards name only metrics the apps export', () => {
  let ns: TestRedisNamespace;
  let db: TestDatabase;
  let stack: BotStack;
  let exported: Set<string>;
  let labelsOf: Map<string, Set<string>>;

  beforeAll(async () => {
    ns = createTestRedisNamespace();
    db = await createTestDatabase();
    stack = await startBotStack({ redisUrl: ns.url, prefix: ns.prefix, databaseUrl: db.url, workers: 1 });
    await stack.waitAnswered([stack.dispatch('ping'), stack.dispatch('daily'), stack.dispatch('balance')]);
    // One answered late, so the gateway's acknowledgement guard acts (defers) and reports it.
    const worker = stack.workers[0]!;
    worker.process.child.kill('SIGSTOP');
    let late: string;
    try {
      late = stack.dispatch('ping');
      await new Promise((r) => setTimeout(r, 2_000));
    } finally {
      worker.process.child.kill('SIGCONT');
    }
    await stack.waitAnswered([late]);
    const expositions = await Promise.all(
      [stack.workers[0]!.opsUrl, stack.gateway.managerOpsUrl].map(async (url) =>
        (await fetch(`${url}/metrics`)).text(),
      ),
    );
    exported = new Set(expositions.flatMap((text) => [...metricNamesExposed(text)]));
    labelsOf = new Map(expositions.flatMap((text) => [...labelNamesExposed(text)]));
  }, 120_000);
  afterAll(async () => {
    await stack?.close();
    await ns?.cleanup();
    await db?.drop();
  }, 60_000);

  it('reads the families the alerts lean on from the real processes', () => {
    // A scrape that lost a process would make every later check meaningless.
    for (const name of [
      'droas_worker_paused',
      'droas_gateway_shard_up',
      'droas_worker_interaction_answer_age_seconds_bucket',
      'droas_economy_ledger_drift',
    ]) {
      expect(exported).toContain(name);
    }
  });

  it("every alert and recording rule expression, and the autoscaler's query", () => {
    const { alerts, records } = readRules();
    const known = new Set([...exported, ...PROMETHEUS_OWN, ...records.map((r) => r.record)]);
    const unknown = [
      ...alerts.map((a) => ({ rule: a.alert, expr: a.expr })),
      ...records.map((r) => ({ rule: r.record, expr: r.expr })),
      { rule: 'docs/operations.md autoscaler query', expr: workerAutoscalerQuery() },
    ].flatMap(({ rule, expr }) =>
      metricNamesIn(expr)
        .filter((n) => !known.has(n))
        .map((n) => `${rule}: ${n}`),
    );
    expect(unknown).toEqual([]);
  });

  it('every dashboard query', () => {
    const known = new Set([...exported, ...PROMETHEUS_OWN, ...readRules().records.map((r) => r.record)]);
    const unknown = dashboardQueries().flatMap((q) =>
      metricNamesIn(q.expr)
        .filter((n) => !known.has(n))
        .map((n) => `${q.dashboard} "${q.panel}": ${n}`),
    );
    expect(unknown).toEqual([]);
  });

  it('every label matcher names a label the series carry', () => {
    const { alerts, records } = readRules();
    const recorded = new Set(records.map((r) => r.record));
    const exprs = [
      ...alerts.map((a) => ({ where: a.alert, expr: a.expr })),
      ...records.map((r) => ({ where: r.record, expr: r.expr })),
      ...dashboardQueries().map((q) => ({ where: `${q.dashboard} "${q.panel}"`, expr: q.expr })),
      { where: 'docs/operations.md autoscaler query', expr: workerAutoscalerQuery() },
    ];
    const wrong = exprs.flatMap(({ where, expr }) =>
      labelMatchersIn(expr)
        .filter((s) => !PROMETHEUS_OWN.includes(s.metric) && !recorded.has(s.metric))
        .flatMap(({ metric, labels }) => {
          const carried = labelsOf.get(metric);
          // A family with no series yet cannot show its labels: drive more traffic rather than skip it.
          if (carried === undefined) return [`${where}: ${metric} has no series to read its labels from`];
          return labels
            .filter((l) => !carried.has(l) && !TARGET_LABELS.includes(l))
            .map((l) => `${where}: ${metric} has no label ${l}`);
        }),
    );
    expect(wrong).toEqual([]);
  });
});
