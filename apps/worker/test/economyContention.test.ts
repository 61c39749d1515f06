import { type Database } from '@droas/db';
import { scrapeMetric } from '@droas/testkit';
import { MANAGE_GUILD, payOptions, settingsChange } from './support/economyOptions';
import { runEconomyVerify } from './support/runEconomyVerify';
import { startWorkerStack, type WorkerStack } from './support/workerStack';

const PAYERS = 1_000;
const STARTING_BALANCE = 100;

describe('1,000 members all paying the same member at once', () => {
  let stack: WorkerStack;
  let db: Database;

  beforeAll(async () => {
    stack = await startWorkerStack({
      workers: 2,
      sim: { population: { count: 1, membersPerGuild: PAYERS + 1 } },
    });
    db = stack.db;
  }, 90_000);
  afterAll(async () => {
    await stack?.close();
  }, 60_000);

  it('serialises on the receiver row without deadlock or lost update, and answers everyone', async () => {
    const guild = stack.sim.state.population.guilds()[0]!;
    // The receiver has the smallest id, so every transfer locks the contended row first and holds it while
    // it opens and locks the payer's: the worst order for waiting.
    const [receiver, ...payers] = stack.sim.state.population.memberIds(guild, 0, PAYERS + 1) as [
      string,
      ...string[],
    ];
    // Every account opens with the starting balance inside its first payment: nobody needs funding first.
    const setup = stack.sim.state.dispatchInteraction({
      guildId: guild.id,
      userId: receiver,
      command: 'economy',
      options: settingsChange({ starting_balance: STARTING_BALANCE }),
      permissions: MANAGE_GUILD,
    });
    const [configured] = await stack.waitAnswered([setup.id]);
    expect(configured!.content).toContain('Starting balance: 🪙 0 coins → **🪙 100 coins**');

    const amountOf = (i: number) => 1 + (i % STARTING_BALANCE);
    const ids: string[] = [];
    for (let i = 0; i < PAYERS; i++) {
      const { id } = stack.sim.state.dispatchInteraction({
        guildId: guild.id,
        userId: payers[i]!,
        command: 'pay',
        options: payOptions(receiver, amountOf(i)),
      });
      ids.push(id);
      // 500 a second: every payment still queues on the receiver's row, and the gateway, on this 2-core machine
      // beside the chaos test, can still defer the ones waiting (at 1,000 a second it missed some by seconds).
      if (i % 100 === 99) await new Promise((r) => setTimeout(r, 200));
    }
    const timelines = await stack.waitAnswered(ids, 45_000);
    timelines.forEach((t, i) => {
      expect(t.content).toBe(`💸 <@${payers[i]}> paid <@${receiver}> **🪙 ${amountOf(i)} coins**.`);
      expect(t.violations).toEqual([]);
    });
    const stats = stack.sim.state.stats.toJSON();
    expect(stats.doubleAcknowledgements).toBe(0);
    expect(stats.lateAcknowledgements).toBe(0);
    expect(await stack.interactionsQueue.getFailedCount()).toBe(0);

    // No lost update: the receiver holds the sum of every payment, each payer what it did not send.
    const total = ids.reduce((sum, _, i) => sum + BigInt(amountOf(i)), 0n);
    const balances = await db.sql<{ user_id: bigint; balance: bigint }[]>`
      select user_id, balance from accounts where guild_id = ${guild.id}`;
    const byUser = new Map(balances.map((r) => [String(r.user_id), r.balance]));
    expect(byUser.size).toBe(PAYERS + 1);
    expect(byUser.get(receiver)).toBe(BigInt(STARTING_BALANCE) + total);
    payers.forEach((p, i) => expect(byUser.get(p)).toBe(BigInt(STARTING_BALANCE - amountOf(i))));
    const [ins] = await db.sql<{ n: bigint }[]>`
      select count(*) as n from ledger_entries
      where guild_id = ${guild.id} and user_id = ${receiver} and kind = 'transfer_in'`;
    expect(Number(ins!.n)).toBe(PAYERS);

    // No deadlock, and nothing else went wrong either: each payment applied in one committed transaction,
    // none rolled back, no job retried. (A job that waited for the gateway's deferral to land runs again and
    // commits a replay, which reads the stored outcome and moves nothing.)
    const perWorker = async (name: string, labels: Record<string, string> = {}) =>
      (await Promise.all(stack.workers.map((w) => scrapeMetric(w.opsUrl, name, labels)))).reduce(
        (a, b) => a + b,
      );
    const transactions = 'droas_db_transaction_seconds_count';
    const pays = 'droas_economy_commands_total';
    expect(await perWorker(pays, { command: 'pay', result: 'ok' })).toBe(PAYERS);
    expect(await perWorker(transactions, { op: 'transfer', outcome: 'commit' })).toBe(
      PAYERS + (await perWorker(pays, { command: 'pay', result: 'replayed' })),
    );
    expect(await perWorker(transactions, { op: 'transfer', outcome: 'rollback' })).toBe(0);
    expect(await perWorker('droas_db_errors_total')).toBe(0);
    expect(await perWorker('droas_worker_jobs_total', { queue: 'interactions', outcome: 'retry' })).toBe(0);
    const verify = await runEconomyVerify(stack.databaseUrl, ['--guild', guild.id]);
    expect(verify.status).toBe(0);
    expect(verify.stdout).toContain(`accounts checked: ${(PAYERS + 1).toLocaleString('en-US')}`);
    expect(verify.stdout).toContain('OK: every balance equals the sum of its ledger entries');
  });
});
