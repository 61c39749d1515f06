import { seededRandom } from '@droas/testkit';
import type { CommandReply } from '@droas/contracts';
import { verifyLedger } from '@droas/db';
import { opt } from './support/jobs';
import { startHarness, type Harness } from './support/economyHarness';

describe('concurrent /pay (real Postgres and Redis)', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({ maxConnections: 20 });
    await h.configure([
      ['starting_balance', 1_000],
      ['max_balance', 1_000_000_000],
    ]);
  });
  afterAll(() => h.close());

  it('applies each of 1,000 payments among 50 members once, with 200 re-delivered at the same time', async () => {
    const random = seededRandom(7);
    const members = Array.from({ length: 50 }, (_, i) => h.jobs.member(i));
    const pick = () => members[Math.floor(random() * members.length)]!;
    const jobs = Array.from({ length: 1_000 }, () => {
      const from = pick();
      let to = pick();
      while (to === from) to = pick();
      // Up to 400 against 1,000 opening balances: plenty are refused for lack of funds.
      const amount = 1 + Math.floor(random() * 400);
      return h.jobs.job({
        user: from,
        command: 'pay',
        options: [opt.user('user', to), opt.int('amount', amount)],
      });
    });
    const redelivered = jobs.filter((_, i) => i % 5 === 0);
    expect(redelivered).toHaveLength(200);

    const started = performance.now();
    const runs = [...jobs, ...redelivered].map((job) => h.run(job).then((reply) => ({ id: job.id, reply })));
    const results = await Promise.all(runs);
    const elapsedMs = performance.now() - started;

    // Every interaction answered, and a duplicate answered exactly as the original.
    const byId = new Map<string, CommandReply[]>();
    for (const r of results) byId.set(r.id, [...(byId.get(r.id) ?? []), r.reply]);
    expect(byId.size).toBe(1_000);
    for (const job of redelivered) {
      const replies = byId.get(job.id)!;
      expect(replies).toHaveLength(2);
      expect(replies[0]).toEqual(replies[1]);
    }
    const applied = [...byId.values()].filter((r) => r[0]!.ephemeral === false).length;
    expect(applied).toBeGreaterThan(300);
    expect(applied).toBeLessThan(1_000);

    const [counts] = await h.db.sql<{ outs: bigint; keys: bigint }[]>`
      select count(*) as outs, count(distinct idempotency_key) as keys
      from ledger_entries where guild_id = ${h.jobs.guildId} and kind = 'transfer_out'`;
    expect(Number(counts!.outs)).toBe(applied);
    expect(Number(counts!.keys)).toBe(applied);
    const report = await verifyLedger(h.db, { guildId: h.jobs.guildId });
    expect(report.breaches).toEqual([]);
    expect(report.moneySupply).toBe(1_000n * 50n);
    expect(
      await h.metric('droas_economy_commands_total', { command: 'pay', result: 'replayed' }),
    ).toBeGreaterThan(0);
    console.info(`1,200 /pay (1,000 distinct) in ${elapsedMs.toFixed(0)} ms; ${applied} applied`);
  });

  it('lets 1,000 members pay one member at once: no deadlock, no lost update, all answered', async () => {
    const target = h.jobs.member(10_000);
    const payers = Array.from({ length: 1_000 }, (_, i) => h.jobs.member(20_000 + i));
    const amounts = payers.map((_, i) => 1 + (i % 100));
    const started = performance.now();
    const replies = await Promise.all(
      payers.map((payer, i) =>
        h.run(
          h.jobs.job({
            user: payer,
            command: 'pay',
            options: [opt.user('user', target), opt.int('amount', amounts[i]!)],
          }),
        ),
      ),
    );
    const elapsedMs = performance.now() - started;
    expect(replies.every((r) => r.ephemeral === false && r.content.startsWith('💸'))).toBe(true);
    const [row] = await h.db.sql<{ balance: bigint }[]>`
      select balance from accounts where guild_id = ${h.jobs.guildId} and user_id = ${target}`;
    expect(row!.balance).toBe(1_000n + BigInt(amounts.reduce((a, b) => a + b, 0)));
    // The cache agrees with Postgres after all those concurrent write-throughs.
    const balance = await h.run(h.jobs.job({ user: target, command: 'balance' }));
    expect(balance.content).toContain(`**🪙 ${new Intl.NumberFormat('en-US').format(row!.balance)} coins**`);
    await h.expectLedgerClean();
    console.info(`1,000 /pay to one member in ${elapsedMs.toFixed(0)} ms`);
  });
});
