import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  MIGRATE_CLI,
  eventually,
  startPrivatePostgres,
  startPrivateRedis,
  uniqueName,
  type PrivatePostgres,
  type PrivateRedis,
} from '@droas/testkit';
import { SimClient } from '@droas/discord-sim';
import { RULES_DIR, filesEndingIn, workerAutoscalerQuery } from '../src/index';
import { startBotStack, type BotStack } from './support/botStack';
import {
  renderRulesWithShortFor,
  startPrometheus,
  type ActiveAlert,
  type PrometheusServer,
} from './support/prometheusServer';

const ALERT = 'DroasIntakePaused';
const BACKLOG = 'droas:queue_backlog:max{queue="interactions"}';
// What the worker autoscaler scales on (docs/operations.md): the backlog, held at 0 while intake is paused.
const AUTOSCALER = workerAutoscalerQuery();
// The rules' `for:` is shortened to this here (DroasIntakePaused's real one is 1m); every expression,
// windows included, is the real one.
const TEST_FOR = '10s';

// The alerting path for real: a worker and a gateway scraped every second by Prometheus with our rules, on
// their own Redis and Postgres (Postgres is taken away). First the worker is slowed (every Discord request
// takes 1 s, two jobs at a time) while commands keep coming: the autoscaler's query rises. Then Postgres
// stops: the breaker opens, intake pauses, the intake-paused alert goes pending then firing, and the
// commands sent meanwhile pile up on the interactions queue. Postgres back, the alert resolves and the
// backlog drains.
describe('alerts fire in a real Prometheus', () => {
  let redis: PrivateRedis;
  let pg: PrivatePostgres;
  let stack: BotStack;
  let prometheus: PrometheusServer;
  let dir: string;
  const started = Date.now();
  const timeline: string[] = [];
  const note = (what: string) => timeline.push(`${((Date.now() - started) / 1000).toFixed(1)} s ${what}`);

  beforeAll(async () => {
    [redis, pg] = await Promise.all([startPrivateRedis(), startPrivatePostgres({ migrateCli: MIGRATE_CLI })]);
    stack = await startBotStack({
      redisUrl: redis.url,
      prefix: uniqueName('alerts'),
      databaseUrl: pg.url,
      workers: 1,
      // Open for 10 s at a time: long enough for the backlog to build between the trials of a half-open breaker
      // (each trial lets the worker take jobs, which go back to delayed when the breaker opens again).
      workerEnv: { BREAKER_RESET_MS: '10000', INTERACTION_CONCURRENCY: '2' },
    });
    dir = mkdtempSync(join(tmpdir(), 'droas-prometheus-'));
    prometheus = await startPrometheus({
      dir,
      intervalSeconds: 1,
      ruleFiles: renderRulesWithShortFor(filesEndingIn(RULES_DIR, '.yml'), dir, TEST_FOR),
      jobs: [
        { name: 'droas-worker', opsUrls: stack.workers.map((w) => w.opsUrl) },
        { name: 'droas-gateway', opsUrls: [stack.gateway.managerOpsUrl] },
      ],
    });
    note('stack and Prometheus up');
  }, 120_000);

  afterAll(async () => {
    await prometheus?.close();
    await stack?.close();
    await Promise.all([redis?.close(), pg?.close()]);
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  const intakeAlert = async (): Promise<ActiveAlert | undefined> =>
    (await prometheus.alerts()).find((a) => a.labels.alertname === ALERT);
  const backlog = async (): Promise<number | undefined> => (await prometheus.query(BACKLOG))[0]?.value;
  /** Sends a command every 100 ms until the returned stop is called (which resolves once it has stopped). */
  const keepSending = (command: string) => {
    let sending = true;
    const loop = (async () => {
      while (sending) {
        stack.dispatch(command);
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    return async () => {
      sending = false;
      await loop;
    };
  };

  it('scales on the backlog of slow workers: the autoscaler query rises, and falls once they catch up', async () => {
    await eventually(
      async () =>
        ((await prometheus.query('up == 1')).length === 2 && (await backlog()) !== undefined) || undefined,
      30_000,
      'both targets up and the backlog recorded',
    );
    const sim = new SimClient(stack.sim.controlUrl);
    await sim.addFault({ kind: 'latency', probability: 1, latencyMs: 1_000 });
    note('every Discord request takes 1 s');
    const stop = keepSending('ping');
    let highest = 0;
    try {
      await eventually(
        async () => {
          highest = Math.max(highest, (await prometheus.query(AUTOSCALER))[0]?.value ?? 0);
          return highest >= 20 || undefined;
        },
        30_000,
        'the autoscaler query at 20 or more',
      );
      note(`autoscaler query reached ${highest}`);
    } finally {
      await stop();
      await sim.clearFaults();
    }
    await eventually(
      async () => ((await prometheus.query(AUTOSCALER))[0]?.value === 0 ? true : undefined),
      60_000,
      'the autoscaler query back to 0',
    );
    note('autoscaler query back to 0');
  }, 120_000);

  it('pauses intake with Postgres down: pending, firing, the backlog rising; resolved once it is back', async () => {
    await stack.waitAnswered([stack.dispatch('daily')]);
    // The recorded backlog trails the scrapes by up to an evaluation: wait for it to show the empty queue.
    await eventually(
      async () => ((await backlog()) === 0 ? true : undefined),
      30_000,
      'the backlog recorded empty',
    );
    expect(await intakeAlert()).toBeUndefined();
    note('backlog empty');

    await pg.stop();
    note('Postgres stopped');
    // Commands keep coming: the first ones open the breaker, the rest wait in the queue.
    const stop = keepSending('daily');
    try {
      const states: string[] = [];
      let highestBacklog = 0;
      await eventually(
        async () => {
          const alert = await intakeAlert();
          if (alert && states.at(-1) !== alert.state) {
            states.push(alert.state);
            note(`${ALERT} ${alert.state}`);
          }
          highestBacklog = Math.max(highestBacklog, (await backlog()) ?? 0);
          return (alert?.state === 'firing' && highestBacklog >= 20) || undefined;
        },
        60_000,
        `${ALERT} firing and the interactions backlog at 20 or more`,
      );
      note(`backlog reached ${highestBacklog}`);
      expect(states).toEqual(['pending', 'firing']);
    } finally {
      await stop();
    }

    await pg.start();
    note('Postgres started');
    await eventually(
      async () => ((await intakeAlert()) === undefined ? true : undefined),
      90_000,
      `${ALERT} resolved`,
    );
    note(`${ALERT} resolved`);
    await eventually(async () => ((await backlog()) === 0 ? true : undefined), 60_000, 'the backlog drained');
    note('backlog drained');
    process.stdout.write(`[liveAlerts] ${timeline.join('; ')}\n`);
  }, 240_000);
});
