import { verifyLedger } from '@droas/db';
import { SimClient, type InteractionTimeline, type RestFaultSpec } from '@droas/discord-sim';
import {
  MIGRATE_CLI,
  seededRandom,
  startPrivatePostgres,
  startPrivateRedis,
  type PrivatePostgres,
  type PrivateRedis,
} from '@droas/testkit';
import { payOptions } from './support/economyOptions';
import { runEconomyVerify } from './support/runEconomyVerify';
import { startWorkerStack, type WorkerStack } from './support/workerStack';

const CALLBACK = 'POST /interactions/:interactionId/:token/callback';
const RATE_PER_SECOND = 40;
const MEMBERS_PER_GUILD = 100;
const OPENING_BALANCE = 1_000;

/** A stretch of the run: its name, how long it lasts, and what it does at its start and end. */
interface Phase {
  name: string;
  seconds: number;
  begin?: () => Promise<unknown>;
  end?: () => Promise<unknown>;
}

// Every fault at once, one after another, under steady /pay traffic: a worker kill -9, Redis stopped and
// restarted, Postgres stopped 20 s, then 30% 429s, 30% 5xx and 2.5 s latency on callbacks. What the members
// saw is checked interaction by interaction: acknowledged exactly once (or counted with a reason), never
// 40060 or 10062, never "too fast" (nobody here is), every payment that moved money reported to its payer
// (in its answer, or as a notice on their next command), and the ledger exact.
describe('chaos under /pay traffic', () => {
  let redis: PrivateRedis;
  let pg: PrivatePostgres;
  let stack: WorkerStack;
  let control: SimClient;
  let guilds: { id: string; members: string[] }[];

  beforeAll(async () => {
    [redis, pg] = await Promise.all([startPrivateRedis(), startPrivatePostgres({ migrateCli: MIGRATE_CLI })]);
    stack = await startWorkerStack({
      workers: 2,
      redisUrl: redis.url,
      databaseUrl: pg.url,
      sim: { population: { count: 2, membersPerGuild: MEMBERS_PER_GUILD } },
      workerEnv: { BREAKER_RESET_MS: '2000', USER_COMMAND_BURST: '5', GUILD_COMMAND_BURST: '100' },
    });
    control = new SimClient(stack.sim.controlUrl);
    guilds = stack.sim.state.population.guilds().map((g) => ({
      id: g.id,
      members: stack.sim.state.population.memberIds(g, 0, MEMBERS_PER_GUILD),
    }));
    for (const g of guilds) {
      await stack.db
        .sql`insert into guild_settings (guild_id, starting_balance) values (${g.id}, ${OPENING_BALANCE})`;
    }
  }, 180_000);

  afterAll(async () => {
    await control?.clearFaults();
    await stack?.close();
    await Promise.all([redis?.close(), pg?.close()]);
  }, 120_000);

  it('keeps every answer true through a worker kill, Redis and Postgres outages and Discord faults', async () => {
    const random = seededRandom(2026);
    const sent: { id: string; guildId: string; payer: string; phase: string }[] = [];
    let phase = 'warm-up';
    const fault = (spec: RestFaultSpec) => async () => void (await control.addFault(spec));
    const phases: Phase[] = [
      { name: 'warm-up', seconds: 4 },
      {
        name: 'worker kill -9',
        seconds: 8,
        begin: async () => {
          const victim = stack.workers[0]!;
          victim.process.child.kill('SIGKILL');
          await victim.process.exited;
          await stack.addWorker({
            BREAKER_RESET_MS: '2000',
            USER_COMMAND_BURST: '5',
            GUILD_COMMAND_BURST: '100',
          });
        },
      },
      { name: 'redis stopped', seconds: 4, begin: () => redis.stop(), end: () => redis.start() },
      { name: 'after redis', seconds: 6 },
      { name: 'postgres stopped 20 s', seconds: 20, begin: () => pg.stop(), end: () => pg.start() },
      { name: 'after postgres', seconds: 8 },
      {
        name: '30% 429 on callbacks',
        seconds: 10,
        begin: fault({ kind: 'rateLimit', route: CALLBACK, probability: 0.3, retryAfterMs: 1_000 }),
        end: () => control.clearFaults(),
      },
      {
        name: '30% 5xx on callbacks',
        seconds: 10,
        begin: fault({ kind: 'serverError', route: CALLBACK, probability: 0.3, status: 502 }),
        end: () => control.clearFaults(),
      },
      {
        name: '2.5 s latency on 30% of callbacks',
        seconds: 10,
        begin: fault({ kind: 'latency', route: CALLBACK, probability: 0.3, latencyMs: 2_500 }),
        end: () => control.clearFaults(),
      },
      { name: 'cool-down', seconds: 3 },
    ];

    // Traffic runs on its own clock while the phases come and go.
    let running = true;
    const traffic = (async () => {
      const intervalMs = 1_000 / RATE_PER_SECOND;
      let next = Date.now();
      while (running) {
        const g = guilds[Math.floor(random() * guilds.length)]!;
        const payer = g.members[Math.floor(random() * g.members.length)]!;
        let payee = g.members[Math.floor(random() * g.members.length)]!;
        if (payee === payer) payee = g.members[(g.members.indexOf(payer) + 1) % g.members.length]!;
        const amount = 1 + Math.floor(random() * 20);
        const { id } = stack.sim.state.dispatchInteraction({
          guildId: g.id,
          userId: payer,
          command: 'pay',
          options: payOptions(payee, amount),
        });
        sent.push({ id, guildId: g.id, payer, phase });
        next += intervalMs;
        await new Promise((r) => setTimeout(r, Math.max(0, next - Date.now())));
      }
    })();
    for (const p of phases) {
      phase = p.name;
      await p.begin?.();
      await new Promise((r) => setTimeout(r, p.seconds * 1_000));
      await p.end?.();
    }
    running = false;
    await traffic;

    // Let everything settle: the backlog drains, retries land, dead interactions are recognised as such.
    const statsBefore = stack.sim.state.stats.toJSON();
    await waitUntilQuiet();

    const payments = await appliedPayments();
    const noticed = await noticesByInteraction();
    const report = new Map<string, Map<string, number>>();
    const count = (p: string, what: string) => {
      const byWhat = report.get(p) ?? new Map<string, number>();
      byWhat.set(what, (byWhat.get(what) ?? 0) + 1);
      report.set(p, byWhat);
    };
    const owedNotice: { guildId: string; payer: string; id: string }[] = [];
    for (const s of sent) {
      const t = stack.timeline(s.id)!;
      const ackCount = t.acknowledgement === null ? 0 : 1;
      expect(t.violations).toEqual([]);
      const applied = payments.has(`ix-${s.id}`);
      const saw = visible(t);
      if (ackCount === 1) count(s.phase, t.acknowledgement!.type === 4 ? 'callback' : 'deferred');
      else count(s.phase, `unacknowledged (${await recordState(s)})`);
      // Truthful: "paid" only if it was, and a payment that moved money is reported one way or the other.
      if (/ paid /.test(saw)) expect(applied).toBe(true);
      expect(saw).not.toMatch(/too fast/);
      if (applied && !/ paid /.test(saw)) {
        expect(noticed.has(s.id)).toBe(true);
        owedNotice.push({ guildId: s.guildId, payer: s.payer, id: s.id });
        count(s.phase, 'applied, told later by notice');
      }
    }
    // Every unacknowledged interaction has a reason in its record; nothing is left half-way.
    console.info(
      `chaos: ${sent.length} /pay at ${RATE_PER_SECOND}/s, ${payments.size} applied\n` +
        [...report].map(([p, m]) => `  ${p}: ${[...m].map(([k, v]) => `${k} ${v}`).join(', ')}`).join('\n'),
    );

    const stats = stack.sim.state.stats.toJSON();
    expect(stats.doubleAcknowledgements).toBe(0);
    expect(stats.lateAcknowledgements).toBe(0);
    expect(stats.doubleAcknowledgements + stats.lateAcknowledgements).toBe(
      statsBefore.doubleAcknowledgements + statsBefore.lateAcknowledgements,
    );
    const unacknowledged = sent.filter((s) => stack.timeline(s.id)!.acknowledgement === null);
    expect(unacknowledged.length).toBeLessThan(sent.length * 0.02);

    // The payers owed a notice hear it: on a later command of the traffic, or on one more they send now.
    for (const owed of owedNotice) {
      const { id } = stack.sim.state.dispatchInteraction({
        guildId: owed.guildId,
        userId: owed.payer,
        command: 'balance',
      });
      await stack.waitAnswered([id], 30_000);
      const [notice] = await stack.db.sql<{ text: string; delivered: boolean }[]>`
        select text, delivered_at is not null as delivered from undelivered_notices where interaction_id = ${owed.id}`;
      expect(notice!.delivered).toBe(true);
      const told = stack.sim.state.ledger
        .recent(100_000)
        .filter((t) => t.userId === owed.payer)
        .some((t) => visible(t).includes(notice!.text));
      expect(told).toBe(true);
    }

    const verify = await runEconomyVerify(pg.url);
    expect(verify.status).toBe(0);
    expect((await verifyLedger(stack.db)).breaches).toEqual([]);
  }, 400_000);

  /** Until the queue is empty and nothing changed in the simulator for a while. */
  async function waitUntilQuiet(): Promise<void> {
    let last = '';
    let stableSince = Date.now();
    const deadline = Date.now() + 120_000;
    while (Date.now() < deadline) {
      const counts = await stack.interactionsQueue.getJobCounts(
        'waiting',
        'active',
        'delayed',
        'prioritized',
      );
      const pending = Object.values(counts).reduce((a, b) => a + b, 0);
      const now = JSON.stringify([pending, stack.sim.state.stats.toJSON()]);
      if (now !== last) {
        last = now;
        stableSince = Date.now();
      } else if (pending === 0 && Date.now() - stableSince > 5_000) {
        return;
      }
      await new Promise((r) => setTimeout(r, 500));
    }
    throw new Error(`still busy after 2 minutes: ${last}`);
  }

  async function appliedPayments(): Promise<Set<string>> {
    const rows = await stack.db.sql<{ key: string }[]>`
      select idempotency_key as key from operations
      where kind = 'transfer' and outcome -> 'result' ->> 'status' = 'applied'`;
    return new Set(rows.map((r) => r.key));
  }

  async function noticesByInteraction(): Promise<Set<string>> {
    const rows = await stack.db.sql<{ id: bigint }[]>`select interaction_id as id from undelivered_notices`;
    return new Set(rows.map((r) => String(r.id)));
  }

  async function recordState(s: { id: string; guildId: string }): Promise<string> {
    const claim = await stack.redis.hget(`${stack.ns.prefix}:ix:{${s.guildId}}:${s.id}`, 'a');
    return claim ?? 'no claim';
  }
});

/** What the member can read: the original response and any follow-ups. */
function visible(t: InteractionTimeline): string {
  return [t.content ?? '', ...t.followUps.map((f) => f.content)].join('\n');
}
