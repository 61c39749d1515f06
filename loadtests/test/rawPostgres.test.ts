import { Database, readMoneySupply, verifyLedger } from '@droas/db';
import { createTestDatabase, type TestDatabase } from '@droas/testkit';
import { runRawPostgres, seedEconomy, type LoadGuild } from '../src/index.js';

// Snowflake-shaped ids: accounts are keyed by bigint guild and user ids.
const guilds: LoadGuild[] = [1, 2, 3].map((g) => ({
  guildId: `${9_000_000_000_000_000 + g}`,
  memberIds: Array.from({ length: 20 * g }, (_, m) => `${8_000_000_000_000_000 + g * 1_000 + m}`),
}));
const STARTING_BALANCE = 1_000n;

describe('runRawPostgres', () => {
  let testDb: TestDatabase;
  let db: Database;

  beforeAll(async () => {
    testDb = await createTestDatabase();
    db = new Database({ url: testDb.url, maxConnections: 2 });
    await seedEconomy(testDb.url, guilds, STARTING_BALANCE);
  });

  afterAll(async () => {
    await db.close();
    await testDb.drop();
  });

  it('opens every member’s account at the starting balance, once however often it is seeded', async () => {
    await seedEconomy(testDb.url, guilds, STARTING_BALANCE);
    const [row] = await db.sql<{ n: bigint; supply: bigint }[]>`
      select count(*) as n, sum(balance)::bigint as supply from accounts`;
    const members = guilds.reduce((n, g) => n + g.memberIds.length, 0);
    expect(Number(row!.n)).toBe(members);
    expect(row!.supply).toBe(STARTING_BALANCE * BigInt(members));
  });

  it('drives the command mix at Postgres and measures each command, moving no money but /daily’s', async () => {
    const guildIds = guilds.map((g) => g.guildId);
    const before = await readMoneySupply(db, guildIds);

    const result = await runRawPostgres({
      databaseUrl: testDb.url,
      guilds,
      mix: [
        { command: 'balance', weight: 60 },
        { command: 'pay', weight: 25 },
        { command: 'daily', weight: 10 },
        { command: 'leaderboard', weight: 5 },
      ],
      concurrency: 4,
      durationMs: 2_000,
      seed: 42,
    });
    console.info(
      `raw Postgres, concurrency 4, 2 s: ${result.operations} operations, ` +
        `${result.throughputPerSec.toFixed(0)}/s, p50 ${result.latencyMs.p50.toFixed(2)} ms, ` +
        `p95 ${result.latencyMs.p95.toFixed(2)} ms, p99 ${result.latencyMs.p99.toFixed(2)} ms, ` +
        `${result.cpuMsPerOperation.toFixed(3)} CPU ms/op (this process); ` +
        Object.entries(result.byCommand)
          .map(([c, s]) => `${c} ${s.operations} (p95 ${s.latencyMs.p95.toFixed(2)} ms)`)
          .join(', '),
    );

    expect(result.errors).toBe(0);
    expect(result.operations).toBeGreaterThan(0);
    expect(result.throughputPerSec).toBeGreaterThan(0);
    expect(result.latencyMs.count).toBe(result.operations);
    expect(result.cpuMsPerOperation).toBeGreaterThan(0);
    expect(Object.keys(result.byCommand).sort()).toEqual(['balance', 'daily', 'leaderboard', 'pay']);
    for (const stats of Object.values(result.byCommand)) {
      expect(stats.operations).toBeGreaterThan(0);
      expect(stats.latencyMs.count).toBe(stats.operations);
      expect(stats.latencyMs.p95).toBeGreaterThan(0);
    }
    const counted = Object.values(result.byCommand).reduce((n, s) => n + s.operations, 0);
    expect(counted).toBe(result.operations);

    // The SQL really ran: transfers moved money, claims paid out.
    const [kinds] = await db.sql<{ transfers: bigint; dailies: bigint; daily_paid: bigint | null }[]>`
      select count(*) filter (where kind = 'transfer_out') as transfers,
             count(*) filter (where kind = 'daily') as dailies,
             sum(delta) filter (where kind = 'daily')::bigint as daily_paid
      from ledger_entries`;
    expect(Number(kinds!.transfers)).toBeGreaterThan(0);
    expect(Number(kinds!.dailies)).toBeGreaterThan(0);

    // Payments only move money: the supply grew by exactly what /daily paid, and every balance is its ledger.
    const after = await readMoneySupply(db, guildIds);
    const sum = (m: Map<string, bigint>) => [...m.values()].reduce((a, b) => a + b, 0n);
    expect(sum(after) - sum(before)).toBe(kinds!.daily_paid ?? 0n);
    const report = await verifyLedger(db);
    expect(report.breaches).toEqual([]);
  });

  it('refuses options it cannot run', async () => {
    const base = { databaseUrl: testDb.url, guilds, mix: [{ command: 'balance' as const, weight: 1 }] };
    await expect(runRawPostgres({ ...base, concurrency: 0, durationMs: 100 })).rejects.toThrow(RangeError);
    await expect(runRawPostgres({ ...base, concurrency: 1, durationMs: 0 })).rejects.toThrow(RangeError);
    await expect(
      runRawPostgres({
        ...base,
        guilds: [{ guildId: guilds[0]!.guildId, memberIds: ['1'] }],
        concurrency: 1,
        durationMs: 100,
      }),
    ).rejects.toThrow(RangeError);
  });
});
