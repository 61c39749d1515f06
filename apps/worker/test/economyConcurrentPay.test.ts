import { interactionJobId } from '@droas/contracts';
import { type Database } from '@droas/db';
import type { InteractionTimeline, OptionsInput } from '@droas/discord-sim';
import { eventually, metricSum, scrapeMetric, seededRandom } from '@droas/testkit';
import { adminAction, MANAGE_GUILD, payOptions } from './support/economyOptions';
import { recordInteractionPayloads } from './support/interceptInteractions';
import { runEconomyVerify } from './support/runEconomyVerify';
import { startWorkerStack, type WorkerStack } from './support/workerStack';

const MEMBERS = 50;
const PAYMENTS = 1_000;
const DUPLICATES = 200;
// Ten members start poor, so some payments are refused for want of funds: refusals must be exactly-once too.
const POOR = 10;
const POOR_GRANT = 30;
const RICH_GRANT = 1_000;
const STALLED = 'job stalled: its worker lost it; it runs again';

interface Payment {
  id: string;
  payer: string;
  payee: string;
  amount: number;
}

describe('1,000 concurrent /pay among 50 members, 200 delivered twice, one worker killed midway', () => {
  let stack: WorkerStack;
  let db: Database;

  beforeAll(async () => {
    stack = await startWorkerStack({
      workers: 2,
      sim: { population: { count: 1, membersPerGuild: MEMBERS } },
    });
    db = stack.db;
  }, 90_000);
  afterAll(async () => {
    await stack?.close();
  }, 60_000);

  it('applies every accepted payment once, answers every interaction once, and verifies clean', async () => {
    const guild = stack.sim.state.population.guilds()[0]!;
    const members = stack.sim.state.population.memberIds(guild, 0, MEMBERS);
    const dispatch = (userId: string, command: string, options: OptionsInput, permissions?: string) =>
      stack.sim.state.dispatchInteraction({
        guildId: guild.id,
        userId,
        command,
        options,
        ...(permissions !== undefined && { permissions }),
      }).id;

    // Balances first, granted by an admin through the same path.
    const grants = members.map((user, i) =>
      dispatch(
        members[0]!,
        'economy',
        adminAction('grant', { user, amount: i < POOR ? POOR_GRANT : RICH_GRANT, reason: 'seed' }),
        MANAGE_GUILD,
      ),
    );
    for (const t of await stack.waitAnswered(grants)) expect(t.content).toMatch(/^✅ Granted/);

    const recorder = recordInteractionPayloads(stack.sim);
    const redeliver = (id: string) =>
      stack.sim.state.gateway.dispatch(guild.id, 'INTERACTION_CREATE', recorder.get(id));
    const random = seededRandom(6);
    const payments: Payment[] = [];
    const duplicated: string[] = [];
    const [victim, survivor] = stack.workers as [(typeof stack.workers)[0], (typeof stack.workers)[0]];
    let timelines: InteractionTimeline[];
    try {
      // Bursts of 100 every 100 ms: on this machine the whole thousand is in flight at once.
      for (let i = 0; i < PAYMENTS; i++) {
        const payer = members[i % MEMBERS]!;
        const others = members.filter((m) => m !== payer);
        const payee = others[Math.floor(random() * others.length)]!;
        const amount = 1 + Math.floor(random() * 60);
        const id = dispatch(payer, 'pay', payOptions(payee, amount));
        payments.push({ id, payer, payee, amount });
        if (i % (PAYMENTS / DUPLICATES) === 0) duplicated.push(id);
        // Discord delivers the second half of them twice right away, while the first delivery is in flight.
        if (i % (PAYMENTS / DUPLICATES) === 0 && i >= PAYMENTS / 2) redeliver(id);
        if (i === PAYMENTS / 2) victim.process.child.kill('SIGKILL');
        if (i % 100 === 99) await new Promise((r) => setTimeout(r, 100));
      }
      expect(await victim.process.exited).toBe('SIGKILL');
      timelines = await stack.waitAnswered(
        payments.map((p) => p.id),
        45_000,
      );

      // The first half again once all is answered, after their jobs left the queue as BullMQ's retention
      // (the newest 1,000 completed) would drop them: the same id makes a new job, and the worker's done
      // marker must catch it.
      const late = duplicated.slice(0, DUPLICATES / 2);
      for (const id of late) await (await stack.interactionsQueue.getJob(interactionJobId(id)))!.remove();
      for (const id of late) redeliver(id);
      await eventually(
        async () => {
          const jobs = await Promise.all(
            late.map((id) => stack.interactionsQueue.getJob(interactionJobId(id))),
          );
          return jobs.every((j) => j?.finishedOn !== undefined) ? jobs : undefined;
        },
        20_000,
        'every late duplicate processed',
      ).then((jobs) => {
        for (const job of jobs) expect(job!.returnvalue).toBe('duplicate');
      });
      expect(await gatewayReceived()).toBe(grants.length + PAYMENTS + DUPLICATES);
    } finally {
      recorder.stop();
    }

    // Exactly once at Discord: each interaction acknowledged once, in time, with its one answer.
    const stats = stack.sim.state.stats.toJSON();
    expect(stats.lateAcknowledgements).toBe(0);
    expect(stats.acknowledged).toBe(grants.length + PAYMENTS);
    // The kill did strand jobs mid-flight, so the claims of the ones that had answered ran out unconfirmed:
    // the gateway's guard asks Discord before deferring those, instead of being refused a second time.
    const stalled = survivor.process.logs().filter((l) => l.msg === STALLED);
    expect(stalled.length).toBeGreaterThan(0);
    expect(stats.doubleAcknowledgements).toBe(0);
    for (const t of timelines) {
      expect(t.acknowledgement).not.toBeNull();
      expect(t.violations).toEqual([]);
      expect(t.followUps.length).toBeLessThanOrEqual(1);
      for (const edit of t.edits) expect(edit.content).toBe(t.content);
    }

    // Each answer is the one for that payment: paid in public, or refused for want of funds, privately (in
    // the callback, or after a public deferral in an ephemeral follow-up).
    const accepted: Payment[] = [];
    timelines.forEach((t, i) => {
      const p = payments[i]!;
      if (t.content === `💸 <@${p.payer}> paid <@${p.payee}> **🪙 ${p.amount} coins**.`) {
        expect(t.followUps).toEqual([]);
        accepted.push(p);
        return;
      }
      const followUp = stack.sim.state.ledger.get(t.id)!.followUps[0]?.message;
      const refusal = followUp?.content ?? t.content;
      expect(refusal).toMatch(
        new RegExp(
          `^You can't pay \\*\\*🪙 ${p.amount} coins\\*\\*: you have 🪙 \\d+ coins\\. Nothing was sent\\.$`,
        ),
      );
      if (followUp) {
        expect(t.content).toBe('🔒 The answer was sent privately.');
        expect(followUp.flags & 64).toBe(64);
      } else expect(t.acknowledgement!.ephemeral).toBe(true);
    });
    expect(accepted.length).toBeGreaterThan(PAYMENTS / 2);
    expect(accepted.length).toBeLessThan(PAYMENTS);

    // Exactly once in the ledger: transfer_out entries = accepted payments = 'applied' operations.
    const acceptedKeys = accepted.map((p) => interactionJobId(p.id)).sort();
    const outs = await db.sql<{ key: string; n: bigint }[]>`
      select idempotency_key as key, count(*) as n from ledger_entries
      where guild_id = ${guild.id} and kind = 'transfer_out' group by idempotency_key`;
    expect(outs.map((r) => r.key).sort()).toEqual(acceptedKeys);
    expect(outs.every((r) => r.n === 1n)).toBe(true);
    const applied = await db.sql<{ key: string }[]>`
      select idempotency_key as key from operations
      where guild_id = ${guild.id} and kind = 'transfer' and outcome->'result'->>'status' = 'applied'`;
    expect(applied.map((r) => r.key).sort()).toEqual(acceptedKeys);
    const [transfers] = await db.sql<{ n: bigint }[]>`
      select count(*) as n from operations where guild_id = ${guild.id} and kind = 'transfer'`;
    expect(Number(transfers!.n)).toBe(PAYMENTS);

    // No lost update: each balance is its grant plus what it received minus what it paid.
    const expected = new Map(members.map((m, i) => [m, BigInt(i < POOR ? POOR_GRANT : RICH_GRANT)]));
    for (const p of accepted) {
      expected.set(p.payer, expected.get(p.payer)! - BigInt(p.amount));
      expected.set(p.payee, expected.get(p.payee)! + BigInt(p.amount));
    }
    const balances = await db.sql<{ user_id: bigint; balance: bigint }[]>`
      select user_id, balance from accounts where guild_id = ${guild.id}`;
    expect(new Map(balances.map((r) => [String(r.user_id), r.balance]))).toEqual(expected);

    // Nothing failed for good, although a worker died holding jobs; the done marker caught the late copies.
    expect(await stack.interactionsQueue.getFailedCount()).toBe(0);
    expect(
      await scrapeMetric(survivor.opsUrl, 'droas_worker_dedupe_hits_total', { queue: 'interactions' }),
    ).toBeGreaterThanOrEqual(DUPLICATES / 2);

    // The operators' check: the CLI behind `npm run economy:verify`, against this stack's database.
    const verify = await runEconomyVerify(stack.databaseUrl);
    expect(verify).toEqual({
      status: 0,
      stderr: expect.any(String) as string,
      stdout: expect.stringContaining('OK: every balance equals the sum of its ledger entries') as string,
    });
    // Its standard error is progress only: one line per ledger partition checked.
    expect(verify.stderr.trim().split('\n')).toEqual(
      Array.from(
        { length: 16 },
        (_, i) =>
          expect.stringMatching(
            new RegExp(`^checked ledger_entries_p${String(i).padStart(2, '0')} \\(${i + 1}/16\\)`),
          ) as string,
      ),
    );
    expect(verify.stdout).toContain(`accounts checked: ${MEMBERS}`);
  });

  /** INTERACTION_CREATE dispatches the gateway's clusters have taken in. */
  async function gatewayReceived(): Promise<number> {
    const texts = await Promise.all(
      stack.gateway.clusterOpsUrls().map(async (url) => (await fetch(`${url}/metrics`)).text()),
    );
    return texts.reduce(
      (n, text) => n + metricSum(text, 'droas_gateway_events_received_total', { type: 'INTERACTION_CREATE' }),
      0,
    );
  }
});
