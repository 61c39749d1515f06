import { createTestDatabase, metricSum, type TestDatabase } from '@droas/testkit';
import { Metrics } from '@droas/runtime';
import {
  Database,
  listMembersWithNotices,
  readEconomySettings,
  readGreeting,
  readLeaderboard,
  verifyLedger,
} from '../src/index';

// Reads and greeting writes used to go straight to the raw pool: the query-time and error metrics never saw
// them, so a slow leaderboard or a failing greeting write showed nowhere by operation.
describe('pool metrics (real Postgres)', () => {
  let testDb: TestDatabase;
  let db: Database;
  const metrics = new Metrics({ collectDefaults: false });

  beforeAll(async () => {
    testDb = await createTestDatabase();
    db = new Database({ url: testDb.url, maxConnections: 2, metrics });
  });
  afterAll(async () => {
    await db.close();
    await testDb.drop();
  });

  it('measures the repositories’ reads and writes, each under its own op', async () => {
    const guild = '800000000000000077';
    await readEconomySettings(db, guild);
    await readLeaderboard(db, guild, { offset: 0, limit: 10 });
    await readGreeting(db, { guildId: guild, userId: '1', kind: 'welcome', eventAt: new Date(0) });
    await listMembersWithNotices(db, 10);
    await verifyLedger(db, { guildId: guild });
    const text = await metrics.expose();
    for (const op of [
      'readEconomySettings',
      'readLeaderboard',
      'readGreeting',
      'listMembersWithNotices',
      'verifyLedger',
    ]) {
      expect([op, metricSum(text, 'droas_db_transaction_seconds_count', { op, outcome: 'commit' })]).toEqual([
        op,
        1,
      ]);
    }
  });

  it('answers a probe on a connection outside the pool, unmeasured', async () => {
    const before = metricSum(await metrics.expose(), 'droas_db_transaction_seconds_count');
    await db.probe();
    expect(metricSum(await metrics.expose(), 'droas_db_transaction_seconds_count')).toBe(before);
    const [row] = await db.sql<{ n: number }[]>`
      select count(*)::int as n from pg_stat_activity where application_name = 'droas-probe'`;
    expect(row!.n).toBe(1);
  });
});
