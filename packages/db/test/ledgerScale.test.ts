import { createTestDatabase, type TestDatabase } from '@droas/testkit';
import { runLedgerBench, type LedgerBenchReport } from '../bench/runLedgerBench';
import { generatedGuildId, generatedUserId } from '../bench/generateLedger';
import { Database, verifyLedger } from '../src/index';

// 20 guilds × (200 openings + 2 × 4,900 transfer entries): the 50-million-entry benchmark's shape, 250 times
// smaller, so CI proves the same things in seconds.
const SHAPE = { guilds: 20, accountsPerGuild: 200, transfersPerGuild: 4_900 };

describe('the ledger at scale: generated, proven, read through indexes (real Postgres)', () => {
  let testDb: TestDatabase;
  let db: Database;
  let report: LedgerBenchReport;

  beforeAll(async () => {
    testDb = await createTestDatabase();
    db = new Database({ url: testDb.url, maxConnections: 4 });
    report = await runLedgerBench(db, SHAPE, { concurrency: 2, samples: 5 });
  });
  afterAll(async () => {
    await db.close();
    await testDb.drop();
  });

  it('generates a ledger that satisfies every invariant, and the partitioned proof covers all of it', () => {
    expect(report.entries).toBe(200_000);
    expect(report.verify).toEqual({
      guildsChecked: 20,
      accountsChecked: 4_000,
      entriesChecked: 200_000,
      moneySupply: 4_000n * 1_000_000n,
      breaches: [],
    });
  });

  it('serves a member’s history from one partition’s account index: no other partition, no scan, no sort', async () => {
    for (const plan of [report.plans.historyFirstPage, report.plans.historyLaterPage]) {
      expect(plan.nodeTypes).toEqual(['Limit', 'Index Scan']);
      expect(plan.relationsRead).toHaveLength(1);
      const [partition] = plan.relationsRead;
      expect(plan.indexesUsed).toEqual([`${partition}_guild_id_user_id_id_idx`]);
    }
    // And that partition is the one holding the member's guild.
    const holding = await db.sql<{ partition: string }[]>`
      select distinct tableoid::regclass::text as partition from ledger_entries
      where guild_id = ${report.explained.guildId}`;
    expect(holding.map((r) => r.partition)).toEqual(report.plans.historyFirstPage.relationsRead);
  });

  it('serves the leaderboard by walking its index from the top', () => {
    const plan = report.plans.leaderboardFirstPage;
    expect(plan.nodeTypes).toEqual(['Limit', 'Index Only Scan']);
    expect(plan.indexesUsed).toEqual(['accounts_leaderboard_idx']);
  });

  it('finds a balance moved behind the ledger’s back, and an account without entries, in a whole-ledger proof', async () => {
    const guild = generatedGuildId(3);
    const user = generatedUserId(SHAPE, 3, 17);
    const stranger = '999999999999999999';
    await db.sql`update accounts set balance = balance + 5 where guild_id = ${guild} and user_id = ${user}`;
    await db.sql`insert into accounts (guild_id, user_id, balance) values (${generatedGuildId(11)}, ${stranger}, 9)`;
    try {
      const found = await verifyLedger(db, { concurrency: 3 });
      expect(found.breaches).toEqual(
        [
          {
            guildId: guild,
            userId: user,
            problem: 'balance_differs_from_ledger',
            balance: expect.any(BigInt) as bigint,
            ledgerSum: expect.any(BigInt) as bigint,
          },
          {
            guildId: generatedGuildId(11),
            userId: stranger,
            problem: 'balance_differs_from_ledger',
            balance: 9n,
          },
        ].sort((a, b) => (BigInt(a.guildId) < BigInt(b.guildId) ? -1 : 1)),
      );
      const moved = found.breaches.find((b) => b.userId === user);
      expect((moved?.balance ?? 0n) - (moved?.ledgerSum ?? 0n)).toBe(5n);
      expect(found.accountsChecked).toBe(4_001);
    } finally {
      await db.sql`update accounts set balance = balance - 5 where guild_id = ${guild} and user_id = ${user}`;
      await db.sql`delete from accounts where user_id = ${stranger}`;
    }
  });

  it('reports its progress partition by partition', async () => {
    const seen: string[] = [];
    const all = await verifyLedger(db, { concurrency: 2, onProgress: (p) => seen.push(p.partition) });
    expect(all.breaches).toEqual([]);
    expect(seen.sort()).toEqual(
      Array.from({ length: 16 }, (_, i) => `ledger_entries_p${String(i).padStart(2, '0')}`),
    );
  });
});
